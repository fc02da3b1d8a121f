/**
 * Selection ranges ("Expand Selection"): from the cursor outwards through the syntax tree (a
 * name or number, the expression around it, the statement, the block, the declaration), each
 * step a strictly larger range.
 */
import type { SelectionRange } from "vscode-languageserver";
import type { AstNode } from "../../grammar/index.js";
import { rangeOf, type Analysis } from "../analysis.js";
import { childrenOf, declAt } from "./syntax-walk.js";

/** The spans around `offset`, innermost first, each larger than the one before. */
function enclosingSpans(a: Analysis, offset: number): { start: number; end: number }[] {
  const ast = a.ast;
  const decl = ast === undefined ? undefined : declAt(ast, offset);
  if (decl === undefined) return [];
  const chain: { start: number; end: number }[] = [];
  let node: AstNode | undefined = decl;
  while (node !== undefined) {
    if ("span" in node) chain.push(node.span);
    node = childrenOf(node).find(
      (c) =>
        "span" in c && c.span.start <= offset && offset <= c.span.end && c.span.end > c.span.start,
    );
  }
  const out: { start: number; end: number }[] = [];
  for (const s of chain.reverse()) {
    const last = out[out.length - 1];
    if (last === undefined || s.start < last.start || s.end > last.end) out.push(s);
  }
  return out;
}

export function selectionRanges(a: Analysis, offsets: readonly number[]): SelectionRange[] {
  const file = a.file;
  return offsets.map((offset) => {
    let range: SelectionRange | undefined;
    if (file !== undefined)
      for (const s of enclosingSpans(a, offset).reverse())
        range = {
          range: rangeOf(file, s.start, s.end),
          ...(range === undefined ? {} : { parent: range }),
        };
    // No tree here (between declarations): the cursor itself, as LSP asks one range per position.
    return (
      range ?? {
        range:
          file === undefined
            ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
            : rangeOf(file, offset, offset),
      }
    );
  });
}
