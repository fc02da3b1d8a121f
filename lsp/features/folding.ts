/**
 * Folding: every block and bracketed list that spans lines, block comments, and runs of line
 * comments (a file's header, a commented-out section).
 */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { SourceFile } from "../../common/index.js";
import { positionAt, type Analysis } from "../analysis.js";
import { walk } from "./syntax-walk.js";

function lineOf(file: SourceFile, offset: number): number {
  return positionAt(file, offset).line;
}

export function foldingRanges(a: Analysis): FoldingRange[] {
  const file = a.file;
  if (file === undefined || a.ast === undefined) return [];
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    const s = lineOf(file, start);
    // a closing brace on its own line stays visible
    const e =
      lineOf(file, end) - (file.text[end - 1] === "}" || file.text[end - 1] === "]" ? 1 : 0);
    if (e > s)
      out.push(
        kind === undefined ? { startLine: s, endLine: e } : { startLine: s, endLine: e, kind },
      );
  };
  walk(a.ast, (n) => {
    if (n.kind === "Block" || n.kind === "List") add(n.span.start, n.span.end);
  });
  let run: { start: number; end: number; count: number } | undefined;
  const flush = (): void => {
    if (run !== undefined && run.count > 1) add(run.start, run.end, FoldingRangeKind.Comment);
    run = undefined;
  };
  for (const c of a.ast.comments) {
    if (c.kind === "BlockComment") {
      flush();
      add(c.span.start, c.span.end, FoldingRangeKind.Comment);
      continue;
    }
    const line = lineOf(file, c.span.start);
    const ownLine = !/\S/.test(
      file.text.slice(c.span.start - positionAt(file, c.span.start).character, c.span.start),
    );
    if (!ownLine) {
      flush();
      continue;
    }
    if (run !== undefined && lineOf(file, run.end) === line - 1) {
      run.end = c.span.end;
      run.count++;
    } else {
      flush();
      run = { start: c.span.start, end: c.span.end, count: 1 };
    }
  }
  flush();
  return out.sort((x, y) => x.startLine - y.startLine);
}
