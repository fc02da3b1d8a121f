/**
 * Pass: evaluate-constants, plus the evaluation environment every later pass uses.
 *
 * Input: the {@link Declarations}.
 * Output: a {@link Values} object: each constant's {@link Quantity} (evaluated once, lazily, in any
 * order) and helpers that evaluate expressions against them.
 * Preconditions: collect-declarations ran.
 * Reports: const-cycle, unknown-name / wrong-kind / unit-as-value for names in expressions, and the units
 * module's evaluation errors (unit-mismatch, not-a-number, not-an-integer, ...).
 */
import type { Expr, RefExpr } from "../../grammar/ast.js";
import {
  type Bounds,
  type EvalEnv,
  type Quantity,
  errorQuantity,
  evaluateAs,
  evaluateConstant,
  evaluateDimensionlessInt,
  evaluateExpr,
  evaluateList,
} from "../eval/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { isUnitName, type Dimension } from "./deps.js";
import { lookupName } from "./resolve-names.js";

export interface Values {
  readonly env: EvalEnv;
  /** Every constant that evaluated without error, by name. */
  readonly constants: ReadonlyMap<string, Quantity>;
  /** Evaluates an expression (random draws allowed). */
  evaluate(expr: Expr, what: string): Quantity;
  /** Evaluates a value of dimension `dim` (random allowed); an error quantity on mismatch. */
  as(expr: Expr, dim: Dimension, what: string): Quantity;
  /**
   * Evaluates a constant of dimension `dim` within `bounds` (SI); undefined on any error
   * (reported). The literal 0 is accepted for any dimension.
   */
  constant(expr: Expr, dim: Dimension, what: string, bounds?: Bounds): number | undefined;
  /** A dimensionless whole number within `bounds`; undefined (reported) otherwise. */
  integer(expr: Expr, what: string, bounds?: Bounds): number | undefined;
  /** A list literal of values of dimension `dim`; undefined (reported) on error. */
  list(expr: Expr, dim: Dimension, what: string): readonly Quantity[] | undefined;
}

/** Evaluates every constant and returns the environment for the other passes. */
export function evaluateConstants(decls: Declarations, ctx: PassContext): Values {
  const done = new Map<string, Quantity>();
  const inProgress: string[] = [];
  const sink = ctx.diagnostics;

  const constantValue = (name: string, refSpan: RefExpr["span"]): Quantity | undefined => {
    const cached = done.get(name);
    if (cached !== undefined) return cached.dim === null ? undefined : cached;
    const entry = decls.byName.get(name);
    if (entry === undefined || entry.node.kind !== "const") return undefined;
    const at = inProgress.indexOf(name);
    if (at >= 0) {
      const chain = [...inProgress.slice(at), name].map((n) => `'${n}'`).join(" -> ");
      sink.report({ code: "const-cycle", span: refSpan, format: { name, chain } });
      for (const n of inProgress.slice(at)) done.set(n, errorQuantity(refSpan));
      return undefined;
    }
    inProgress.push(name);
    const q = evaluateExpr(entry.node.decl.value, env, sink, `'${name}'`);
    inProgress.pop();
    if (!done.has(name)) done.set(name, q);
    const stored = done.get(name);
    return stored === undefined || stored.dim === null ? undefined : stored;
  };

  const env: EvalEnv = {
    lookup(ref: RefExpr): Quantity | undefined {
      // `tau_m = ms`: no constant can be called `ms`, so "unknown constant 'ms'" would mislead
      const name = ref.name.name;
      if (!decls.byName.has(name) && !decls.rejected.has(name) && isUnitName(name)) {
        sink.report({ code: "unit-as-value", span: ref.name.span, format: { unit: name } });
        return undefined;
      }
      const entry = lookupName(ref.name, ["const"], "constant", decls, ctx);
      if (entry === undefined) return undefined;
      if (ref.member !== undefined) {
        sink.report({
          code: "not-a-number",
          span: ref.span,
          format: { what: "this value", found: `a member of constant '${entry.name}'` },
        });
        return undefined;
      }
      return constantValue(entry.name, ref.span);
    },
  };

  for (const entry of decls.entries) {
    if (entry.node.kind === "const") constantValue(entry.name, entry.nameSpan);
  }
  // a constant whose name was rejected: its value is checked all the same
  for (const { node } of decls.rejectedDecls)
    if (node.kind === "const") evaluateExpr(node.decl.value, env, sink, `'${node.decl.name.name}'`);
  const constants = new Map<string, Quantity>();
  for (const [name, q] of done) if (q.dim !== null) constants.set(name, q);

  const evaluate = (expr: Expr, what: string): Quantity => evaluateExpr(expr, env, sink, what);
  const as = (expr: Expr, dim: Dimension, what: string): Quantity =>
    evaluateAs(expr, dim, what, env, sink);
  const constant = (expr: Expr, dim: Dimension, what: string, bounds: Bounds = {}) =>
    evaluateConstant(expr, dim, what, env, sink, bounds);
  const integer = (expr: Expr, what: string, bounds: Bounds = {}) =>
    evaluateDimensionlessInt(expr, what, env, sink, bounds);
  const list = (expr: Expr, dim: Dimension, what: string) =>
    evaluateList(expr, dim, what, env, sink);
  return { env, constants, evaluate, as, constant, integer, list };
}
