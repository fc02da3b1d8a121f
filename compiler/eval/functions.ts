/**
 * The built-in functions of expressions (SPEC §2): `uniform(low, high)` and `normal(mean, sd)`
 * draw per neuron or per synapse; `exp`, `log`, `sqrt`, `abs`, `min`, `max` compute. Each entry
 * states its parameters and how the result's dimension follows from the arguments'.
 */
import type { DiagnosticSink, RelatedInformation, Span } from "../../common/index.js";
import type { CallExpr, Expr } from "../../grammar/index.js";
import type { ValueExpr } from "../ir/index.js";
import {
  type Dimension,
  Dimensionless,
  dimEquals,
  formatQuantity,
  hasSqrt,
  isDimensionless,
  sqrtDim,
} from "../units/index.js";
import { didYouMeanHint, suggest } from "../util/index.js";
import { bindArguments, describeArity, type CallSpec } from "./arguments.js";
import { type Quantity, describeFound, errorQuantity } from "./quantity.js";
import { applyCall, isConstValue, valueExprRange } from "../ir/value-expr.js";

/** Names of the built-in functions, for completion and did-you-mean. */
export const functionNames = [
  "uniform",
  "normal",
  "exp",
  "log",
  "sqrt",
  "min",
  "max",
  "abs",
] as const;
/** A built-in function's name. */
export type FunctionName = (typeof functionNames)[number];

/** The arguments of `min` and `max`: two or more values in one unit. */
const extremaArgs: CallSpec["args"] = [
  { name: "a", doc: "A value." },
  { name: "b", doc: "Another value, in the same unit; more may follow." },
];

/** The built-in functions, with their arguments, for the checker and the editor. */
export const builtinFunctions: Readonly<Record<FunctionName, CallSpec>> = {
  uniform: {
    name: "uniform",
    signature: "uniform(low, high)",
    doc: "A value drawn uniformly from [low, high], once per neuron or synapse; both bounds have the same unit.",
    args: [
      { name: "low", doc: "The smallest value drawn." },
      { name: "high", doc: "The largest value drawn; at least low." },
    ],
  },
  normal: {
    name: "normal",
    signature: "normal(mean, sd)",
    doc: "A value drawn from a Gaussian, once per neuron or synapse; mean and sd have the same unit.",
    args: [
      { name: "mean", doc: "The mean." },
      { name: "sd", doc: "The standard deviation; not negative." },
    ],
  },
  exp: {
    name: "exp",
    signature: "exp(x)",
    doc: "e to the power x; x must be dimensionless.",
    args: [{ name: "x", doc: "A dimensionless number." }],
  },
  log: {
    name: "log",
    signature: "log(x)",
    doc: "The natural logarithm; x must be dimensionless and positive.",
    args: [{ name: "x", doc: "A dimensionless, positive number." }],
  },
  sqrt: {
    name: "sqrt",
    signature: "sqrt(x)",
    doc: "The square root; halves the exponents of x's dimension.",
    args: [
      { name: "x", doc: "A value, not negative; the exponents of its unit are halved (mV² → mV)." },
    ],
  },
  min: {
    name: "min",
    signature: "min(a, b, ...)",
    doc: "The smallest argument; all have the same unit.",
    args: extremaArgs,
    variadic: true,
  },
  max: {
    name: "max",
    signature: "max(a, b, ...)",
    doc: "The largest argument; all have the same unit.",
    args: extremaArgs,
    variadic: true,
  },
  abs: {
    name: "abs",
    signature: "abs(x)",
    doc: "The absolute value; keeps x's unit.",
    args: [{ name: "x", doc: "A value in any unit." }],
  },
};

/** Narrows a callee name to a built-in function. */
export function isFunctionName(name: string): name is FunctionName {
  return (functionNames as readonly string[]).includes(name);
}

/** Evaluates one argument expression; `what` names it for "Expected a number for ...". */
export type ArgEvaluator = (expr: Expr, what: string) => Quantity;

