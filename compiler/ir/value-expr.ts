/**
 * Operations on the IR's {@link ValueExpr} trees (values that may be drawn per neuron or synapse):
 * constant folding, the mean (a projection's receptor sign, SPEC §3) and bounds (does a random
 * weight's range cross zero?).
 *
 * Arithmetic order, for determinism: a binary node computes `left op right` in float64 after
 * evaluating left then right; `min`/`max` fold left to right; `**` is `Math.pow`. Nothing here
 * depends on anything but the tree.
 */
import type { ValueExpr } from "./types.js";
import { assertNever } from "../../common/index.js";
import { exactDrawFunctionMean } from "./draw-mean.js";

type BinaryOp = "+" | "-" | "*" | "/" | "**";
type CallFn = "exp" | "log" | "sqrt" | "abs" | "min" | "max";

/** Applies a binary operator to two float64 values (the one definition every fold uses). */
export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "**":
      return Math.pow(a, b);
    default:
      return assertNever(op, "operator");
  }
}

/** Applies a built-in function to float64 arguments (`min`/`max` fold left to right). */
export function applyCall(fn: CallFn, args: readonly number[]): number {
  const x = args[0] ?? Number.NaN;
  switch (fn) {
    case "exp":
      return Math.exp(x);
    case "log":
      return Math.log(x);
    case "sqrt":
      return Math.sqrt(x);
    case "abs":
      return Math.abs(x);
    case "min":
      return args.slice(1).reduce((acc, v) => (v < acc ? v : acc), x);
    case "max":
      return args.slice(1).reduce((acc, v) => (v > acc ? v : acc), x);
    default:
      return assertNever(fn, "function");
  }
}

function isConst(e: ValueExpr): e is { kind: "const"; value: number } {
  return e.kind === "const";
}

/**
 * Folds every constant subtree into `{ kind: "const" }`; random draws stay (a `uniform` with
 * equal constant bounds is still a draw node: folding never changes what the RNG consumes).
 */
export function foldValueExpr(e: ValueExpr): ValueExpr {
  switch (e.kind) {
    case "const":
      return e;
    case "uniform":
      return { kind: "uniform", low: foldValueExpr(e.low), high: foldValueExpr(e.high) };
    case "normal":
      return { kind: "normal", mean: foldValueExpr(e.mean), sd: foldValueExpr(e.sd) };
    case "neg": {
      const operand = foldValueExpr(e.operand);
      return isConst(operand) ? { kind: "const", value: -operand.value } : { kind: "neg", operand };
    }
    case "binary": {
      const left = foldValueExpr(e.left);
      const right = foldValueExpr(e.right);
      if (isConst(left) && isConst(right)) {
        return { kind: "const", value: applyBinary(e.op, left.value, right.value) };
      }
      return { kind: "binary", op: e.op, left, right };
    }
    case "call": {
      const args = e.args.map(foldValueExpr);
      if (args.every(isConst))
        return {
          kind: "const",
          value: applyCall(
            e.fn,
            args.map((a) => a.value),
          ),
        };
      return { kind: "call", fn: e.fn, args };
    }
    default:
      return assertNever(e, "value expression");
  }
}

/** True when the value is a constant (no draw, nothing left to fold). */
export function isConstValue(e: ValueExpr): e is { kind: "const"; value: number } {
  return e.kind === "const";
}

/**
 * True when the tree contains a draw. Embedded by its text in the generated simulator, so it
 * names nothing else of this module (the switch is exhaustive: the type checker sees a new kind).
 */
export function isRandomValueExpr(e: ValueExpr): boolean {
  switch (e.kind) {
    case "const":
      return false;
    case "uniform":
    case "normal":
      return true;
    case "neg":
      return isRandomValueExpr(e.operand);
    case "binary":
      return isRandomValueExpr(e.left) || isRandomValueExpr(e.right);
    case "call":
      return e.args.some(isRandomValueExpr);
  }
}

/**
 * The mean of a value. Exact for sums, differences, negations, products (every draw node is an
 * independent draw), division by a constant, and `abs`, `exp`, the square and `max`/`min` with a
 * constant of one uniform or normal draw (draw-mean.ts); for other nonlinear functions of a draw
 * (`sqrt`, `log`, division by a draw, ...) it is the function at the means of its arguments, a
 * plug-in estimate. Used for the sign of a projection's weight when no receptor is written
 * (SPEC §3).
 */
export function valueExprMean(e: ValueExpr): number {
  switch (e.kind) {
    case "const":
      return e.value;
    case "uniform":
      return (valueExprMean(e.low) + valueExprMean(e.high)) / 2;
    case "normal":
      return valueExprMean(e.mean);
    case "neg":
      return -valueExprMean(e.operand);
    case "binary":
      return (
        exactDrawFunctionMean(e) ?? applyBinary(e.op, valueExprMean(e.left), valueExprMean(e.right))
      );
    case "call":
      return exactDrawFunctionMean(e) ?? applyCall(e.fn, e.args.map(valueExprMean));
    default:
      return assertNever(e, "value expression");
  }
}

