/**
 * Rename: every reference of a declared name, across the imported files, in one workspace edit.
 * Names that come from outside the .snn text (built-in parameters, neurons read from a
 * connectome CSV) cannot be renamed here, and a new name must be a legal, free identifier.
 */
import type { Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { isUnitName, reservedWords } from "../../grammar/index.js";
import { referenceAt, referencesOf, spanRange, symbolOf, type Analysis } from "../analysis.js";
import { pathToUri } from "../uri.js";

/** Why `newName` cannot replace the symbol at the cursor, or undefined when it can. */
export function renameProblem(a: Analysis, offset: number, newName: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return `'${newName}' is not a valid name`;
  if (reservedWords.includes(newName)) return `'${newName}' is a reserved word`;
  if (isUnitName(newName)) return `'${newName}' is a unit and cannot be a name`;
  const ref = referenceAt(a, offset);
  const symbol = ref === undefined ? undefined : symbolOf(a, ref);
  if (symbol === undefined) return "There is no name to rename here";
  const clash = a.result.symbols.find(
    (s) => s.name === newName && s.id !== symbol.id && s.kind !== "param" && s.kind !== "member",
  );
  if (clash !== undefined && symbol.kind !== "member") return `'${newName}' is already defined`;
  return undefined;
}

/** The range to rename and the current name; null where nothing renamable is under the cursor. */
export function prepareRename(
  a: Analysis,
  offset: number,
): { range: Range; placeholder: string } | null {
  const ref = referenceAt(a, offset);
  if (ref === undefined) return null;
  const symbol = symbolOf(a, ref);
  if (symbol === undefined || symbol.kind === "param" || symbol.csv !== undefined) return null;
  return { range: spanRange(a.result, ref.span), placeholder: symbol.name };
}

/** The edit that renames the symbol under the cursor everywhere it is used. */
export function rename(a: Analysis, offset: number, newName: string): WorkspaceEdit | null {
  const ref = referenceAt(a, offset);
  if (ref === undefined || prepareRename(a, offset) === null) return null;
  const changes: Record<string, TextEdit[]> = {};
  for (const r of referencesOf(a, ref.symbol)) {
    const uri = pathToUri(a.result.sources.get(r.span.file).path);
    (changes[uri] ??= []).push({ range: spanRange(a.result, r.span), newText: newName });
  }
  return { changes };
}
