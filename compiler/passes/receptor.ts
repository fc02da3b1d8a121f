/**
 * A written `receptor = exc | inh`, as connects and connectome `chemical` blocks read it.
 */
import type { Expr } from "../../grammar/ast.js";
import type { Receptor } from "../ir/index.js";
import type { PassContext } from "./context.js";

/** A written `receptor = exc | inh`: null when not written, undefined on an error (reported). */
export function readReceptor(
  expr: Expr | undefined,
  ctx: PassContext,
): Receptor | null | undefined {
  if (expr === undefined) return null;
  if (
    expr.kind === "Ref" &&
    expr.member === undefined &&
    (expr.name.name === "exc" || expr.name.name === "inh")
  )
    return expr.name.name;
  if (expr.kind !== "Missing")
    ctx.diagnostics.report({
      code: "unknown-setting-value",
      span: expr.span,
      format: { name: "receptor", expected: "'exc' or 'inh'", hint: "" },
    });
  return undefined;
}
