/**
 * Printing quantities for people: hovers, diagnostic messages and the PyNN/NIR exports.
 * A value is shown in the unit a neuroscientist would write (`20 ms`, `-70 mV`, `0.25 nA`,
 * `100 Mohm`, `29.25 Hz`), with at most 12 significant digits so that conversion noise
 * (`34.199999999999996`) never shows. Output depends only on the value: no locale, no state.
 */
import {
  Capacitance,
  Conductance,
  Current,
  type Dimension,
  Frequency,
  Resistance,
  Time,
  Voltage,
  dimEquals,
  formatDimensionFormula,
  formatUnitText,
  isDimensionless,
  voltAmpSecond,
} from "./dimension.js";
import { type UnitDef, lookupUnit, unitsOfDimension } from "./units.js";

/** The unit each named dimension is shown in first (the conventions of SPEC §9). */
const preferredUnit: readonly (readonly [Dimension, string])[] = [
  [Time, "ms"],
  [Frequency, "Hz"],
  [Voltage, "mV"],
  [Current, "nA"],
  [Resistance, "Mohm"],
  [Conductance, "nS"],
  [Capacitance, "pF"],
];

/**
 * The unit a value of dimension `d` is usually written in, as unit text the language reads
 * (`ms`, `mV`, `nA`, `mV/ms/nA`); `""` for dimensionless. Used to offer a missing unit.
 */
export function preferredUnitText(d: Dimension): string {
  for (const [candidate, name] of preferredUnit) if (dimEquals(candidate, d)) return name;
  return formatUnitText(d, { V: "mV", A: "nA", s: "ms", hz: "kHz" }) ?? "";
}

/**
 * Formats a number with at most `digits` significant digits and no exponent for ordinary
 * magnitudes: `20`, `0.25`, `-70`, `1.5e-15`. Negative zero prints as `0`. A whole number that
 * float64 holds exactly prints all its digits (`123456789012345`); a rounded one with more
 * integer digits than `digits` takes an exponent (`9.00719925474e+15`), so that no digit shown
 * is made up (plain notation would print 2^53 as `9007199254740000`).
 */
export function formatNumber(x: number, digits = 12): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  if (Number.isSafeInteger(x)) return String(x);
  const rounded = Number(x.toPrecision(digits));
  return Math.abs(rounded) >= 10 ** digits ? rounded.toExponential() : String(rounded);
}

/** The value of `valueSI` in `u`, divided once (division by an exact power of ten when `u` is coarse). */
function inUnit(valueSI: number, u: UnitDef): number {
  return u.exponent10 < 0 ? valueSI * Number(`1e${-u.exponent10}`) : valueSI / u.factor;
}

/**
 * Chooses the unit to show `valueSI` in: the preferred unit when the number there lies in
 * [0.1, 1000) (or the value is 0), otherwise the unit of the same dimension that puts it in
 * [1, 1000) (the largest such). A value no unit brings into that range is shown in the largest
 * unit that gives at least 1 (`5000 s`, `1000 uF`), or, when it is smaller than 1 in every
 * unit, in the smallest unit (`0.0001 us`): never in the preferred unit regardless, which
 * showed 1 mF as `1000000000 pF` and overflowed 1e308 s to `inf ms`.
 */
export function naturalUnit(valueSI: number, d: Dimension): UnitDef | undefined {
  let preferred: UnitDef | undefined;
  for (const [candidate, name] of preferredUnit) {
    if (dimEquals(candidate, d)) preferred = lookupUnit(name);
  }
  if (preferred === undefined) return undefined;
  const a = Math.abs(valueSI);
  if (a === 0 || !Number.isFinite(a)) return preferred;
  const p = Math.abs(inUnit(valueSI, preferred));
  if (p >= 0.1 && p < 1000) return preferred;
  const units = unitsOfDimension(d);
  let best: UnitDef | undefined;
  for (const u of units) {
    const n = Math.abs(inUnit(valueSI, u));
    if (n >= 1 && n < 1000 && (best === undefined || u.exponent10 > best.exponent10)) best = u;
  }
  if (best !== undefined) return best;
  let largestAtLeastOne: UnitDef | undefined;
  let smallest = preferred;
  for (const u of units) {
    if (u.exponent10 < smallest.exponent10) smallest = u;
    const n = Math.abs(inUnit(valueSI, u));
    if (n >= 1 && (largestAtLeastOne === undefined || u.exponent10 > largestAtLeastOne.exponent10))
      largestAtLeastOne = u;
  }
  return largestAtLeastOne ?? smallest;
}

/**
 * `valueSI` (SI base units) in a natural unit: `formatQuantity(0.02, Time)` is `20 ms`,
 * `formatQuantity(2.5e-10, Current)` is `0.25 nA`. Dimensionless values print bare. A compound
 * dimension is shown in mV, nA and ms (`1 mV/ms/nA` for izhikevich's `k_in`).
 */
export function formatQuantity(valueSI: number, d: Dimension): string {
  if (isDimensionless(d)) return formatNumber(valueSI);
  const u = naturalUnit(valueSI, d);
  if (u !== undefined) return `${formatNumber(inUnit(valueSI, u))} ${u.name}`;
  const vas = voltAmpSecond(d);
  if (vas === undefined) return `${formatNumber(valueSI)} ${formatDimensionFormula(d)}`;
  // mV^v nA^a ms^s = 10^(-3v - 9a - 3s) SI.
  const exponent10 = -3 * vas.V - 9 * vas.A - 3 * vas.s;
  const scaled = inUnit(valueSI, {
    name: "",
    dim: d,
    exponent10,
    factor: Number(`1e${exponent10}`),
  });
  const text = formatDimensionFormula(d, { V: "mV", A: "nA", s: "ms" });
  return `${formatNumber(scaled)} ${text}`;
}
