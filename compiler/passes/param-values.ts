/**
 * Checking one parameter assignment against its {@link ParamSpec}: the value's dimension, whether
 * it may be random (per-neuron parameters may), whole numbers, bounds, lists and words. Shared by
 * models, populations, plasticity rules and stimuli so every parameter is checked the same way.
 */
import type { Span } from "../../common/index.js";
import type { Expr } from "../../grammar/ast.js";
import type { ParamSpec } from "../builtins/index.js";
import {
  type Bounds,
  type Quantity,
  expectConstant,
  expectInBounds,
  valueExprRange,
} from "../eval/index.js";
import type { PassContext } from "./context.js";
import { type Dimension, Dimensionless, didYouMeanHint, formatQuantity, suggest } from "./deps.js";
import type { Values } from "./values.js";

/** A checked parameter value. */
export type ParamValue =
  | { readonly kind: "quantity"; readonly q: Quantity; readonly span: Span }
  | { readonly kind: "list"; readonly items: readonly Quantity[]; readonly span: Span }
  | { readonly kind: "word"; readonly word: string; readonly span: Span };

/** Checks `expr` as the value of `spec`; undefined after reporting a problem. */
/** Whether a value, or every draw of a random one, lies in `bounds`; reports when not. */
export function quantityInBounds(
  q: Quantity,
  bounds: Bounds,
  dim: Dimension,
  what: string,
  ctx: PassContext,
): boolean {
  const sink = ctx.diagnostics;
  if (q.dim === null) return false;
  if (q.value.kind === "const")
    return expectInBounds(q.value.value, bounds, dim, what, q.span, sink);
  const r = valueExprRange(q.value);
  return (
    expectInBounds(r.min, bounds, dim, `${what} (its smallest draw)`, q.span, sink) &&
    expectInBounds(r.max, bounds, dim, `${what} (its largest draw)`, q.span, sink)
  );
}

export function checkParamValue(
  spec: ParamSpec,
  expr: Expr,
  values: Values,
  ctx: PassContext,
): ParamValue | undefined {
  const what = `'${spec.name}'`;
  const sink = ctx.diagnostics;
  const t = spec.type;
  switch (t.kind) {
    case "quantity": {
      const q = values.as(expr, t.dim, what);
      if (q.dim === null) return undefined;
      if (!t.perNeuron || t.integer === true) {
        const x = expectConstant(q, what, sink);
        if (x === undefined) return undefined;
        if (t.integer === true && !Number.isInteger(x)) {
          sink.report({
            code: "not-an-integer",
            span: q.span,
            format: { what, found: formatQuantity(x, Dimensionless) },
          });
          return undefined;
        }
      }
      if (t.bounds !== undefined && !quantityInBounds(q, t.bounds, t.dim, what, ctx))
        return undefined;
      return { kind: "quantity", q, span: expr.span };
    }
    case "list": {
      const items = values.list(expr, t.dim, what);
      if (items === undefined) return undefined;
      for (const item of items)
        if (expectConstant(item, what, sink) === undefined) return undefined;
      return { kind: "list", items, span: expr.span };
    }
    case "word": {
      if (expr.kind === "Missing") return undefined;
      const word = expr.kind === "Ref" && expr.member === undefined ? expr.name.name : undefined;
      if (word === undefined || !t.values.includes(word)) {
        sink.report({
          code: "unknown-setting-value",
          span: expr.span,
          format: {
            name: spec.name,
            expected: t.values.map((v) => `'${v}'`).join(" or "),
            hint: word === undefined ? "" : didYouMeanHint(suggest(word, t.values)),
          },
        });
        return undefined;
      }
      return { kind: "word", word, span: expr.span };
    }
    case "bool":
    case "string":
    case "rule":
    case "plasticity":
    case "weight":
      // Read by the passes that own these keys (connect, connectome, target).
      return undefined;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** The SI constant of a checked quantity parameter, if it is one constant. */
export function constOf(v: ParamValue | undefined): number | undefined {
  if (v?.kind !== "quantity" || v.q.value.kind !== "const") return undefined;
  return v.q.value.value;
}
