/**
 * Hover: for a name, its declaration and the checker's resolved description (values with
 * units), plus quantities derived from the network (population size, membrane time constant,
 * refractory steps, expected synapses, memory); for a parameter, its doc, dimension and default;
 * for a number with a unit, its value in SI; for a built-in base, rule or kind, its doc.
 */
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Span } from "../../common/index.js";
import type { SymbolDecl } from "../../compiler/index.js";
import {
  lookupConnectionRule,
  lookupModel,
  lookupPlasticity,
  lookupStimulus,
  type ParamSpec,
} from "../../compiler/builtins/index.js";
import {
  formatDimension,
  formatQuantity,
  parseUnit,
  siUnitFor,
  toSI,
} from "../../compiler/units/index.js";
import type { AstNode, CallExpr, Decl, NumberLit, RefExpr, SnnFile } from "../../grammar/index.js";
import { referenceAt, spanRange, spanText, symbolOf, type Analysis } from "../analysis.js";
import { blockParams, formatDefault, modelDecls, paramMarkdown } from "./builtin-info.js";
import { formatBytes, networkLines, populationStateBytes, projectionLines } from "./derived.js";
import { callMarkdown, callSpecFor } from "./signature-help.js";
import { blocksAt, declAt, innermost } from "./syntax-walk.js";

function markdown(a: Analysis, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(a.result, span) };
}

