/**
 * Physical dimensions as integer exponents of the SI base units that snnc's quantities need
 * (metre, kilogram, second, ampere). Every unit of SPEC §2 is a power-of-ten multiple of a product
 * of these, so two quantities are compatible exactly when their exponents are equal.
 *
 * Invariant: every dimension built from the unit table by `mulDim`, `divDim`, integer `powDim`
 * and `sqrtDim` keeps `m === 2 * kg` (volts, ohms, siemens and farads all carry m² kg), which is
 * what lets {@link formatDimension} spell any of them with V, A and s only.
 */

/** Exponents of m, kg, s and A. Plain data: compare with {@link dimEquals}, never with `===`. */
export interface Dimension {
  readonly m: number;
  readonly kg: number;
  readonly s: number;
  readonly A: number;
}

/** Builds a dimension from exponents; missing ones are 0. */
export function dim(parts: Partial<Dimension>): Dimension {
  return { m: parts.m ?? 0, kg: parts.kg ?? 0, s: parts.s ?? 0, A: parts.A ?? 0 };
}

/** A plain number: all exponents 0. */
export const Dimensionless: Dimension = dim({});
/** s */
export const Time: Dimension = dim({ s: 1 });
/** Hz = s⁻¹ */
export const Frequency: Dimension = dim({ s: -1 });
/** V = kg m² s⁻³ A⁻¹ */
export const Voltage: Dimension = dim({ m: 2, kg: 1, s: -3, A: -1 });
/** A */
export const Current: Dimension = dim({ A: 1 });
/** ohm = V / A */
export const Resistance: Dimension = dim({ m: 2, kg: 1, s: -3, A: -2 });
/** S = A / V */
export const Conductance: Dimension = dim({ m: -2, kg: -1, s: 3, A: 2 });
/** F = A s / V */
export const Capacitance: Dimension = dim({ m: -2, kg: -1, s: 4, A: 2 });
/** V / s per A: the dimension of izhikevich's `k_in` (`mV/ms/nA`). */
export const VoltagePerTimePerCurrent: Dimension = dim({ m: 2, kg: 1, s: -4, A: -2 });

/** Normalises -0 to 0 so that results stay comparable and print cleanly. */
function clean(x: number): number {
  return x === 0 ? 0 : x;
}

/** The dimension of a product: exponents add. */
export function mulDim(a: Dimension, b: Dimension): Dimension {
  return { m: clean(a.m + b.m), kg: clean(a.kg + b.kg), s: clean(a.s + b.s), A: clean(a.A + b.A) };
}

/** The dimension of a quotient: exponents subtract. */
export function divDim(a: Dimension, b: Dimension): Dimension {
  return { m: clean(a.m - b.m), kg: clean(a.kg - b.kg), s: clean(a.s - b.s), A: clean(a.A - b.A) };
}

/** Raises a dimension to an integer power (callers check that `n` is an integer). */
export function powDim(a: Dimension, n: number): Dimension {
  return { m: clean(a.m * n), kg: clean(a.kg * n), s: clean(a.s * n), A: clean(a.A * n) };
}

/** True when every exponent is even, i.e. {@link sqrtDim} gives a dimension with integer exponents. */
export function hasSqrt(a: Dimension): boolean {
  return a.m % 2 === 0 && a.kg % 2 === 0 && a.s % 2 === 0 && a.A % 2 === 0;
}

/** Halves every exponent; only meaningful when {@link hasSqrt} holds. */
export function sqrtDim(a: Dimension): Dimension {
  return { m: clean(a.m / 2), kg: clean(a.kg / 2), s: clean(a.s / 2), A: clean(a.A / 2) };
}

/** Compatibility of two dimensions (equal exponents); the only correct comparison. */
export function dimEquals(a: Dimension, b: Dimension): boolean {
  return a.m === b.m && a.kg === b.kg && a.s === b.s && a.A === b.A;
}

/** True for plain numbers. */
export function isDimensionless(a: Dimension): boolean {
  return dimEquals(a, Dimensionless);
}

const namedDimensions: readonly (readonly [Dimension, string])[] = [
  [Dimensionless, "dimensionless"],
  [Time, "time"],
  [Frequency, "frequency"],
  [Voltage, "voltage"],
  [Current, "current"],
  [Resistance, "resistance"],
  [Conductance, "conductance"],
  [Capacitance, "capacitance"],
];

