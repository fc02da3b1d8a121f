/**
 * Rename: every reference of a declared name, across the imported files, in one workspace edit.
 * Names that come from outside the .snn text (built-in parameters, neurons read from a
 * connectome CSV) cannot be renamed here, and a new name must be a legal, free identifier that
 * leaves the network as it was: not a built-in model's name, not a member name its population
 * already has or a constant's, and not one that changes what a member pattern selects.
 */
import type { Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { lookupModel } from "../../compiler/builtins/index.js";
import { isGlob } from "../../compiler/connectome/index.js";
import type { SymbolDecl } from "../../compiler/index.js";
import { isUnitName, reservedWords } from "../../grammar/index.js";
import { referenceAt, referencesOf, spanRange, symbolOf, type Analysis } from "../analysis.js";
import { pathToUri } from "../uri.js";
import { membersOf, ownerOf, patternsOver, selectsOtherwise } from "./member-patterns.js";

/** Why a member cannot be called `newName`, or undefined when it can. */
function memberRenameProblem(a: Analysis, member: SymbolDecl, newName: string): string | undefined {
  const owner = ownerOf(a, member);
  if (owner === undefined) return undefined;
  const members = membersOf(a, owner);
  if (members.some((m) => m.name === newName && m.id !== member.id))
    return `'${owner.name}' already has a member '${newName}'`;
  if (a.result.symbols.some((s) => s.kind === "const" && s.name === newName))
    return `'${newName}' is a constant, and a member cannot share its name`;
  const names = members.map((m) => m.name);
  for (const p of patternsOver(a, owner)) {
    const v = p.literal.value;
    if (!isGlob(v) && v === member.name) continue; // renamed with the member
    if (selectsOtherwise(v, names, member.name, newName))
      return `the pattern ${JSON.stringify(v)} would select other members of '${owner.name}' after the rename`;
  }
  return undefined;
}

/** Why `newName` cannot replace the symbol at the cursor, or undefined when it can. */
export function renameProblem(a: Analysis, offset: number, newName: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return `'${newName}' is not a valid name`;
  if (reservedWords.includes(newName)) return `'${newName}' is a reserved word`;
  if (isUnitName(newName)) return `'${newName}' is a unit and cannot be a name`;
  const ref = referenceAt(a, offset);
  const symbol = ref === undefined ? undefined : symbolOf(a, ref);
  if (symbol === undefined) return "There is no name to rename here";
  if (symbol.kind === "member") return memberRenameProblem(a, symbol, newName);
  // `model lif = ...` or `population lif` would take the place of the built-in where it is used
  if (lookupModel(newName) !== undefined) return `'${newName}' is a built-in model`;
  const clash = a.result.symbols.find(
    (s) => s.name === newName && s.id !== symbol.id && s.kind !== "param" && s.kind !== "member",
  );
  if (clash !== undefined) return `'${newName}' is already defined`;
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

/**
 * The edit that renames the symbol under the cursor everywhere it is used, with the pattern
 * strings that name a renamed member outright (`p["AVAL"]`).
 */
export function rename(a: Analysis, offset: number, newName: string): WorkspaceEdit | null {
  const ref = referenceAt(a, offset);
  if (ref === undefined || prepareRename(a, offset) === null) return null;
  const changes: Record<string, TextEdit[]> = {};
  const edit = (span: { file: number; start: number; end: number }, newText: string): void => {
    const uri = pathToUri(a.result.sources.get(span.file).path);
    (changes[uri] ??= []).push({ range: spanRange(a.result, span), newText });
  };
  for (const r of referencesOf(a, ref.symbol)) edit(r.span, newName);
  const symbol = symbolOf(a, ref);
  const owner = symbol?.kind === "member" ? ownerOf(a, symbol) : undefined;
  if (symbol !== undefined && owner !== undefined)
    for (const p of patternsOver(a, owner))
      if (!isGlob(p.literal.value) && p.literal.value === symbol.name)
        edit(p.literal.span, JSON.stringify(newName));
  return { changes };
}
