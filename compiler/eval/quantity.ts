/**
 * The result of evaluating an expression: a dimension plus a value tree in SI units, and the
 * helpers passes use to demand a dimension, a constant or a whole number of something.
 *
 * Error quantities have `dim === null`: the problem was already reported, and every helper here
 * stays silent on them, so one mistake gives one diagnostic (STYLE.md §3, "no cascades").
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { ValueExpr } from "../ir/index.js";
import type { NumberLit } from "../../grammar/index.js";
import {
  type Dimension,
  Dimensionless,
  dimEquals,
  formatDimension,
  formatQuantity,
  isDimensionless,
  preferredUnitText,
  siUnitFor,
  unitsOfDimension,
} from "../units/index.js";

/** A checked value: dimension, SI value tree and where it came from. */
export interface Quantity {
  /** null: an error was already reported for this value; never report on it again. */
  readonly dim: Dimension | null;
  /** SI value; constant subtrees are folded to `{ kind: "const" }`. */
  readonly value: ValueExpr;
  /** True when the value is drawn (contains `uniform` or `normal`). */
  readonly isRandom: boolean;
  /**
   * True for the bare literal `0` (no unit), which is accepted for any dimension, and for `+`,
   * `-`, `min`, `max`, `uniform` and `normal` of such zeros only (`uniform(0, 0)`).
   */
  readonly isZeroLiteral: boolean;
  readonly span: Span;
  /**
   * The number literal this value was written as (possibly negated, e.g. `-70`), so a
   * unit-mismatch can offer to add or fix its unit. Absent for anything else.
   */
  readonly literal?: NumberLit;
}

/** A quantity for a value whose error was already reported. */
export function errorQuantity(span: Span): Quantity {
  return {
    dim: null,
    value: { kind: "const", value: Number.NaN },
    isRandom: false,
    isZeroLiteral: false,
    span,
  };
}

/** A constant quantity (SI value) with no literal attached: for defaults and derived values. */
export function constQuantity(valueSI: number, d: Dimension, span: Span): Quantity {
  return {
    dim: d,
    value: { kind: "const", value: valueSI },
    isRandom: false,
    isZeroLiteral: false,
    span,
  };
}

/** The SI value of a constant quantity, or undefined for errors and random values. */
export function constValue(q: Quantity): number | undefined {
  if (q.dim === null || q.value.kind !== "const") return undefined;
  return q.value.value;
}

/** What a value is, for "found ..." in messages: `voltage`, `a number with no unit`. */
export function describeFound(q: Quantity): string {
  if (q.dim === null) return "an invalid value";
  if (q.literal !== undefined && q.literal.unit === undefined) return "a number with no unit";
  if (isDimensionless(q.dim)) return "a dimensionless value";
  return formatDimension(q.dim);
}

/** The `data` of a unit-mismatch diagnostic: what a quick fix needs. */
export interface UnitMismatchData {
  /** The SI unit expected (`s`, `V`, `V/s/A`; `""` for dimensionless). */
  readonly expected: string;
  /** The literal had no unit: insert ` <missingUnit>` at the end of the diagnostic's span. */
  readonly missingUnit?: string;
  /** The literal's unit differs from a unit of the right dimension by letter case only. */
  readonly suggestion?: string;
  /** Where the literal's wrong unit is written (replace it with `suggestion`). */
  readonly unitSpan?: Span;
}

function mismatchData(q: Quantity, expected: Dimension): UnitMismatchData {
  const base = { expected: siUnitFor(expected) };
  const lit = q.literal;
  if (lit === undefined || isDimensionless(expected)) return base;
  if (lit.unit === undefined) return { ...base, missingUnit: preferredUnitText(expected) };
  const written = lit.unit.text.toLowerCase();
  const sameLetters = unitsOfDimension(expected).find((u) => u.name.toLowerCase() === written);
  return sameLetters === undefined
    ? base
    : { ...base, suggestion: sameLetters.name, unitSpan: lit.unit.span };
}

/**
 * Demands that `q` has dimension `expected`; `what` names the value in the message (`'tau_m'`).
 * Silent (and true) for error quantities and for the literal `0`. On a mismatch it reports
 * unit-mismatch at the value's span, with {@link UnitMismatchData} for a quick fix, and returns
 * false.
 */
export function expectDimension(
  q: Quantity,
  expected: Dimension,
  what: string,
  sink: DiagnosticSink,
): boolean {
  if (q.dim === null || q.isZeroLiteral) return true;
  if (dimEquals(q.dim, expected)) return true;
  sink.report({
    code: "unit-mismatch",
    span: q.span,
    format: { expected: formatDimension(expected), what, found: describeFound(q) },
    data: mismatchData(q, expected),
  });
  return false;
}

/**
 * Demands a constant (non-random) value; reports random-not-allowed otherwise. Error quantities
 * give undefined silently.
 */
export function expectConstant(
  q: Quantity,
  what: string,
  sink: DiagnosticSink,
): number | undefined {
  if (q.dim === null) return undefined;
  if (q.isRandom) {
    sink.report({ code: "random-not-allowed", span: q.span, format: { what: capitalise(what) } });
    return undefined;
  }
  return constValue(q);
}

/** Numeric bounds of a parameter, in SI. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is excluded (e.g. a time constant must be > 0). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

/** True when `x` satisfies `b`. */
export function inBounds(x: number, b: Bounds): boolean {
  if (Number.isNaN(x)) return false;
  if (b.min !== undefined && (b.minExclusive === true ? x <= b.min : x < b.min)) return false;
  if (b.max !== undefined && (b.maxExclusive === true ? x >= b.max : x > b.max)) return false;
  return true;
}

/** `between 0 and 1`, `greater than 0 ms`, `at least 0`: the range part of value-out-of-range. */
export function describeBounds(b: Bounds, d: Dimension = Dimensionless): string {
  const show = (x: number): string => formatQuantity(x, d);
  if (
    b.min !== undefined &&
    b.max !== undefined &&
    b.minExclusive !== true &&
    b.maxExclusive !== true
  ) {
    return `between ${show(b.min)} and ${show(b.max)}`;
  }
  const parts: string[] = [];
  if (b.min !== undefined)
    parts.push(`${b.minExclusive === true ? "greater than" : "at least"} ${show(b.min)}`);
  if (b.max !== undefined)
    parts.push(`${b.maxExclusive === true ? "less than" : "at most"} ${show(b.max)}`);
  return parts.length === 0 ? "a number" : parts.join(" and ");
}

/**
 * Demands that a constant SI value lies within `bounds`; reports value-out-of-range at `span`
 * (showing values in natural units of `d`) and returns false otherwise.
 */
export function expectInBounds(
  valueSI: number,
  bounds: Bounds,
  d: Dimension,
  what: string,
  span: Span,
  sink: DiagnosticSink,
): boolean {
  if (inBounds(valueSI, bounds)) return true;
  sink.report({
    code: "value-out-of-range",
    span,
    format: {
      what: capitalise(what),
      range: describeBounds(bounds, d),
      found: formatQuantity(valueSI, d),
    },
  });
  return false;
}

/** Upper-cases the first letter unless the text starts with a quoted name (`'k'`). */
export function capitalise(text: string): string {
  if (text.startsWith("'")) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
