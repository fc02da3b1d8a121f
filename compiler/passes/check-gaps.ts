/**
 * Pass: check-gaps.
 *
 * Input: gap declarations and connectomes (declaration order), population layout, constants.
 * Output: IR {@link GapJunction}s, ids in declaration order (a connectome's electrical edges
 * become one explicit gap).
 * Preconditions: layout-populations ran.
 * Reports: gap-model, gap-no-pairs, size-mismatch, missing-setting, unknown-rule, and value
 * errors of the conductance.
 *
 * `gap A <-> B` couples every unordered pair {a, b} with a in A, b in B and a ≠ b exactly once
 * (`all_pairs`), or the selections pairwise in written order (`one_to_one`).
 */
import type { Span } from "../../common/index.js";
import type { GapDecl, Selection } from "../../grammar/ast.js";
import { valueExprRange } from "../eval/index.js";
import type { GapJunction, ValueExpr } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import { checkRuleLoosely, readRule, type Side } from "./connection-rules.js";
import type { PassContext } from "./context.js";
import { Conductance, formatQuantity } from "./deps.js";
import type { ConnectomeLayout } from "./import-connectomes.js";
import { modelOfSelection, type PopulationLayout } from "./layout-populations.js";
import {
  resolveSelection,
  selectedIndices,
  type ResolvedSelection,
  type SelectionEnv,
} from "./select.js";
import { readSettings } from "./settings.js";
import type { Values } from "./values.js";

/** The rules a gap takes. */
const gapRules = ["all_to_all", "one_to_one"] as const;

/** Checks every gap declaration and connectome electrical edge list. */
export function checkGaps(
  decls: Declarations,
  layout: PopulationLayout,
  values: Values,
  ctx: PassContext,
): GapJunction[] {
  const env: SelectionEnv = { decls, pops: layout.pops, evalIndex: values.integer, ctx };
  const out: GapJunction[] = [];
  for (const decl of decls.all) {
    if (decl.kind === "Gap") {
      const g = checkGap(decl, out.length, layout, env, values, ctx);
      if (g !== undefined) out.push(g);
    } else if (decl.kind === "Connectome") {
      const c = layout.connectomes.find((x) => x.decl === decl);
      const g = c === undefined ? undefined : connectomeGap(c, out.length, layout, ctx);
      if (g !== undefined) out.push(g);
    }
  }
  return out;
}

/** Whether a population's model takes gap junctions; false (reported) when not, or unknown. */
function gapModelOk(
  population: string,
  kind: string | undefined,
  span: GapDecl["span"],
  ctx: PassContext,
): boolean {
  if (kind === undefined) return false;
  if (kind === "lif" || kind === "izhikevich") return true;
  ctx.diagnostics.report({
    code: "gap-model",
    span,
    format: { population, model: kind },
  });
  return false;
}

/** A conductance, or every draw of a random one, is at least 0; reports at `span`. */
function conductanceNonNegative(value: ValueExpr, span: Span, ctx: PassContext): boolean {
  const r = valueExprRange(value);
  if (r.min >= 0) return true;
  ctx.diagnostics.report({
    code: "value-out-of-range",
    span,
    format: {
      what: "'conductance'",
      range: "at least 0 S",
      found: Number.isFinite(r.min) ? formatQuantity(r.min, Conductance) : "an unbounded draw",
    },
  });
  return false;
}

function checkGap(
  decl: GapDecl,
  id: number,
  layout: PopulationLayout,
  env: SelectionEnv,
  values: Values,
  ctx: PassContext,
): GapJunction | undefined {
  const aSel = resolveSelection(decl.a, env);
  const bSel = resolveSelection(decl.b, env);
  const s = readSettings(decl.body, { keys: ["conductance", "rule"] }, "gap", ctx);
  const gStmt = s.values.get("conductance");
  let conductance;
  if (gStmt === undefined) {
    if (!s.misspelled.has("conductance"))
      ctx.diagnostics.report({
        code: "missing-setting",
        span: { ...decl.span, end: decl.b.span.end },
        format: { where: "This gap", name: "conductance" },
      });
  } else {
    const q = values.as(gStmt.value, Conductance, "'conductance'");
    if (q.dim !== null && conductanceNonNegative(q.value, gStmt.value.span, ctx))
      conductance = q.value;
  }
  // each side's model is known also when its selection has an error, and the rule's name and
  // arguments do not depend on the selections: one run reports every independent mistake
  const kindOf = (sel: ResolvedSelection | undefined, written: Selection): string | undefined =>
    sel !== undefined
      ? layout.models[sel.population]?.spec.name
      : modelOfSelection(written, layout)?.spec.name;
  const aOk = gapModelOk(decl.a.name.name, kindOf(aSel, decl.a), decl.a.span, ctx);
  const bOk = gapModelOk(decl.b.name.name, kindOf(bSel, decl.b), decl.b.span, ctx);
  if (aSel === undefined || bSel === undefined) {
    checkRuleLoosely(s.values.get("rule")?.value, gapRules, values, ctx);
    return undefined;
  }
  const popA = layout.byId[aSel.population];
  const popB = layout.byId[bSel.population];
  if (popA === undefined || popB === undefined) return undefined;
  const a: Side = { sel: aSel, pop: popA, indices: selectedIndices(aSel, popA.size) };
  const b: Side = { sel: bSel, pop: popB, indices: selectedIndices(bSel, popB.size) };
  const rule = readRule(s.values.get("rule")?.value, gapRules, a, b, values, ctx);
  if (rule === undefined || conductance === undefined || !aOk || !bOk) return undefined;
  const same = aSel.population === bSel.population;
  const pairs =
    rule.kind === "one_to_one"
      ? a.indices.some((x, k) => !same || x !== b.indices[k])
      : a.indices.some((x) => b.indices.some((y) => !same || x !== y));
  if (!pairs) {
    ctx.diagnostics.report({ code: "gap-no-pairs", span: decl.span });
    return undefined;
  }
  return {
    id,
    a: { population: aSel.population, indices: aSel.indices },
    b: { population: bSel.population, indices: bSel.indices },
    rule: { kind: rule.kind === "one_to_one" ? "one_to_one" : "all_pairs" },
    conductance,
    origin: decl.span,
  };
}

function connectomeGap(
  c: ConnectomeLayout,
  id: number,
  layout: PopulationLayout,
  ctx: PassContext,
): GapJunction | undefined {
  const edges = c.data.electrical;
  if (edges.length === 0) return undefined;
  const kind = layout.models[c.population]?.spec.name;
  if (!gapModelOk(c.decl.name.name, kind, c.decl.name.span, ctx)) return undefined;
  const g = c.electrical.conductance;
  if (g === undefined) {
    if (c.electrical.misspelled) return undefined;
    ctx.diagnostics.report({
      code: "missing-setting",
      span: c.decl.name.span,
      format: {
        where: `Connectome '${c.decl.name.name}' (it has electrical edges)`,
        name: "electrical { conductance = ... }",
      },
    });
    return undefined;
  }
  // as a gap's: a negative conductance would pull the coupled neurons apart
  if (!conductanceNonNegative(g.q.value, g.q.span, ctx)) return undefined;
  return {
    id,
    a: { population: c.population, indices: null },
    b: { population: c.population, indices: null },
    rule: {
      kind: "explicit",
      a: edges.map((e) => e.a),
      b: edges.map((e) => e.b),
      ...(g.perSynapse ? { conductanceScale: edges.map((e) => e.count) } : {}),
    },
    conductance: g.q.value,
    origin: c.decl.span,
  };
}