/**
 * The common dimension of `qs`, where a literal 0 takes the others' dimension. Reports
 * argument-dimensions (with a note at each operand) and returns null when they differ; null
 * silently when an argument is already an error.
 */
export function unifyDimensions(
  fn: string,
  qs: readonly Quantity[],
  span: Span,
  sink: DiagnosticSink,
): Dimension | null {
  if (qs.some((q) => q.dim === null)) return null;
  const typed = qs.filter((q) => !q.isZeroLiteral);
  const first = typed[0];
  if (first === undefined) return Dimensionless;
  const other = typed.find((q) => !dimEquals(q.dim!, first.dim!));
  if (other === undefined) return first.dim;
  const related: RelatedInformation[] = [
    { message: `this is ${describeFound(first)}`, span: first.span },
    { message: `this is ${describeFound(other)}`, span: other.span },
  ];
  sink.report({
    code: "argument-dimensions",
    span,
    format: { function: fn, left: describeFound(first), right: describeFound(other) },
    related,
  });
  return null;
}

function evaluateArgs(
  call: CallExpr,
  fn: FunctionName,
  evalArg: ArgEvaluator,
  sink: DiagnosticSink,
): Quantity[] | null {
  if (fn === "min" || fn === "max") {
    const named = call.args.find((a) => a.name !== undefined);
    if (named?.name !== undefined) {
      sink.report({
        code: "unknown-argument",
        span: named.name.span,
        format: { function: fn, name: named.name.name, hint: "" },
      });
      return null;
    }
    if (call.args.length < 2) {
      sink.report({
        code: "wrong-argument-count",
        span: call.span,
        format: { function: fn, expected: describeArity(2, Infinity), found: call.args.length },
      });
      return null;
    }
    return call.args.map((a, i) => evalArg(a.value, `argument ${i + 1} of '${fn}'`));
  }
  const params = builtinFunctions[fn].args;
  const bound = bindArguments(call, params, sink);
  if (bound === null) return null;
  return bound.map((a, i) => evalArg(a!.value, `'${params[i]!.name}' of '${fn}'`));
}

/** Checks the constant bounds of a draw; reports invalid-distribution. */
function checkDistribution(
  fn: "uniform" | "normal",
  args: readonly Quantity[],
  d: Dimension,
  span: Span,
  sink: DiagnosticSink,
): boolean {
  const [a, b] = [args[0]!.value, args[1]!.value];
  if (!isConstValue(a) || !isConstValue(b)) return true;
  if (fn === "uniform" && a.value > b.value) {
    const reason = `low (${formatQuantity(a.value, d)}) is greater than high (${formatQuantity(b.value, d)})`;
    sink.report({ code: "invalid-distribution", span, format: { function: fn, reason } });
    return false;
  }
  if (fn === "normal" && b.value < 0) {
    const reason = `sd (${formatQuantity(b.value, d)}) is negative`;
    // the sd alone is wrong: point at it (reversed uniform bounds are the pair's fault)
    const at = args[1]!.span;
    sink.report({ code: "invalid-distribution", span: at, format: { function: fn, reason } });
    return false;
  }
  return true;
}

/** Why a constant function value is not finite, for not-finite. */
function nonFiniteReason(fn: FunctionName, x: number): string {
  if (fn === "log") return x === 0 ? "the log of 0" : "the log of a negative number";
  if (fn === "sqrt") return "the square root of a negative number";
  return "the result overflows";
}