/** Closed bounds of the values a tree can take; infinite when unbounded (a `normal` with sd > 0). */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

const unbounded: ValueRange = { min: -Infinity, max: Infinity };

function span(values: readonly number[]): ValueRange {
  const finite = values.filter((v) => !Number.isNaN(v));
  if (finite.length !== values.length) return unbounded;
  return { min: Math.min(...finite), max: Math.max(...finite) };
}

function mulRange(a: ValueRange, b: ValueRange): ValueRange {
  // 0 * ±inf is NaN: treat those products as 0 (a zero bound times anything is zero).
  const p = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);
  return span([p(a.min, b.min), p(a.min, b.max), p(a.max, b.min), p(a.max, b.max)]);
}

function divRange(a: ValueRange, b: ValueRange): ValueRange {
  // A divisor that only touches 0 at one end keeps its sign: 1 / [0, 1] is [1, +inf], not
  // unbounded (that made `1 ms / uniform(0, 1)` a delay of "-inf" and a weight that crosses 0).
  if (b.min === 0 && b.max > 0) return mulRange(a, { min: 1 / b.max, max: Infinity });
  if (b.max === 0 && b.min < 0) return mulRange(a, { min: -Infinity, max: 1 / b.min });
  if (b.min <= 0 && b.max >= 0) return unbounded;
  return mulRange(a, { min: 1 / b.max, max: 1 / b.min });
}

function powRange(base: ValueRange, exponent: ValueRange): ValueRange {
  if (exponent.min !== exponent.max) return unbounded;
  const n = exponent.min;
  const lo = Math.pow(base.min, n);
  const hi = Math.pow(base.max, n);
  if (base.min >= 0) return span([lo, hi]);
  if (Number.isInteger(n)) {
    if (n % 2 !== 0) {
      // odd powers are monotone, but a negative one jumps from -inf to +inf across 0:
      // uniform(-2, 3) ** -1 is unbounded, not [-0.5, 0.33]; on [-2, 0] it is [-inf, -0.5]
      if (n < 0 && base.max > 0) return unbounded;
      if (n < 0 && base.max === 0) return { min: -Infinity, max: lo };
      return span([lo, hi]);
    }
    if (base.max <= 0) return span([lo, hi]);
    return n >= 0 ? { min: n === 0 ? 1 : 0, max: Math.max(lo, hi) } : { min: 0, max: Infinity };
  }
  return unbounded; // a fractional power of a negative base has no real value
}

function callRange(fn: CallFn, args: readonly ValueRange[]): ValueRange {
  const a = args[0] ?? unbounded;
  switch (fn) {
    case "exp":
    case "sqrt":
      return span([
        applyCall(fn, [Math.max(a.min, fn === "sqrt" ? 0 : -Infinity)]),
        applyCall(fn, [a.max]),
      ]);
    case "log":
      return { min: a.min <= 0 ? -Infinity : Math.log(a.min), max: Math.log(a.max) };
    case "abs":
      if (a.min >= 0) return a;
      if (a.max <= 0) return { min: -a.max, max: -a.min };
      return { min: 0, max: Math.max(-a.min, a.max) };
    case "min":
      return { min: Math.min(...args.map((r) => r.min)), max: Math.min(...args.map((r) => r.max)) };
    case "max":
      return { min: Math.max(...args.map((r) => r.min)), max: Math.max(...args.map((r) => r.max)) };
    default:
      return assertNever(fn, "function");
  }
}

/**
 * Bounds of the values `e` can take (interval arithmetic; conservative for expressions that use
 * one draw twice, which the language cannot write). A `uniform` spans its bounds' extremes; a
 * `normal` with a positive sd is unbounded. A weight "crosses zero" when `min < 0 < max`; a range
 * that only touches 0 does not (SPEC §3).
 */
export function valueExprRange(e: ValueExpr): ValueRange {
  switch (e.kind) {
    case "const":
      return { min: e.value, max: e.value };
    case "uniform": {
      const low = valueExprRange(e.low);
      const high = valueExprRange(e.high);
      return { min: Math.min(low.min, high.min), max: Math.max(low.max, high.max) };
    }
    case "normal": {
      const sd = valueExprRange(e.sd);
      return sd.min === 0 && sd.max === 0 ? valueExprRange(e.mean) : unbounded;
    }
    case "neg": {
      const r = valueExprRange(e.operand);
      return { min: -r.max, max: -r.min };
    }
    case "binary": {
      const l = valueExprRange(e.left);
      const r = valueExprRange(e.right);
      switch (e.op) {
        case "+":
          return { min: l.min + r.min, max: l.max + r.max };
        case "-":
          return { min: l.min - r.max, max: l.max - r.min };
        case "*":
          return mulRange(l, r);
        case "/":
          return divRange(l, r);
        case "**":
          return powRange(l, r);
        default:
          return assertNever(e.op, "operator");
      }
    }
    case "call":
      return callRange(e.fn, e.args.map(valueExprRange));
    default:
      return assertNever(e, "value expression");
  }
}
