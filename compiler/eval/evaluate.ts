/**
 * Evaluation of expressions (SPEC §2) to {@link Quantity}s: dimensions are checked, numbers are
 * converted to SI once, constant subtrees are folded and random draws are kept as IR
 * {@link ValueExpr} trees.
 *
 * Names are the checker's business: it passes an {@link EvalEnv} whose `lookup` resolves a
 * reference (and has already reported it when it returns undefined). Evaluation never throws on
 * user input and reports each problem once: an operand that is already an error makes the whole
 * expression an error silently.
 *
 * Floating point: `20 ms` is the float64 nearest to 20e-3 (one decimal-to-binary conversion,
 * see units.ts `decimalToSI`); folding computes `left op right` after evaluating left then right.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { BinaryExpr, Expr, NumberLit, RefExpr, UnaryExpr } from "../../grammar/index.js";
import { assertNever } from "../../common/index.js";
import {
  type Dimension,
  Dimensionless,
  combineUnitFactors,
  dimEquals,
  divDim,
  formatDimension,
  isDimensionless,
  mulDim,
  powDim,
  prefixedUnitDimension,
  suggestUnit,
  toSI,
  unitsOfDimension,
  unitNames,
} from "../units/index.js";
import { didYouMeanHint, suggest } from "../util/index.js";
import { boundHint, canBeNegative, evaluateCall } from "./functions.js";
import { type Quantity, describeFound, errorQuantity } from "./quantity.js";
import { applyBinary } from "../ir/value-expr.js";
import { formatNumber } from "../units/index.js";

/** How the evaluator resolves names: the checker's scope. */
export interface EvalEnv {
  /**
   * The value of a named constant (or other numeric name). Undefined means the checker has
   * already reported the reference (unknown name, not a number, ...): the result is an error.
   */
  lookup(ref: RefExpr): Quantity | undefined;
}

/** An environment with no names (every reference must already have been reported). */
export const emptyEnv: EvalEnv = { lookup: () => undefined };

/** Functions whose arguments have the dimension of their result. */
const sameDimension: ReadonlySet<string> = new Set(["uniform", "normal", "min", "max", "abs"]);

/**
 * Evaluates `expr`. `what` names the value in "Expected a number for ..." (default
 * `this value`). Always returns a quantity; `dim === null` when an error was reported.
 * `expected`, when the caller knows it, only steers the did-you-mean of an unknown unit in a
 * literal whose dimension is the whole value's (`-70 MV`, `uniform(0, 5 MS)`): checking against
 * it is the caller's business.
 */
export function evaluateExpr(
  expr: Expr,
  env: EvalEnv,
  sink: DiagnosticSink,
  what = "this value",
  expected?: Dimension,
): Quantity {
  switch (expr.kind) {
    case "Number":
      return evaluateNumber(expr, sink, expected);
    case "Ref":
      return evaluateRef(expr, env);
    case "Call": {
      const hint = sameDimension.has(expr.callee.name) ? expected : undefined;
      return evaluateCall(
        expr,
        (arg, argWhat) => evaluateExpr(arg, env, sink, argWhat, hint),
        sink,
      );
    }
    case "Binary":
      return evaluateBinary(expr, env, sink, expected);
    case "Unary":
      return evaluateUnary(expr, env, sink, what, expected);
    case "Paren": {
      const inner = evaluateExpr(expr.expr, env, sink, what, expected);
      return inner.dim === null ? errorQuantity(expr.span) : plain(inner, expr.span);
    }
    case "String":
      return notANumber(expr.span, what, "a string", sink);
    case "Bool":
      return notANumber(expr.span, what, `'${String(expr.value)}'`, sink);
    case "List":
      return notANumber(expr.span, what, "a list", sink);
    case "Tuple":
      return notANumber(expr.span, what, "a pair", sink);
    case "Missing":
      return errorQuantity(expr.span);
    default:
      return assertNever(expr, "expression");
  }
}

/** A copy of `q` at `span` that is no longer a bare literal. */
function plain(q: Quantity, span: Span): Quantity {
  return { dim: q.dim, value: q.value, isRandom: q.isRandom, isZeroLiteral: false, span };
}

function notANumber(span: Span, what: string, found: string, sink: DiagnosticSink): Quantity {
  sink.report({ code: "not-a-number", span, format: { what, found } });
  return errorQuantity(span);
}