/** The plain-English name of a dimension (`"voltage"`), or undefined for a compound one. */
export function dimensionName(d: Dimension): string | undefined {
  for (const [candidate, name] of namedDimensions) if (dimEquals(candidate, d)) return name;
  return undefined;
}

/**
 * Exponents of V, A and s that spell `d` (V^v A^a s^t), or undefined when `d` breaks the
 * `m === 2 * kg` invariant (it cannot be built from snnc's units).
 * @internal
 */
export function voltAmpSecond(d: Dimension): { V: number; A: number; s: number } | undefined {
  if (d.m !== 2 * d.kg) return undefined;
  // V^p = m^2p kg^p s^-3p A^-p, so p = kg, and the rest is carried by A and s.
  const p = d.kg;
  return { V: clean(p), A: clean(d.A + p), s: clean(d.s + 3 * p) };
}

function factorList(parts: readonly (readonly [string, number])[], power: string): string {
  const out: string[] = [];
  for (const [name, e] of parts) {
    if (e === 0) continue;
    const n = Math.abs(e);
    out.push(n === 1 ? name : `${name}${power}${n}`);
  }
  return out.join("*");
}

/**
 * Spells a dimension as a product and quotient of the given unit symbols, in the order V, s, A
 * (e.g. `V/s`, `V^2`, `1/s^2`, `V/s/A`).
 * @internal
 */
export function formatDimensionFormula(
  d: Dimension,
  symbols: { V: string; A: string; s: string } = { V: "V", A: "A", s: "s" },
): string {
  const vas = voltAmpSecond(d);
  if (vas === undefined) {
    const base: readonly (readonly [string, number])[] = [
      ["kg", d.kg],
      ["m", d.m],
      ["s", d.s],
      ["A", d.A],
    ];
    return splitFormula(base);
  }
  return splitFormula([
    [symbols.V, vas.V],
    [symbols.s, vas.s],
    [symbols.A, vas.A],
  ]);
}

function splitFormula(parts: readonly (readonly [string, number])[]): string {
  const num = factorList(
    parts.filter(([, e]) => e > 0),
    "^",
  );
  const den = parts.filter(([, e]) => e < 0).map(([name, e]) => [name, -e] as const);
  const denText = den.map(([name, e]) => (e === 1 ? name : `${name}^${e}`));
  if (denText.length === 0) return num === "" ? "1" : num;
  return `${num === "" ? "1" : num}/${denText.join("/")}`;
}

/**
 * A readable name for messages and hovers: `time`, `voltage`, `current`, `resistance`,
 * `conductance`, `capacitance`, `frequency`, `dimensionless`, otherwise a unit formula such as
 * `V/s` or `V/s/A` (each `/` divides by the next symbol, as in the language's compound units).
 */
export function formatDimension(d: Dimension): string {
  return dimensionName(d) ?? formatDimensionFormula(d);
}

/**
 * Spells a dimension as unit text the language can read back (it has no `^`): each symbol
 * repeated |exponent| times, numerator first, in the order V, s, A (`V*V/s/A`). With no
 * numerator, 1/s is spelled with `hz` (Hz) and anything else starts from `s/s`. Dimensionless
 * gives `""`. Only for dimensions that keep the `m === 2 * kg` invariant (else undefined).
 * @internal
 */
export function formatUnitText(
  d: Dimension,
  symbols: { V: string; A: string; s: string; hz: string },
): string | undefined {
  const vas = voltAmpSecond(d);
  if (vas === undefined) return undefined;
  const num: string[] = [];
  const den: string[] = [];
  for (const [name, e] of [
    [symbols.V, vas.V],
    [symbols.s, vas.s],
    [symbols.A, vas.A],
  ] as const) {
    for (let i = 0; i < Math.abs(e); i++) (e > 0 ? num : den).push(name);
  }
  if (num.length === 0 && den.length === 0) return "";
  if (num.length === 0) {
    const seconds = den.filter((n) => n === symbols.s).length;
    const rest = den.filter((n) => n !== symbols.s);
    const head =
      seconds > 0 ? Array<string>(seconds).fill(symbols.hz) : [`${symbols.s}/${symbols.s}`];
    return [head.join("*"), ...rest].join("/");
  }
  return [num.join("*"), ...den].join("/");
}
