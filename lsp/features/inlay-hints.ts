/**
 * Inlay hints: the size of a population whose `[...]` lists names or a constant, the neuron
 * count of a connectome, and the defaults a model leaves out (`t_ref = 2 ms, ...`), so a reader
 * sees the whole parameter set without opening the language reference.
 */
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import type { Decl, ModelDecl } from "../../grammar/index.js";
import { positionAt, type Analysis } from "../analysis.js";
import { baseModel, formatDefault, modelChain, modelDecls } from "./builtin-info.js";
import { countOf } from "./derived.js";

function sizeOf(a: Analysis, decl: Decl): number | undefined {
  const net = a.result.network;
  const fromNet = net?.populations.find(
    (p) => p.origin.start >= decl.span.start && p.origin.start < decl.span.end,
  );
  if (fromNet !== undefined) return fromNet.size;
  if (decl.kind !== "Population") return undefined;
  const names = decl.items.filter((i) => i.kind === "Ref" && i.member === undefined).length;
  return names > 1 ? names : undefined;
}

function sizeHint(a: Analysis, decl: Decl): InlayHint | undefined {
  const file = a.file;
  if (file === undefined) return undefined;
  if (decl.kind === "Population") {
    const single = decl.items.length === 1 ? decl.items[0] : undefined;
    if (single?.kind === "Number") return undefined; // the size is written out already
    const size = sizeOf(a, decl);
    const last = decl.items[decl.items.length - 1];
    if (size === undefined || last === undefined) return undefined;
    const close = file.text.indexOf("]", last.span.end);
    if (close < 0) return undefined;
    return {
      position: positionAt(file, close + 1),
      label: `: ${countOf(size, "neuron")}`,
      kind: InlayHintKind.Type,
      paddingLeft: false,
    };
  }
  if (decl.kind === "Connectome") {
    const net = a.result.network;
    const pop = net?.populations.find(
      (p) => p.origin.start >= decl.span.start && p.origin.start < decl.span.end,
    );
    if (pop === undefined) return undefined;
    return {
      position: positionAt(file, decl.name.span.end),
      label: `: ${countOf(pop.size, "neuron")}`,
      kind: InlayHintKind.Type,
    };
  }
  return undefined;
}

function defaultsHint(
  a: Analysis,
  decl: Decl,
  models: ReadonlyMap<string, ModelDecl>,
): InlayHint | undefined {
  const file = a.file;
  if (file === undefined || decl.kind !== "Model") return undefined;
  const spec = baseModel(decl.name.name, models);
  if (spec === undefined) return undefined;
  const written = new Set<string>();
  for (const m of modelChain(decl.name.name, models))
    for (const s of m.body?.stmts ?? []) if (s.kind === "Assign") written.add(s.target.name.name);
  const left = spec.params.flatMap((p) => {
    if (written.has(p.name) || p.default === undefined || p.default.kind === "none") return [];
    const text = formatDefault(p);
    return text === undefined ? [] : [`${p.name} = ${text}`];
  });
  if (left.length === 0) return undefined;
  const at = decl.body === undefined ? decl.base.span.end : decl.body.span.end;
  return {
    position: positionAt(file, at),
    label: `defaults: ${left.join("; ")}`,
    kind: InlayHintKind.Parameter,
    paddingLeft: true,
    tooltip: "Parameters left at the built-in defaults",
  };
}

/** The hints of the declarations that overlap [start, end). */
export function inlayHints(a: Analysis, start: number, end: number): InlayHint[] {
  if (a.ast === undefined) return [];
  const out: InlayHint[] = [];
  const models = modelDecls(a.result.files.values());
  for (const d of a.ast.decls) {
    if (d.span.end < start || d.span.start > end) continue;
    const size = sizeHint(a, d);
    if (size !== undefined) out.push(size);
    const defaults = defaultsHint(a, d, models);
    if (defaults !== undefined) out.push(defaults);
  }
  return out;
}
