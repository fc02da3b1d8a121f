/**
 * The unit table of SPEC §2 and the parser for compound units (`mV/ms`, `mV/ms/nA`, `nA*Mohm`).
 *
 * Every unit is an exact power of ten times an SI unit, so a unit is stored as its dimension and
 * a decimal exponent. Conversion to SI happens exactly once: a literal's digits and the unit's
 * exponent are combined into one decimal string and parsed (`20 ms` → `Number("20e-3")` = 0.02),
 * which is the float64 nearest to the written value (see {@link decimalToSI}). Where no literal
 * text is at hand (CSV columns already parsed) the value is multiplied by `factor` once.
 */
import {
  Capacitance,
  Conductance,
  Current,
  type Dimension,
  Dimensionless,
  Frequency,
  Resistance,
  Time,
  Voltage,
  dimEquals,
  divDim,
  formatDimensionFormula,
  mulDim,
  formatUnitText,
} from "./dimension.js";
import { suggest } from "../util/index.js";

/** One entry of the unit table. */
export interface UnitDef {
  /** As written (case-sensitive: `ms` is a millisecond, `mS` a millisiemens). */
  readonly name: string;
  readonly dim: Dimension;
  /** The unit is `10^exponent10` times the SI unit of `dim`. */
  readonly exponent10: number;
  /** `10^exponent10` as the nearest float64. */
  readonly factor: number;
}

function unit(name: string, d: Dimension, exponent10: number): UnitDef {
  return { name, dim: d, exponent10, factor: Number(`1e${exponent10}`) };
}

/** SPEC §2, in the order the spec lists them (which is also the order of completions). */
export const unitTable: readonly UnitDef[] = [
  unit("s", Time, 0),
  unit("ms", Time, -3),
  unit("us", Time, -6),
  unit("Hz", Frequency, 0),
  unit("kHz", Frequency, 3),
  unit("V", Voltage, 0),
  unit("mV", Voltage, -3),
  unit("uV", Voltage, -6),
  unit("A", Current, 0),
  unit("mA", Current, -3),
  unit("uA", Current, -6),
  unit("nA", Current, -9),
  unit("pA", Current, -12),
  unit("ohm", Resistance, 0),
  unit("kohm", Resistance, 3),
  unit("Mohm", Resistance, 6),
  unit("Gohm", Resistance, 9),
  unit("S", Conductance, 0),
  unit("mS", Conductance, -3),
  unit("uS", Conductance, -6),
  unit("nS", Conductance, -9),
  unit("pS", Conductance, -12),
  unit("F", Capacitance, 0),
  unit("uF", Capacitance, -6),
  unit("nF", Capacitance, -9),
  unit("pF", Capacitance, -12),
];

const byName: ReadonlyMap<string, UnitDef> = new Map(unitTable.map((u) => [u.name, u]));

/** The table entry for a unit name, case-sensitive. */
export function lookupUnit(name: string): UnitDef | undefined {
  return byName.get(name);
}

/** Unit names are reserved: a constant, population or member may not be called `ms` (SPEC §1). */
export function isUnitName(name: string): boolean {
  return byName.has(name);
}

/** Every unit name, in table order (for completion and did-you-mean). */
export const unitNames: readonly string[] = unitTable.map((u) => u.name);

/** Spellings people write for a unit that the language spells differently (never accepted). */
const unitAliases: ReadonlyMap<string, string> = new Map([
  ["sec", "s"],
  ["secs", "s"],
  ["second", "s"],
  ["seconds", "s"],
  ["msec", "ms"],
  ["msecs", "ms"],
  ["millisecond", "ms"],
  ["milliseconds", "ms"],
  ["usec", "us"],
  ["microsecond", "us"],
  ["microseconds", "us"],
  ["hertz", "Hz"],
  ["volt", "V"],
  ["volts", "V"],
  ["millivolt", "mV"],
  ["millivolts", "mV"],
  ["amp", "A"],
  ["amps", "A"],
  ["ampere", "A"],
  ["amperes", "A"],
  ["siemens", "S"],
  ["farad", "F"],
  ["farads", "F"],
  ["Ohm", "ohm"],
  ["Ohms", "ohm"],
  ["MOhm", "Mohm"],
  ["GOhm", "Gohm"],
  ["kOhm", "kohm"],
]);

const siPrefixes = new Set(["f", "p", "n", "u", "m", "k", "M", "G", "T"]);

/**
 * The dimension an unknown name reads as when it is an SI prefix on a unit symbol of the table
 * (`ns` is a time, `mF` a capacitance), else undefined.
 */
export function prefixedUnitDimension(name: string): Dimension | undefined {
  for (const base of ["ohm", "Hz", "s", "V", "A", "S", "F"]) {
    if (name.length === base.length + 1 && name.endsWith(base) && siPrefixes.has(name[0]!))
      return byName.get(base)?.dim;
  }
  return undefined;
}

/**
 * The unit a user probably meant by an unknown name: a known long form (`msec` → `ms`,
 * `volts` → `V`), else the nearest name by edit distance (`mv` → `mV`), else undefined. A name
 * that reads as a prefixed unit the table lacks (`ns`, `MHz`, `kV`) gets only a unit of its own
 * dimension that differs in case (`mohm` → `Mohm`): the nearest name would change the dimension
 * (`ns` → `nS`, a time into a conductance) or the scale (`MHz` → `Hz`) behind a quick fix.
 */
