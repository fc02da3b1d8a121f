/**
 * Evaluate-and-check helpers for the checker: a value of a given dimension, a constant of a
 * given dimension, a whole dimensionless number (sizes, `k`, seeds, steps) and a list of values
 * (`times = [10 ms, 25 ms]`). Each reports at most one diagnostic per problem and returns
 * undefined (or an error quantity) after an error.
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { Expr } from "../../grammar/index.js";
import { type Dimension, Dimensionless, formatNumber } from "../units/index.js";
import { type EvalEnv, evaluateExpr } from "./evaluate.js";
import {
  type Bounds,
  type Quantity,
  errorQuantity,
  expectConstant,
  expectDimension,
  expectInBounds,
} from "./quantity.js";

/**
 * Evaluates `expr` and demands dimension `d`. A mismatch is reported and the result is an error
 * quantity, so callers can simply check `q.dim !== null`. The literal 0 becomes a value of `d`.
 */
export function evaluateAs(
  expr: Expr,
  d: Dimension,
  what: string,
  env: EvalEnv,
  sink: DiagnosticSink,
): Quantity {
  const q = evaluateExpr(expr, env, sink, what, d);
  if (!expectDimension(q, d, what, sink)) return errorQuantity(q.span);
  if (q.dim === null) return q;
  return q.isZeroLiteral ? { ...q, dim: d } : q;
}

/**
 * Evaluates a constant of dimension `d` within `bounds` (SI) and returns its SI value, or
 * undefined after reporting unit-mismatch, random-not-allowed or value-out-of-range.
 */
export function evaluateConstant(
  expr: Expr,
  d: Dimension,
  what: string,
  env: EvalEnv,
  sink: DiagnosticSink,
  bounds: Bounds = {},
): number | undefined {
  const q = evaluateAs(expr, d, what, env, sink);
  const value = expectConstant(q, what, sink);
  if (value === undefined) return undefined;
  return expectInBounds(value, bounds, d, what, q.span, sink) ? value : undefined;
}

/**
 * A whole, dimensionless, constant number: population sizes, `fixed_indegree(k)`, `seed`,
 * window steps. Reports unit-mismatch, random-not-allowed, not-an-integer or value-out-of-range
 * and returns undefined on error.
 */
export function evaluateDimensionlessInt(
  expr: Expr,
  what: string,
  env: EvalEnv,
  sink: DiagnosticSink,
  bounds: Bounds = {},
): number | undefined {
  const q = evaluateAs(expr, Dimensionless, what, env, sink);
  const value = expectConstant(q, what, sink);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value)) {
    sink.report({
      code: "not-an-integer",
      span: q.span,
      format: { what, found: formatNumber(value) },
    });
    return undefined;
  }
  if (!expectInBounds(value, bounds, Dimensionless, what, q.span, sink)) return undefined;
  // 1e20 is a whole number, only too large: past 2^53 float64 no longer counts one by one.
  if (Number.isSafeInteger(value)) return value;
  const limit = value > 0 ? { max: Number.MAX_SAFE_INTEGER } : { min: -Number.MAX_SAFE_INTEGER };
  expectInBounds(value, limit, Dimensionless, what, q.span, sink);
  return undefined;
}

/**
 * A list literal whose elements all have dimension `d` (`[10 ms, 25 ms]`, `[]`). Reports
 * not-a-number when `expr` is not a list; returns undefined if it or any element is an error
 * (every element is still checked, so all mistakes show at once).
 */
export function evaluateList(
  expr: Expr,
  d: Dimension,
  what: string,
  env: EvalEnv,
  sink: DiagnosticSink,
): Quantity[] | undefined {
  if (expr.kind === "Missing") return undefined;
  if (expr.kind !== "List") {
    sink.report({
      code: "expected-list",
      span: expr.span,
      format: { what, found: describeNonList(expr) },
    });
    return undefined;
  }
  const items = expr.elements.map((e, i) =>
    evaluateAs(e, d, `element ${i + 1} of ${what}`, env, sink),
  );
  return items.some((q) => q.dim === null) ? undefined : items;
}

function describeNonList(expr: Expr): string {
  switch (expr.kind) {
    case "String":
      return "a string";
    case "Tuple":
      return "a pair";
    default:
      return "a single value";
  }
}