/** The dimension of `fn`'s result, or null after reporting why the arguments do not fit. */
function resultDimension(
  fn: FunctionName,
  call: CallExpr,
  args: readonly Quantity[],
  sink: DiagnosticSink,
): Dimension | null {
  switch (fn) {
    case "uniform":
    case "normal":
    case "min":
    case "max":
      return unifyDimensions(fn, args, call.span, sink);
    case "abs":
      return args[0]!.dim;
    case "exp":
    case "log": {
      const x = args[0]!;
      if (x.dim === null || x.isZeroLiteral || isDimensionless(x.dim))
        return x.dim === null ? null : Dimensionless;
      sink.report({
        code: "dimensionless-argument",
        span: x.span,
        format: { function: fn, found: describeFound(x) },
      });
      return null;
    }
    case "sqrt": {
      const x = args[0]!;
      if (x.dim === null) return null;
      if (x.isZeroLiteral) return Dimensionless;
      if (hasSqrt(x.dim)) return sqrtDim(x.dim);
      sink.report({
        code: "odd-dimension-sqrt",
        span: x.span,
        format: { found: describeFound(x) },
      });
      return null;
    }
    default:
      return fn satisfies never;
  }
}

/**
 * Evaluates a call to a built-in function. Unknown functions get unknown-function with a
 * did-you-mean over {@link functionNames}; argument errors are reported once each.
 */
export function evaluateCall(
  call: CallExpr,
  evalArg: ArgEvaluator,
  sink: DiagnosticSink,
): Quantity {
  const fn = call.callee.name;
  if (call.callee.missing === true) return errorQuantity(call.span);
  if (!isFunctionName(fn)) {
    const suggestion = suggest(fn, functionNames);
    sink.report({
      code: "unknown-function",
      span: call.callee.span,
      format: { name: fn, hint: didYouMeanHint(suggestion) },
      data: { candidates: functionNames, ...(suggestion === undefined ? {} : { suggestion }) },
    });
    return errorQuantity(call.span);
  }
  const args = evaluateArgs(call, fn, evalArg, sink);
  if (args === null) return errorQuantity(call.span);
  const d = resultDimension(fn, call, args, sink);
  if (d === null || args.some((a) => a.dim === null)) return errorQuantity(call.span);
  const isRandom = fn === "uniform" || fn === "normal" || args.some((a) => a.isRandom);
  // `min(0, 0)`, `uniform(0, 0)`: zeros that take each other's dimension take the expected one,
  // as a lone 0 does (units.md, the zero-literal rule)
  const adapts = fn === "uniform" || fn === "normal" || fn === "min" || fn === "max";
  const isZeroLiteral = adapts && args.every((a) => a.isZeroLiteral);
  const base = { dim: d, isRandom, isZeroLiteral, span: call.span } as const;
  if (fn === "uniform" || fn === "normal") {
    if (!checkDistribution(fn, args, d, call.span, sink)) return errorQuantity(call.span);
    const [a, b] = [args[0]!.value, args[1]!.value];
    const value: ValueExpr =
      fn === "uniform" ? { kind: "uniform", low: a, high: b } : { kind: "normal", mean: a, sd: b };
    return { ...base, value };
  }
  const values = args.map((a) => a.value);
  if (values.every(isConstValue)) {
    const numbers = values.map((v) => v.value);
    const result = applyCall(fn, numbers);
    if (!Number.isFinite(result)) {
      sink.report({
        code: "not-finite",
        span: call.span,
        format: { reason: nonFiniteReason(fn, numbers[0] ?? 0) },
      });
      return errorQuantity(call.span);
    }
    return { ...base, value: { kind: "const", value: result } };
  }
  if ((fn === "sqrt" || fn === "log") && canBeNegative(values[0]!)) {
    const what = fn === "sqrt" ? "the square root" : "the log";
    sink.report({
      code: "draw-without-value",
      span: args[0]!.span,
      format: { reason: `${what} of a value that can be below 0 (${boundHint})` },
    });
    return errorQuantity(call.span);
  }
  return { ...base, value: { kind: "call", fn, args: values } };
}

/** How to fix a draw-without-value. */
export const boundHint = "bound it first, e.g. with max(..., 0) or abs";

/**
 * True when some draws of `v` are below 0 (interval bounds, so a `normal` counts as unbounded):
 * their square root, log or fractional power is NaN, which the simulation would only meet as a
 * broken state in the middle of a run.
 */
export function canBeNegative(v: ValueExpr): boolean {
  const r = valueExprRange(v);
  return !(r.min >= 0);
}