function tooLarge(lit: NumberLit, sink: DiagnosticSink): Quantity {
  sink.report({
    code: "not-finite",
    span: lit.span,
    format: { reason: "the number is too large" },
  });
  return errorQuantity(lit.span);
}

/** The literal's digits are not all zero (`1e-400`, not `0.0e5`). */
function writesNonzero(lit: NumberLit): boolean {
  return /[1-9]/.test(lit.text.replace(/[eE].*$/, ""));
}

/** A nonzero literal that rounds to 0 (in SI) would silently change meaning: 0 is special to many checks. */
function tooSmall(lit: NumberLit, sink: DiagnosticSink): Quantity {
  const text = lit.unit === undefined ? lit.text : `${lit.text} ${lit.unit.text}`;
  sink.report({ code: "number-underflows", span: lit.span, format: { text } });
  return errorQuantity(lit.span);
}

function evaluateNumber(lit: NumberLit, sink: DiagnosticSink, expected?: Dimension): Quantity {
  if (!Number.isFinite(lit.value)) return tooLarge(lit, sink);
  if (lit.value === 0 && writesNonzero(lit)) return tooSmall(lit, sink);
  if (lit.unit === undefined) {
    return {
      dim: Dimensionless,
      value: { kind: "const", value: lit.value },
      isRandom: false,
      isZeroLiteral: lit.value === 0,
      span: lit.span,
      literal: lit,
    };
  }
  const parsed = combineUnitFactors(lit.unit.factors);
  if (!parsed.ok) {
    const bad = lit.unit.factors[parsed.index]!;
    // the expected dimension is the unit's only for a single unit (`20 MS`, not `1 MV/MS`)
    const single = lit.unit.factors.length === 1 && bad.power === 1;
    const suggestion = suggestUnit(bad.name, single ? expected : undefined);
    // `ns`: no near name of its dimension, so say which units that dimension has
    const reads = suggestion === undefined ? prefixedUnitDimension(bad.name) : undefined;
    const hint =
      reads === undefined
        ? didYouMeanHint(suggestion)
        : ` (${formatDimension(reads)} units are ${listUnits(reads)})`;
    sink.report({
      code: "unknown-unit",
      span: bad.span,
      format: { name: bad.name, hint },
      data: { candidates: unitNames, ...(suggestion === undefined ? {} : { suggestion }) },
    });
    return errorQuantity(lit.span);
  }
  const value = toSI(lit.value, parsed, lit.text);
  if (!Number.isFinite(value)) return tooLarge(lit, sink);
  if (value === 0 && writesNonzero(lit)) return tooSmall(lit, sink);
  return {
    dim: parsed.dim,
    value: { kind: "const", value },
    isRandom: false,
    isZeroLiteral: false,
    span: lit.span,
    literal: lit,
  };
}