/** The first line of a declaration's text, as a code block header. */
function declHeader(a: Analysis, declSpan: Span): string {
  const first = spanText(a, declSpan).split("\n")[0] ?? "";
  return "```snn\n" + first.replace(/\s*\{\s*$/, "").trim() + "\n```";
}

/**
 * What the editor adds to the checker's description: the memory a population's state takes, a
 * parameter's built-in default, and the CSV row a connectome neuron comes from.
 */
function extrasFor(a: Analysis, s: SymbolDecl): string[] {
  const out: string[] = [];
  const net = a.result.network;
  if (s.kind === "population" && net !== null) {
    const bytes = populationStateBytes(net, s.declSpan.start, s.declSpan.end);
    if (bytes !== undefined) out.push(`- state memory: ${formatBytes(bytes)}`);
  }
  if (s.kind === "param") {
    const decl = a.ast === undefined ? undefined : declAt(a.ast, s.nameSpan.start);
    const params =
      decl === undefined ? [] : (blockParams(decl, modelDecls(a.result.files.values())) ?? []);
    const def = params.find((p) => p.name === s.name);
    const text = def === undefined ? undefined : formatDefault(def);
    if (text !== undefined) out.push(`default: \`${text}\``);
  }
  if (s.csv !== undefined) out.push(`Row ${s.csv.line} of \`${s.csv.path}\``);
  return out;
}

function symbolHover(a: Analysis, offset: number): Hover | null {
  const ref = referenceAt(a, offset);
  if (ref === undefined) return null;
  const s = symbolOf(a, ref);
  if (s === undefined) return null;
  const parts = [declHeader(a, s.declSpan)];
  if (s.detail.trim() !== "") parts.push(s.detail.trim());
  const extras = extrasFor(a, s);
  if (extras.length > 0) parts.push(extras.join("\n"));
  return markdown(a, ref.span, parts.join("\n\n"));
}

function isNumber(n: AstNode): n is NumberLit {
  return n.kind === "Number";
}

function numberHover(a: Analysis, lit: NumberLit): Hover | null {
  if (lit.unit === undefined) return null;
  const parsed = parseUnit(lit.unit.text);
  if (!parsed.ok) return null;
  const si = toSI(lit.value, parsed, lit.text);
  const lines = [
    `**${formatQuantity(si, parsed.dim)}**: ${formatDimension(parsed.dim)}`,
    "",
    `SI: ${si} ${siUnitFor(parsed.dim)}`,
  ];
  const param = a.ast === undefined ? undefined : paramOfValue(a, lit);
  if (param !== undefined) lines.push("", "---", "", paramMarkdown(param));
  return markdown(a, lit.span, lines.join("\n"));
}

/** The built-in parameter whose value (`name = <value>`) contains the literal, if any. */
function paramOfValue(a: Analysis, lit: NumberLit): ParamSpec | undefined {
  const decl = a.ast === undefined ? undefined : declAt(a.ast, lit.span.start);
  if (decl === undefined) return undefined;
  const inner = blocksAt(decl, lit.span.start).at(-1);
  if (inner === undefined || inner.owner !== undefined) return undefined;
  const stmt = inner.block.stmts.find(
    (st) =>
      st.kind === "Assign" &&
      st.value.span.start <= lit.span.start &&
      lit.span.end <= st.value.span.end,
  );
  if (stmt === undefined || stmt.kind !== "Assign") return undefined;
  const params = blockParams(decl, modelDecls(a.result.files.values())) ?? [];
  return params.find((x) => x.name === stmt.target.name.name);
}

/** The parameter named at the cursor in a block statement (`tau_m` in `tau_m = 20 ms`). */
function paramHover(a: Analysis, decl: Decl, offset: number): Hover | null {
  const blocks = blocksAt(decl, offset);
  const inner = blocks[blocks.length - 1];
  if (inner === undefined || inner.owner !== undefined) return null;
  const stmt = inner.block.stmts.find(
    (st) =>
      st.kind === "Assign" &&
      st.target.name.span.start <= offset &&
      offset <= st.target.name.span.end,
  );
  if (stmt === undefined || stmt.kind !== "Assign") return null;
  const params: readonly ParamSpec[] = blockParams(decl, modelDecls(a.result.files.values())) ?? [];
  const p = params.find((x) => x.name === stmt.target.name.name);
  return p === undefined ? null : markdown(a, stmt.target.name.span, paramMarkdown(p));
}

/** Docs of built-in words: model bases, plasticity rules, stimulus kinds. */
function builtinHover(a: Analysis, decl: Decl, offset: number): Hover | null {
  const within = (s: Span): boolean => s.start <= offset && offset <= s.end;
  const table = (params: readonly ParamSpec[]): string =>
    params.map((p) => `- \`${p.name}\`: ${p.doc}`).join("\n");
  if (decl.kind === "Model" && within(decl.base.span)) {
    const m = lookupModel(decl.base.name);
    if (m !== undefined)
      return markdown(a, decl.base.span, `**${m.name}**: ${m.doc}\n\n${table(m.params)}`);
  }
  if (decl.kind === "Plasticity" && within(decl.rule.span)) {
    const r = lookupPlasticity(decl.rule.name);
    if (r !== undefined)
      return markdown(a, decl.rule.span, `**${r.name}**: ${r.doc}\n\n${table(r.params)}`);
  }
  if (decl.kind === "Stimulus" && within(decl.stimulusKind.span)) {
    const k = lookupStimulus(decl.stimulusKind.name);
    if (k !== undefined)
      return markdown(a, decl.stimulusKind.span, `**${k.name}**: ${k.doc}\n\n${table(k.params)}`);
  }
  return null;
}

/** Derived quantities of a `connect`/`gap` declaration or the `simulate` block (keyword hover). */
function declKeywordHover(a: Analysis, decl: Decl, offset: number): Hover | null {
  const net = a.result.network;
  if (net === null) return null;
  const keywordEnd =
    decl.span.start + (decl.kind === "Simulate" ? "simulate".length : "connect".length);
  if (offset > keywordEnd && !(decl.kind === "Connect" && offset <= decl.post.span.start))
    return null;
  const span = { file: decl.span.file, start: decl.span.start, end: keywordEnd };
  if (decl.kind === "Connect") {
    const lines = projectionLines(net, decl.span.start, decl.span.end);
    return lines.length === 0 ? null : markdown(a, span, lines.join("\n"));
  }
  if (decl.kind === "Simulate") return markdown(a, span, networkLines(net).join("\n"));
  return null;
}

/** A call's name (`uniform(`, `fixed_probability(`), or a rule written bare (`all_to_all`). */
function callHover(a: Analysis, ast: SnnFile, offset: number): Hover | null {
  const within = (s: Span): boolean => s.start <= offset && offset <= s.end;
  const call = innermost(ast, offset, (n): n is CallExpr => n.kind === "Call");
  if (call !== undefined && within(call.callee.span)) {
    const decl = declAt(ast, offset);
    const spec = callSpecFor(call.callee.name, decl === undefined ? undefined : keyOf(decl, call));
    return spec === undefined ? null : markdown(a, call.callee.span, callMarkdown(spec));
  }
  const ref = innermost(ast, offset, (n): n is RefExpr => n.kind === "Ref");
  if (ref === undefined || ref.member !== undefined || !within(ref.name.span)) return null;
  const rule = lookupConnectionRule(ref.name.name);
  return rule === undefined ? null : markdown(a, ref.name.span, callMarkdown(rule));
}

/** The key of the block statement whose value is `call` (`sign` in `sign = from_csv(...)`). */
function keyOf(decl: Decl, call: CallExpr): string | undefined {
  for (const { block } of blocksAt(decl, call.span.start))
    for (const st of block.stmts)
      if (st.kind === "Assign" && st.value === call) return st.target.name.name;
  return undefined;
}

export function hover(a: Analysis, offset: number): Hover | null {
  const byName = symbolHover(a, offset);
  if (byName !== null) return byName;
  const ast = a.ast;
  if (ast === undefined) return null;
  const byCall = callHover(a, ast, offset);
  if (byCall !== null) return byCall;
  const lit = innermost(ast, offset, isNumber);
  if (lit !== undefined) return numberHover(a, lit);
  const decl = declAt(ast, offset);
  if (decl === undefined) return null;
  return (
    paramHover(a, decl, offset) ??
    builtinHover(a, decl, offset) ??
    declKeywordHover(a, decl, offset)
  );
}
