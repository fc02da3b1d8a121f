/**
 * Workspace symbols ("Go to Symbol in Workspace"): the names declared in the open documents and
 * the files they import, matched by the query's letters in order (as VS Code matches), each
 * listed once. A connectome's neurons lead to their CSV rows, as go to definition does; block
 * parameters (`tau_m`, in every model) are left out.
 */
import { SymbolKind, type SymbolInformation } from "vscode-languageserver";
import type { SymbolDecl } from "../../compiler/index.js";
import { spanLocation, type Analysis } from "../analysis.js";
import { lineLocation } from "./definition.js";
import { resolveRelative } from "../../compiler/index.js";

const kinds: Readonly<Record<SymbolDecl["kind"], SymbolKind | undefined>> = {
  const: SymbolKind.Constant,
  model: SymbolKind.Class,
  population: SymbolKind.Array,
  member: SymbolKind.EnumMember,
  connectome: SymbolKind.Package,
  plasticity: SymbolKind.Function,
  stimulus: SymbolKind.Event,
  param: undefined,
};

/** Whether the query's characters appear in `name` in order, ignoring case. */
function matches(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let at = 0;
  for (const c of query.toLowerCase()) {
    at = n.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

export function workspaceSymbols(analyses: Iterable<Analysis>, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const seen = new Set<string>();
  for (const a of analyses)
    for (const s of a.result.symbols) {
      const kind = kinds[s.kind];
      if (kind === undefined || !matches(s.name, query.trim())) continue;
      const location =
        s.csv === undefined
          ? spanLocation(a.result, s.nameSpan)
          : lineLocation(resolveRelative(a.path, s.csv.path), s.csv.line);
      const key = `${location.uri}:${location.range.start.line}:${location.range.start.character}:${s.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: s.name, kind, location });
    }
  return out;
}