/** `s, ms and us`: the units of a dimension, in table order. */
function listUnits(d: Dimension): string {
  const names = unitsOfDimension(d).map((u) => u.name);
  return names.length < 2
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)!}`;
}

function evaluateRef(ref: RefExpr, env: EvalEnv): Quantity {
  const q = env.lookup(ref);
  if (q === undefined || q.dim === null) return errorQuantity(ref.span);
  return plain(q, ref.span);
}

function evaluateUnary(
  expr: UnaryExpr,
  env: EvalEnv,
  sink: DiagnosticSink,
  what: string,
  expected?: Dimension,
): Quantity {
  const q = evaluateExpr(expr.operand, env, sink, what, expected);
  if (q.dim === null) return errorQuantity(expr.span);
  const value =
    expr.op === "+"
      ? q.value
      : q.value.kind === "const"
        ? { kind: "const" as const, value: -q.value.value }
        : { kind: "neg" as const, operand: q.value };
  const result: Quantity = {
    dim: q.dim,
    value,
    isRandom: q.isRandom,
    isZeroLiteral: false,
    span: expr.span,
  };
  // `-70` keeps its literal so a missing-unit quick fix can still apply.
  return q.literal === undefined ? result : { ...result, literal: q.literal };
}

const operandNames: Readonly<Record<BinaryExpr["op"], readonly [string, string]>> = {
  "+": ["the left side of '+'", "the right side of '+'"],
  "-": ["the left side of '-'", "the right side of '-'"],
  "*": ["the left side of '*'", "the right side of '*'"],
  "/": ["the left side of '/'", "the right side of '/'"],
  "**": ["the base of '**'", "the exponent of '**'"],
};

function evaluateBinary(
  expr: BinaryExpr,
  env: EvalEnv,
  sink: DiagnosticSink,
  expected?: Dimension,
): Quantity {
  const [leftWhat, rightWhat] = operandNames[expr.op];
  // the operands of + and - have the sum's dimension
  const hint = expr.op === "+" || expr.op === "-" ? expected : undefined;
  const left = evaluateExpr(expr.left, env, sink, leftWhat, hint);
  const right = evaluateExpr(expr.right, env, sink, rightWhat, hint);
  if (left.dim === null || right.dim === null) return errorQuantity(expr.span);
  const d = binaryDimension(expr, left, right, sink);
  if (d === null) return errorQuantity(expr.span);
  const isRandom = left.isRandom || right.isRandom;
  // `0 + 0` has no other operand to take a dimension from: it adapts as a lone 0 does
  const isZeroLiteral =
    (expr.op === "+" || expr.op === "-") && left.isZeroLiteral && right.isZeroLiteral;
  if (left.value.kind === "const" && right.value.kind === "const") {
    const value = applyBinary(expr.op, left.value.value, right.value.value);
    if (!Number.isFinite(value)) {
      const [a, b] = [left.value.value, right.value.value];
      const reason =
        expr.op === "/" && b === 0
          ? "division by zero"
          : expr.op === "**" && a === 0 && b < 0
            ? "0 to a negative power is a division by zero"
            : expr.op === "**" && a < 0
              ? "a fractional power of a negative number"
              : "the result overflows";
      sink.report({ code: "not-finite", span: expr.span, format: { reason } });
      return errorQuantity(expr.span);
    }
    return {
      dim: d,
      value: { kind: "const", value },
      isRandom,
      isZeroLiteral,
      span: expr.span,
    };
  }
  if (
    expr.op === "**" &&
    right.value.kind === "const" &&
    !Number.isInteger(right.value.value) &&
    canBeNegative(left.value)
  ) {
    sink.report({
      code: "draw-without-value",
      span: left.span,
      format: { reason: `a fractional power of a value that can be below 0 (${boundHint})` },
    });
    return errorQuantity(expr.span);
  }
  return {
    dim: d,
    value: { kind: "binary", op: expr.op, left: left.value, right: right.value },
    isRandom,
    isZeroLiteral,
    span: expr.span,
  };
}

/** The dimension of `left op right`, or null after reporting why they do not combine. */
function binaryDimension(
  expr: BinaryExpr,
  left: Quantity,
  right: Quantity,
  sink: DiagnosticSink,
): Dimension | null {
  const l = left.dim!;
  const r = right.dim!;
  switch (expr.op) {
    case "+":
    case "-": {
      if (left.isZeroLiteral) return r;
      if (right.isZeroLiteral || dimEquals(l, r)) return l;
      sink.report({
        code: "unit-arithmetic",
        span: expr.span,
        format: {
          operation: expr.op === "+" ? "add" : "subtract",
          left: describeFound(left),
          right: describeFound(right),
        },
        related: [
          { message: `this is ${describeFound(left)}`, span: left.span },
          { message: `this is ${describeFound(right)}`, span: right.span },
        ],
      });
      return null;
    }
    case "*":
      return mulDim(l, r);
    case "/":
      return divDim(l, r);
    case "**":
      return powerDimension(left, right, sink);
    default:
      return assertNever(expr.op, "operator");
  }
}

function powerDimension(
  base: Quantity,
  exponent: Quantity,
  sink: DiagnosticSink,
): Dimension | null {
  const e = exponent.dim!;
  if (
    !(exponent.isZeroLiteral || isDimensionless(e)) ||
    exponent.isRandom ||
    exponent.value.kind !== "const"
  ) {
    const found = exponent.isRandom ? "a random value" : describeFound(exponent);
    sink.report({ code: "invalid-exponent", span: exponent.span, format: { found } });
    return null;
  }
  const n = exponent.value.value;
  const b = base.dim!;
  if (isDimensionless(b) || base.isZeroLiteral) return Dimensionless;
  if (!Number.isInteger(n)) {
    sink.report({
      code: "non-integer-power",
      span: exponent.span,
      format: { dimension: formatDimension(b), exponent: formatNumber(n) },
    });
    return null;
  }
  return powDim(b, n);
}