export function suggestUnit(name: string, expected?: Dimension): string | undefined {
  const alias = unitAliases.get(name);
  if (alias !== undefined) return alias;
  // `tau_m = 20 MS`: where the dimension is known, a unit of it that differs only by case wins
  // (`ms`, not the conductance `mS`)
  const lower = name.toLowerCase();
  const fits =
    expected === undefined
      ? undefined
      : unitTable.find((u) => u.name.toLowerCase() === lower && dimEquals(u.dim, expected));
  if (fits !== undefined) return fits.name;
  const reads = prefixedUnitDimension(name);
  if (reads === undefined) return suggest(name, unitNames);
  return unitTable.find((u) => u.name.toLowerCase() === lower && dimEquals(u.dim, reads))?.name;
}

/** Units whose dimension is `d`, in table order. */
export function unitsOfDimension(d: Dimension): readonly UnitDef[] {
  return unitTable.filter((u) => dimEquals(u.dim, d));
}

/** A parsed compound unit: the SI factor (`10^exponent10`) and its dimension. */
export interface ParsedUnit {
  readonly ok: true;
  readonly factor: number;
  readonly exponent10: number;
  readonly dim: Dimension;
}

/** A compound unit with a name that is not in the table, or malformed text. */
export interface UnitParseError {
  readonly ok: false;
  /** The offending name as written ("" when the text is malformed, e.g. `mV//ms`). */
  readonly unknown: string;
  /** Offset of `unknown` in the text. */
  readonly offset: number;
}

/** One factor of a compound unit, as the parser's `UnitExpr.factors` holds them. */
export interface UnitFactor {
  readonly name: string;
  readonly power: 1 | -1;
}

/**
 * Combines unit factors left to right (`mV/ms/nA` = mV · ms⁻¹ · nA⁻¹). Returns the index of the
 * first unknown name instead when there is one.
 */
export function combineUnitFactors(
  factors: readonly UnitFactor[],
): ParsedUnit | { readonly ok: false; readonly index: number } {
  let d = Dimensionless;
  let exponent10 = 0;
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!;
    const u = byName.get(f.name);
    if (u === undefined) return { ok: false, index: i };
    d = f.power === 1 ? mulDim(d, u.dim) : divDim(d, u.dim);
    exponent10 += f.power * u.exponent10;
  }
  return { ok: true, dim: d, exponent10, factor: Number(`1e${exponent10}`) };
}

/**
 * Parses a compound unit as written (`mV/ms`, `nA*Mohm`, `mV/ms/nA`; no spaces, `*` and `/`
 * left-associative). Used for CSV column suffixes (`weight_nA`) and tests; the evaluator reads
 * the parser's `UnitExpr.factors` so that it can point at the unknown name.
 */
export function parseUnit(text: string): ParsedUnit | UnitParseError {
  const factors: (UnitFactor & { offset: number })[] = [];
  const re = /([*/]?)([^*/]*)/y;
  let pos = 0;
  let first = true;
  while (pos < text.length || first) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) break;
    const op = m[1] ?? "";
    const name = m[2] ?? "";
    if ((first && op !== "") || (!first && op === "") || name === "") {
      return { ok: false, unknown: name, offset: pos + op.length };
    }
    factors.push({ name, power: op === "/" ? -1 : 1, offset: pos + op.length });
    pos += m[0].length;
    first = false;
  }
  const result = combineUnitFactors(factors);
  if (result.ok) return result;
  const bad = factors[result.index]!;
  return { ok: false, unknown: bad.name, offset: bad.offset };
}

const numberText = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;

/**
 * Converts a decimal literal written with a unit of `10^exponent10` to SI with a single rounding:
 * `decimalToSI("0.1", -3)` parses `"0.1e-3"` and gives exactly the float64 nearest to 1e-4 (where
 * `0.1 * 1e-3` would round twice). Returns undefined when `text` is not a plain decimal literal.
 */
export function decimalToSI(text: string, exponent10: number): number | undefined {
  const m = numberText.exec(text);
  if (m === null) return undefined;
  const exp = Number(m[3] ?? "0") + exponent10;
  return Number(`${m[1] ?? ""}${m[2] ?? ""}e${exp}`);
}

/** Converts a value in the given unit to SI: the decimal path when text is known, else one multiply. */
export function toSI(
  value: number,
  unitDef: { exponent10: number; factor: number },
  text?: string,
): number {
  if (text !== undefined) {
    const exact = decimalToSI(text, unitDef.exponent10);
    if (exact !== undefined) return exact;
  }
  return value * unitDef.factor;
}

const siSymbols: readonly (readonly [Dimension, string])[] = [
  [Time, "s"],
  [Frequency, "Hz"],
  [Voltage, "V"],
  [Current, "A"],
  [Resistance, "ohm"],
  [Conductance, "S"],
  [Capacitance, "F"],
];

/**
 * The SI unit of a dimension, spelled so that {@link parseUnit} reads it back (`s`, `V`, `ohm`,
 * `V/s`, `V/s/A`, `V*V`): used as `data.expected` on unit-mismatch diagnostics and in exports.
 * Dimensionless gives `""`. A dimension that snnc's units cannot build falls back to base units
 * (`kg*m/s`), which is not parseable (it never arises from the language).
 */
export function siUnitFor(d: Dimension): string {
  for (const [candidate, symbol] of siSymbols) if (dimEquals(candidate, d)) return symbol;
  return formatUnitText(d, { V: "V", A: "A", s: "s", hz: "Hz" }) ?? formatDimensionFormula(d);
}
