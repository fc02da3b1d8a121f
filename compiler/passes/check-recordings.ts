/**
 * Pass: check-recordings.
 *
 * Input: record declarations, population layout, checked projections, constants, run settings.
 * Output: IR {@link Recording}s, ids in declaration order.
 * Preconditions: check-connections ran (weights recordings name projections).
 * Reports: unknown-record-kind, record-target, unknown-state-variable, record-every,
 * no-such-projection, unknown-setting, selection-duplicate, value-out-of-range (every).
 *
 * `record weights of PRE -> POST` matches every projection whose selections resolve to the same
 * neurons in the same order as PRE and POST (repeats are all recorded).
 */
import { lookupRecordable, recordables } from "../builtins/index.js";
import type { Expr, RecordDecl } from "../../grammar/ast.js";
import type { Recording, StateVariable } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { ConnectionTable } from "./check-connections.js";
import { MAX_STEPS, type RunSettings } from "./check-run.js";
import type { PassContext } from "./context.js";
import { Time, didYouMeanHint, formatQuantity, suggest } from "./deps.js";
import { modelOfSelection, type PopulationLayout } from "./layout-populations.js";
import {
  resolveSelection,
  selectedIndices,
  type ResolvedSelection,
  type SelectionEnv,
} from "./select.js";
import { selectionText } from "./selection-text.js";
import { readSettings } from "./settings.js";
import { stepsOf } from "../ir/time-grid.js";
import { expectInBounds } from "../eval/index.js";
import type { Values } from "./values.js";

function sameSelection(a: ResolvedSelection, b: ResolvedSelection, size: number): boolean {
  if (a.population !== b.population) return false;
  const ai = a.indices ?? Array.from({ length: size }, (_, i) => i);
  const bi = b.indices ?? Array.from({ length: size }, (_, i) => i);
  return ai.length === bi.length && ai.every((x, i) => x === bi[i]);
}

/**
 * The selections of one `record` name each neuron at most once (SPEC §1), as the items of one
 * selection do; reports the first repeat at the selection that repeats it.
 */
function eachNeuronOnce(
  targets: readonly ResolvedSelection[],
  layout: PopulationLayout,
  ctx: PassContext,
): boolean {
  // one bit per neuron of each population named more than once: a Set of "population:index"
  // keys passed its 16.7 M entries (and took half a minute) recording a population of 50 M
  const seen = new Map<number, Uint8Array>();
  for (const t of targets) {
    const pop = layout.byId[t.population];
    if (pop === undefined) continue;
    if (!targets.some((o) => o !== t && o.population === t.population)) continue;
    let marks = seen.get(t.population);
    if (marks === undefined) {
      marks = new Uint8Array(pop.size);
      seen.set(t.population, marks);
    }
    for (const i of t.indices ?? selectedIndices(t, pop.size)) {
      if (marks[i] === 0) {
        marks[i] = 1;
        continue;
      }
      const member = pop.members?.[i];
      ctx.diagnostics.report({
        code: "selection-duplicate",
        span: t.span,
        format: {
          neuron: member === undefined ? String(i) : `'${member}'`,
          population: pop.name,
        },
      });
      return false;
    }
  }
  return true;
}

/**
 * A recording of an unknown kind: its target's names and its `every` are still checked (any
 * kind but spikes takes `every`, so it is not reported as unknown here).
 */
function checkLoosely(decl: RecordDecl, env: SelectionEnv, values: Values, ctx: PassContext): void {
  const t = decl.target;
  const selections = t.kind === "Projection" ? [t.pre, t.post] : t.selections;
  for (const sel of selections) resolveSelection(sel, env);
  const s = readSettings(decl.body, { keys: ["every"] }, `record ${decl.what.name}`, ctx);
  const every = s.values.get("every");
  if (every !== undefined)
    values.constant(every.value, Time, "'every'", { min: 0, minExclusive: true });
}

/** The period of `every` in steps (1 when not written); undefined on an error (reported). */
function readEvery(
  expr: Expr | undefined,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): number | undefined {
  if (expr === undefined) return 1;
  const every = values.constant(expr, Time, "'every'", { min: 0, minExclusive: true });
  if (every === undefined) return undefined;
  if (!run.dtOk) return 1;
  const grid = stepsOf(every, run.dt);
  if (grid.changed || grid.steps < 1) {
    ctx.diagnostics.report({
      code: "record-every",
      span: expr.span,
      format: { every: formatQuantity(every, Time), dt: formatQuantity(run.dt, Time) },
    });
    return undefined;
  }
  // 1e308 s / dt is Infinity steps (null in the IR's JSON): a period is a step count, and
  // step numbers stop at MAX_STEPS, as the run's do
  if (grid.steps > MAX_STEPS) {
    const most = { max: MAX_STEPS * run.dt };
    expectInBounds(every, most, Time, "'every'", expr.span, ctx.diagnostics);
    return undefined;
  }
  return grid.steps;
}

