/**
 * The formatter's spelling of a selection (`touch[ALML, ALMR]`, `exc[0..9]`, `worm.AVAL`) and of a
 * projection (`PRE->POST`), used for projection names (SPEC §6: weights.csv, `#2` on repeats)
 * and in messages.
 */
import type { Expr, Item, Selection } from "../../grammar/ast.js";

function exprText(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return e.unit === undefined ? e.text : `${e.text} ${e.unit.text}`;
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return String(e.value);
    case "Ref":
      return e.member === undefined ? e.name.name : `${e.name.name}.${e.member.name}`;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name === undefined ? "" : `${a.name.name} = `) + exprText(a.value)).join(", ")})`;
    case "Binary":
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case "Unary":
      return `${e.op}${exprText(e.operand)}`;
    case "Paren":
      return `(${exprText(e.expr)})`;
    case "Tuple":
      return `(${e.elements.map(exprText).join(", ")})`;
    case "List":
      return `[${e.elements.map(exprText).join(", ")}]`;
    case "Missing":
      return "?";
    default: {
      const never: never = e;
      return never;
    }
  }
}

function itemText(i: Item): string {
  return i.kind === "Range" ? `${exprText(i.from)}..${exprText(i.to)}` : exprText(i);
}

/** `pop`, `pop.A` or `pop[A, B]`, as the formatter writes it. */
export function selectionText(s: Selection): string {
  if (s.member !== undefined) return `${s.name.name}.${s.member.name}`;
  if (s.items !== undefined) return `${s.name.name}[${s.items.map(itemText).join(", ")}]`;
  return s.name.name;
}

/** Gives names `PRE->POST`, `PRE->POST#2`, ... in order of first use. */
export function createProjectionNamer(): (base: string) => string {
  const counts = new Map<string, number>();
  return (base) => {
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  };
}
