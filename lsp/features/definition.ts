/**
 * Go to definition, find references and document highlights, from the compiler's symbol index: a
 * name jumps to its declaration in whichever file declares it, a connectome neuron name to its
 * row in the CSV file, and the path string of an `import`, `csv(...)` or `from_csv(...)` opens
 * that file.
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
} from "vscode-languageserver";
import type { Analysis } from "../analysis.js";
import { referenceAt, referencesOf, spanLocation, spanRange, symbolOf } from "../analysis.js";
import { resolveRelative } from "../../compiler/index.js";
import { pathToUri } from "../uri.js";
import { pathStringAt } from "./syntax-walk.js";

/** The location of a 1-based line of a file (the whole line start). */
export function lineLocation(path: string, line: number): Location {
  const position = { line: Math.max(0, line - 1), character: 0 };
  return { uri: pathToUri(path), range: { start: position, end: position } };
}

export function definition(a: Analysis, offset: number): Location[] {
  const ref = referenceAt(a, offset);
  if (ref !== undefined) {
    const symbol = symbolOf(a, ref);
    if (symbol === undefined) return [];
    const decl = spanLocation(a.result, symbol.nameSpan);
    if (symbol.csv === undefined) return [decl];
    return [lineLocation(resolveRelative(a.path, symbol.csv.path), symbol.csv.line)];
  }
  if (a.ast === undefined) return [];
  const str = pathStringAt(a.ast, offset);
  if (str === undefined) return [];
  return [lineLocation(resolveRelative(a.path, str.value), 1)];
}

export function references(a: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const ref = referenceAt(a, offset);
  if (ref === undefined) return [];
  const symbol = symbolOf(a, ref);
  if (symbol === undefined) return [];
  return referencesOf(a, ref.symbol)
    .filter(
      (r) =>
        includeDeclaration ||
        r.span.file !== symbol.nameSpan.file ||
        r.span.start !== symbol.nameSpan.start,
    )
    .map((r) => spanLocation(a.result, r.span));
}

/** The uses of the name at the cursor in this document, its declaration marked as the write. */
export function documentHighlights(a: Analysis, offset: number): DocumentHighlight[] {
  const ref = referenceAt(a, offset);
  if (ref === undefined) return [];
  const symbol = symbolOf(a, ref);
  if (symbol === undefined) return [];
  return referencesOf(a, ref.symbol)
    .filter((r) => r.span.file === ref.span.file)
    .map((r) => ({
      range: spanRange(a.result, r.span),
      kind:
        r.span.file === symbol.nameSpan.file && r.span.start === symbol.nameSpan.start
          ? DocumentHighlightKind.Write
          : DocumentHighlightKind.Read,
    }));
}