/** Checks every record declaration. */
export function checkRecordings(
  decls: Declarations,
  layout: PopulationLayout,
  connections: ConnectionTable,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): Recording[] {
  const env: SelectionEnv = { decls, pops: layout.pops, evalIndex: values.integer, ctx };
  const out: Recording[] = [];
  for (const decl of decls.records) {
    const what = decl.what.name;
    if (decl.what.missing === true) continue;
    const spec = lookupRecordable(what);
    if (spec === undefined) {
      ctx.diagnostics.report({
        code: "unknown-record-kind",
        span: decl.what.span,
        format: {
          name: what,
          hint: didYouMeanHint(
            suggest(
              what,
              recordables.map((r) => r.name),
            ),
          ),
        },
      });
      checkLoosely(decl, env, values, ctx);
      continue;
    }
    const s = readSettings(
      decl.body,
      { keys: spec.kind === "spikes" ? [] : ["every"] },
      `record ${what}`,
      ctx,
    );
    // an error in `every` leaves the target to be checked all the same
    const everySteps = readEvery(s.values.get("every")?.value, values, run, ctx);
    const t = decl.target;
    if (spec.kind === "weights") {
      if (t.kind !== "Projection") {
        ctx.diagnostics.report({
          code: "record-target",
          span: t.span,
          format: { what, expected: "a projection written PRE -> POST" },
        });
        continue;
      }
      const pre = resolveSelection(t.pre, env);
      const post = resolveSelection(t.post, env);
      if (pre === undefined || post === undefined) continue;
      const size = (id: number): number => layout.byId[id]?.size ?? 0;
      const sameSides = (p: { pre: ResolvedSelection; post: ResolvedSelection }): boolean =>
        sameSelection(p.pre, pre, size(pre.population)) &&
        sameSelection(p.post, post, size(post.population));
      const matches = connections.projections.filter(sameSides).map((p) => p.projection.id);
      // a rejected connect has its error already; the recording adds nothing to it
      if (matches.length === 0 && connections.rejected.some(sameSides)) continue;
      if (matches.length === 0) {
        ctx.diagnostics.report({
          code: "no-such-projection",
          span: t.span,
          format: { pre: selectionText(t.pre), post: selectionText(t.post) },
        });
        continue;
      }
      if (everySteps === undefined) continue;
      out.push({
        kind: "weights",
        id: out.length,
        projections: matches,
        everySteps,
        origin: decl.span,
      });
      continue;
    }
    if (t.kind !== "Selections") {
      ctx.diagnostics.report({
        code: "record-target",
        span: t.span,
        format: { what, expected: "populations or selections, not a projection" },
      });
      continue;
    }
    const targets: ResolvedSelection[] = [];
    let ok = true;
    for (const sel of t.selections) {
      const r = resolveSelection(sel, env);
      // the population's model is known also when the selection has an error
      const model = r !== undefined ? layout.models[r.population] : modelOfSelection(sel, layout);
      if (
        spec.kind === "state" &&
        model !== undefined &&
        !model.spec.state.some((v) => v.name === what)
      ) {
        ctx.diagnostics.report({
          code: "unknown-state-variable",
          span: decl.what.span,
          format: { model: model.name, base: model.spec.name, name: what },
          related: [
            {
              message: `'${sel.name.name}' is a population of '${model.name}'`,
              span: sel.span,
            },
          ],
        });
        ok = false;
        continue;
      }
      if (r === undefined) {
        ok = false;
        continue;
      }
      targets.push(r);
    }
    if (!ok || !eachNeuronOnce(targets, layout, ctx) || everySteps === undefined) continue;
    const irTargets = targets.map((r) => ({ population: r.population, indices: r.indices }));
    if (spec.kind === "spikes")
      out.push({ kind: "spikes", id: out.length, targets: irTargets, origin: decl.span });
    else
      out.push({
        kind: "state",
        id: out.length,
        variable: what as StateVariable,
        targets: irTargets,
        everySteps,
        origin: decl.span,
      });
  }
  return out;
}
