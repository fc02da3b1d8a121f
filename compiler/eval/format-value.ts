/**
 * Printing IR value trees back in the language's own notation with natural units, for hovers,
 * messages and symbol details: `uniform(-60 mV, -50 mV)`, `2 * normal(1 nA, 0.1 nA) + 1 nA`.
 *
 * The IR keeps only the dimension of the whole value, so a subtree is shown with units where its
 * dimension follows from the whole (both sides of `+`/`-`, the arguments of `uniform`, `normal`,
 * `min`, `max`, `abs`, a negation). Inside `*`, `/`, `**`, `exp`, `log` and `sqrt` a subtree's
 * dimension is unknown and its constants print bare in SI, which is still exact.
 */
import { assertNever } from "../../common/index.js";
import type { ValueExpr } from "../ir/index.js";
import { type Dimension, formatNumber, formatQuantity } from "../units/index.js";

/** Binding strength, to add only the parentheses the language needs. */
function precedence(e: ValueExpr): number {
  if (e.kind === "binary") return e.op === "+" || e.op === "-" ? 1 : e.op === "**" ? 3 : 2;
  if (e.kind === "neg") return 2.5;
  return 4;
}

function wrap(text: string, inner: ValueExpr, min: number): string {
  return precedence(inner) < min ? `(${text})` : text;
}

/**
 * `e` as snnc source text. `d` is the dimension of the whole value (null when unknown: constants
 * print bare). Numbers keep 12 significant digits (formatQuantity).
 */
export function formatValueInUnits(e: ValueExpr, d: Dimension | null): string {
  switch (e.kind) {
    case "const":
      return d === null ? formatNumber(e.value) : formatQuantity(e.value, d);
    case "uniform":
      return `uniform(${formatValueInUnits(e.low, d)}, ${formatValueInUnits(e.high, d)})`;
    case "normal":
      return `normal(${formatValueInUnits(e.mean, d)}, ${formatValueInUnits(e.sd, d)})`;
    case "neg":
      return `-${wrap(formatValueInUnits(e.operand, d), e.operand, 4)}`;
    case "binary": {
      const p = precedence(e);
      const same = e.op === "+" || e.op === "-";
      const left = formatValueInUnits(e.left, same ? d : null);
      const right = formatValueInUnits(e.right, same ? d : null);
      // `**` is right-associative; the others left-associative.
      const leftMin = e.op === "**" ? p + 1 : p;
      const rightMin = e.op === "**" ? p : p + 1;
      return `${wrap(left, e.left, leftMin)} ${e.op} ${wrap(right, e.right, rightMin)}`;
    }
    case "call": {
      const keep = e.fn === "abs" || e.fn === "min" || e.fn === "max";
      return `${e.fn}(${e.args.map((a) => formatValueInUnits(a, keep ? d : null)).join(", ")})`;
    }
    default:
      return assertNever(e, "value expression");
  }
}
