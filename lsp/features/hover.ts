/**
 * Hover: for a name, its declaration and the checker's resolved description (values with
 * units), plus quantities derived from the network (population size, membrane time constant,
 * refractory steps, expected synapses, memory); for a parameter, its doc, dimension and default;
 * for a number with a unit, its value in SI; for a built-in base, rule or kind, its doc.
 */
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Span } from "../../common/index.js";
import {
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
import type { AstNode, Decl, NumberLit } from "../../grammar/index.js";
import { referenceAt, spanRange, spanText, symbolOf, type Analysis } from "../analysis.js";
import { blockParams, modelDecls, paramMarkdown } from "./builtin-info.js";
import { networkLines, populationLines, projectionLines } from "./derived.js";
import { blocksAt, declAt, innermost } from "./syntax-walk.js";

function markdown(a: Analysis, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(a.result, span) };
}

/** The first line of a declaration's text, as a code block header. */
function declHeader(a: Analysis, declSpan: Span): string {
  const first = spanText(a, declSpan).split("\n")[0] ?? "";
  return "```snn\n" + first.replace(/\s*\{\s*$/, "").trim() + "\n```";
}

function derivedFor(a: Analysis, declSpan: Span, kind: string): string[] {
  const net = a.result.network;
  if (net === null) return [];
  if (kind === "population") return populationLines(net, declSpan.start, declSpan.end);
  return [];
}

function symbolHover(a: Analysis, offset: number): Hover | null {
  const ref = referenceAt(a, offset);
  if (ref === undefined) return null;
  const s = symbolOf(a, ref);
  if (s === undefined) return null;
  const parts = [declHeader(a, s.declSpan)];
  if (s.detail.trim() !== "") parts.push(s.detail.trim());
  const derived = derivedFor(a, s.declSpan, s.kind).filter((l) => !s.detail.includes(l.slice(2)));
  if (derived.length > 0) parts.push(derived.join("\n"));
  if (s.csv !== undefined) parts.push(`Defined in \`${s.csv.path}\`, line ${s.csv.line}`);
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
    `\`${lit.text} ${lit.unit.text}\` = **${formatQuantity(si, parsed.dim)}** (${formatDimension(parsed.dim)})`,
    "",
    `SI: ${si} ${siUnitFor(parsed.dim)}`,
  ];
  return markdown(a, lit.span, lines.join("\n"));
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

export function hover(a: Analysis, offset: number): Hover | null {
  const byName = symbolHover(a, offset);
  if (byName !== null) return byName;
  const ast = a.ast;
  if (ast === undefined) return null;
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
