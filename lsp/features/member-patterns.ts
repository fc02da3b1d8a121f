/**
 * The pattern strings that select among a population's members (`p["AV*"]`, `v_th["AVAL"] = ...`
 * in its block). They are not references in the compiler's index, yet renaming a member changes
 * what they select: rename asks here which ones name the member outright (to rename them too)
 * and which would select something else afterwards (to refuse).
 */
import type { FileId } from "../../common/index.js";
import type { SymbolDecl } from "../../compiler/index.js";
import { matchesGlob } from "../../compiler/connectome/index.js";
import type { Selection, StringLit } from "../../grammar/index.js";
import { referencesOf, type Analysis } from "../analysis.js";
import { walk } from "./syntax-walk.js";

export interface MemberPattern {
  readonly file: FileId;
  readonly literal: StringLit;
}

/** The population or connectome whose declaration holds a member's. */
export function ownerOf(a: Analysis, member: SymbolDecl): SymbolDecl | undefined {
  const d = member.declSpan;
  return a.result.symbols.find(
    (s) =>
      (s.kind === "population" || s.kind === "connectome") &&
      s.declSpan.file === d.file &&
      s.declSpan.start <= d.start &&
      d.end <= s.declSpan.end,
  );
}

/** The members declared in an owner's declaration, in order (one pass over the symbols). */
export function membersOf(a: Analysis, owner: SymbolDecl): SymbolDecl[] {
  const o = owner.declSpan;
  return a.result.symbols.filter(
    (m) =>
      m.kind === "member" &&
      m.declSpan.file === o.file &&
      o.start <= m.declSpan.start &&
      m.declSpan.end <= o.end,
  );
}

/** Every pattern string of every file that selects among `owner`'s members. */
export function patternsOver(a: Analysis, owner: SymbolDecl): MemberPattern[] {
  const uses = new Set(referencesOf(a, owner.id).map((r) => `${r.span.file}:${r.span.start}`));
  const out: MemberPattern[] = [];
  const collect = (file: FileId, s: Selection): void => {
    for (const item of s.items ?? []) if (item.kind === "String") out.push({ file, literal: item });
  };
  for (const [file, ast] of a.result.files)
    walk(ast, (n) => {
      // a selection written with the owner's name
      if (n.kind === "Selection" && uses.has(`${file}:${n.name.span.start}`)) collect(file, n);
      // `PARAM[...] = value` and `init VAR[...] = value` in the owner's own block
      if (
        n.kind === "Population" &&
        n.name.span.file === owner.nameSpan.file &&
        n.name.span.start === owner.nameSpan.start
      )
        for (const s of n.body?.stmts ?? [])
          if (s.kind === "Assign" || s.kind === "Init") collect(file, s.target);
    });
  return out;
}

/** Whether renaming `from` to `to` among `members` changes which members a pattern selects. */
export function selectsOtherwise(
  pattern: string,
  members: readonly string[],
  from: string,
  to: string,
): boolean {
  return members.some((m) => matchesGlob(pattern, m) !== matchesGlob(pattern, m === from ? to : m));
}
