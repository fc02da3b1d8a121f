/**
 * The values of a connect block (SPEC §3-§5, §7): the weight (a current, or a core integer), the
 * receptor (written, or the sign of the weight's mean), the delay on the step grid, and the
 * plasticity rule with its applicability checks and warnings. Used by check-connections.
 *
 * Reports: missing-setting, csv-error (weight column kind), zero-mean-weight,
 * weight-crosses-zero, positive-inhibitory-weight, negative-excitatory-weight, delay-below-dt,
 * delay-on-core, value-rounded, plasticity-not-applicable, weight-clipped, plastic-weight-range,
 * recurrent-below-threshold, expected-name.
 */
import type { Span } from "../../common/index.js";
import type { ConnectDecl, Expr } from "../../grammar/ast.js";
import { valueExprMean, valueExprRange, type Quantity } from "../eval/index.js";
import { isRandomValueExpr } from "../ir/value-expr.js";
import type { PlasticityRule, Receptor, ValueExpr } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import { readReceptor } from "./receptor.js";
import type { PassContext } from "./context.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import { type CheckedRule, type Side } from "./connection-rules.js";
import { Current, Time, formatQuantity } from "./deps.js";
import type { PopulationLayout } from "./layout-populations.js";
import { lookupName } from "./resolve-names.js";
import { selectedIndices, type ResolvedSelection, type SelectionEnv } from "./select.js";
import { stepsOf } from "../ir/time-grid.js";
import type { Values } from "./values.js";
import { describeShare, oppositeShare } from "./weight-sign.js";

/** What the connection checks share. */
export interface Env {
  readonly layout: PopulationLayout;
  readonly plasticity: PlasticityTable;
  readonly values: Values;
  readonly run: RunSettings;
  readonly ctx: PassContext;
  readonly sel: SelectionEnv;
  readonly decls: Declarations;
}

export function side(sel: ResolvedSelection, env: Env): Side | undefined {
  const pop = env.layout.byId[sel.population];
  if (pop === undefined) return undefined;
  return { sel, pop, indices: selectedIndices(sel, pop.size) };
}

/** The model kind of a population (known also when its settings have an error). */
export function modelKind(id: number, env: Env): string {
  return env.layout.models[id]?.spec.name ?? "";
}

export function isSourceKind(kind: string): boolean {
  return kind === "poisson" || kind === "spike_times";
}

export function readBool(
  expr: Expr | undefined,
  name: string,
  ctx: PassContext,
): boolean | null | undefined {
  if (expr === undefined) return null;
  if (expr.kind === "Bool") return expr.value;
  if (expr.kind !== "Missing")
    ctx.diagnostics.report({ code: "invalid-bool", span: expr.span, format: { name } });
  return undefined;
}

/** A checked weight: the IR expression (SI, or core integers), its range and mean. */
export interface CheckedWeight {
  readonly expr: ValueExpr;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly span: Span;
  readonly core: boolean;
  /** The weights of a from_csv weight column, one per edge (kept as written, never zeroed). */
  readonly perEdge?: readonly number[];
  /** With `perEdge`: each edge's CSV row (`file.csv:LINE`), for the notes. */
  readonly rows?: readonly string[];
}

/**
 * Notes for a warning about per-edge weights: the first CSV row whose weight passes `test` (the
 * cell the user would change). Empty for a written weight.
 */
function rowNotes(w: CheckedWeight, test: (x: number) => boolean): string[] {
  const k = w.perEdge?.findIndex(test) ?? -1;
  const row = k < 0 ? undefined : w.rows?.[k];
  return row === undefined ? [] : [row];
}

export function checkWeight(
  decl: ConnectDecl,
  expr: Expr | undefined,
  rule: CheckedRule | undefined,
  core: boolean,
  env: Env,
  /** An unknown setting was reported as a misspelling of `weight`: not missing again. */
  misspelled = false,
): CheckedWeight | undefined {
  const { ctx, values } = env;
  if (rule?.kind === "explicit" && rule.weights !== undefined) {
    const ws = rule.weights;
    if (core !== (rule.weightDimensionless === true)) {
      // the CSV's column is at fault: report at the file's path, with its header row
      ctx.diagnostics.report({
        code: "csv-error",
        span: rule.file ?? (expr ?? decl.pre).span,
        format: {
          message: core
            ? "Weights onto neurocorex_lif are bare integers: name the column 'weight'"
            : "Weights onto lif/izhikevich are currents: name the column weight_<unit> (e.g. weight_nA)",
        },
        notes: rule.header !== undefined ? [rule.header] : [],
      });
      return undefined;
    }
    if (core && !coreWeightsInRange(ws, rule, expr?.span ?? decl.span, ctx)) return undefined;
    const mean = ws.length === 0 ? 0 : ws.reduce((a, b) => a + b, 0) / ws.length;
    return {
      expr: { kind: "const", value: mean },
      min: ws.reduce((a, b) => Math.min(a, b), mean),
      max: ws.reduce((a, b) => Math.max(a, b), mean),
      mean,
      // the column replaces the block's weight: problems with the weights are the file's
      span: rule.file ?? expr?.span ?? decl.span,
      core,
      perEdge: ws,
      ...(rule.rows !== undefined ? { rows: rule.rows } : {}),
    };
  }
  if (expr === undefined) {
    if (misspelled) return undefined;
    ctx.diagnostics.report({
      code: "missing-setting",
      span:
        decl.pre.span.start === decl.span.start
          ? decl.span
          : { ...decl.span, end: decl.post.span.end },
      format: { where: "This connect", name: "weight" },
    });
    return undefined;
  }
  if (core) {
    const w = values.integer(expr, "'weight' (onto neurocorex_lif)", { min: -128, max: 127 });
    if (w === undefined) return undefined;
    return { expr: { kind: "const", value: w }, min: w, max: w, mean: w, span: expr.span, core };
  }
  const q: Quantity = values.as(expr, Current, "'weight'");
  if (q.dim === null) return undefined;
  const r = valueExprRange(q.value);
  return {
    expr: q.value,
    min: r.min,
    max: r.max,
    mean: valueExprMean(q.value),
    span: expr.span,
    core,
  };
}

/**
 * A CSV file's weights onto neurocorex_lif are the core's int8 weights, as a written one is
 * (SPEC §3): whole numbers in −128..127. Reports the first ten others, each with its CSV line.
 */
function coreWeightsInRange(
  ws: readonly number[],
  rule: Extract<CheckedRule, { kind: "explicit" }>,
  fallback: Span,
  ctx: PassContext,
): boolean {
  let bad = 0;
  ws.forEach((w, k) => {
    if (Number.isInteger(w) && w >= -128 && w <= 127) return;
    if (bad++ >= 10) return;
    const row = rule.rows?.[k];
    ctx.diagnostics.report({
      code: "csv-error",
      span: rule.file ?? fallback,
      format: {
        message: `Weight ${w} onto neurocorex_lif must be a whole number between -128 and 127`,
      },
      notes: row !== undefined ? [row] : [],
    });
  });
  return bad === 0;
}

export function decideReceptor(
  expr: Expr | undefined,
  w: CheckedWeight,
  core: boolean,
  synapses: number | undefined,
  env: Env,
): Receptor | undefined {
  const { ctx } = env;
  let receptor: Receptor;
  const written = readReceptor(expr, ctx);
  if (written === undefined) return undefined;
  if (written !== null) receptor = written;
  else if (core) receptor = w.mean < 0 ? "inh" : "exc";
  else if (w.mean === 0) {
    ctx.diagnostics.report({
      code: "zero-mean-weight",
      span: w.span,
      notes: w.perEdge === undefined ? [] : ["the mean of the file's weight column is 0"],
    });
    return undefined;
  } else receptor = w.mean > 0 ? "exc" : "inh";
  if (core) return receptor;
  const show = (x: number): string =>
    Number.isFinite(x) ? formatQuantity(x, Current) : x > 0 ? "+inf" : "-inf";
  // SPEC §3: a draw of the opposite sign becomes 0; constants and per-edge weights (not draws)
  // are kept as written, and the warnings say which happens
  const drawn = isRandomValueExpr(w.expr);
  if (w.min < 0 && w.max > 0 && oppositeDrawsExpected(w, receptor, synapses))
    ctx.diagnostics.report({
      code: "weight-crosses-zero",
      span: w.span,
      notes: rowNotes(w, (x) => (receptor === "exc" ? x < 0 : x > 0)),
      format: {
        range: `[${show(w.min)}, ${show(w.max)}]`,
        detail:
          w.perEdge === undefined
            ? `${describeShare(oppositeShare(w.expr, receptor), synapses)} of its draws have the opposite sign to the ${receptor} receptor and become 0`
            : oppositeEdges(w.perEdge, receptor),
      },
    });
  else if (receptor === "inh" && w.min > 0)
    ctx.diagnostics.report({
      code: "positive-inhibitory-weight",
      span: w.span,
      notes: rowNotes(w, (x) => x > 0),
      format: { value: show(w.mean) },
    });
  else if (receptor === "exc" && w.max < 0)
    ctx.diagnostics.report({
      code: "negative-excitatory-weight",
      span: w.span,
      notes: rowNotes(w, (x) => x < 0),
      format: {
        fate: drawn
          ? "its draws below 0 become 0"
          : w.perEdge === undefined
            ? "it is kept as written, a negative current into i_exc"
            : "they are kept as written, negative currents into i_exc",
      },
    });
  return receptor;
}

/**
 * Whether a weight whose range crosses 0 is expected to give any synapse the opposite sign: a
 * `normal` is unbounded, but `normal(1 nA, 0.01 nA)` (100 sd from 0) never draws below 0 in any
 * network, and warning "about 0% (~0 synapses)" only taught people to ignore the warning. With an
 * exact share and a known synapse count, the expected count must round to at least 1 (the build
 * still reports every draw actually zeroed, weights-wrong-sign); otherwise any share warns.
 */
function oppositeDrawsExpected(
  w: CheckedWeight,
  receptor: Receptor,
  synapses: number | undefined,
): boolean {
  if (w.perEdge !== undefined) return true;
  const share = oppositeShare(w.expr, receptor);
  if (share === undefined) return true;
  return synapses === undefined ? share > 0 : share * synapses >= 0.5;
}

/** How many per-edge weights have the sign opposite to the receptor, and that they are kept. */
function oppositeEdges(weights: readonly number[], receptor: Receptor): string {
  const n = weights.filter((x) => (receptor === "exc" ? x < 0 : x > 0)).length;
  const current = receptor === "exc" ? "i_exc" : "i_inh";
  return `${n} of its ${weights.length} weights ${n === 1 ? "has" : "have"} the opposite sign to the ${receptor} receptor and ${n === 1 ? "is" : "are"} kept as written, into ${current}`;
}

/** Checks one delay value in seconds against the grid; reports at `span`. */
export function checkDelaySeconds(
  x: number,
  what: string,
  span: Span,
  env: Env,
  notes: readonly string[] = [],
): boolean {
  const { run, ctx } = env;
  const grid = stepsOf(x, run.dt);
  if (grid.steps < 1) {
    ctx.diagnostics.report({
      code: "delay-below-dt",
      span,
      format: { delay: formatQuantity(x, Time), dt: formatQuantity(run.dt, Time) },
      notes,
    });
    return false;
  }
  if (grid.changed)
    ctx.diagnostics.report({
      code: "value-rounded",
      span,
      notes,
      format: {
        what,
        value: formatQuantity(x, Time),
        dt: formatQuantity(run.dt, Time),
        rounded: formatQuantity(grid.steps * run.dt, Time),
      },
    });
  return true;
}

export function checkDelay(
  expr: Expr | undefined,
  rule: CheckedRule | undefined,
  core: boolean,
  fromSource: boolean,
  decl: ConnectDecl,
  env: Env,
): ValueExpr | undefined {
  const { ctx, values, run } = env;
  if (core) {
    if (expr !== undefined) {
      ctx.diagnostics.report({ code: "delay-on-core", span: expr.span });
      return undefined;
    }
    if (rule?.kind === "explicit" && rule.delays !== undefined) {
      // a delay column replaces the block's delay, so it is a written delay too
      ctx.diagnostics.report({
        code: "csv-error",
        span: rule.file ?? decl.span,
        format: {
          message:
            "Projections onto neurocorex_lif have fixed delays (0 from spike sources, dt recurrent); remove the delay column",
        },
      });
      return undefined;
    }
    return { kind: "const", value: fromSource ? 0 : run.dt };
  }
  if (rule?.kind === "explicit" && rule.delays !== undefined) {
    if (!run.dtOk) return { kind: "const", value: run.dt };
    // every row checked, each diagnostic with its CSV line; the first 10 such rows reported
    let bad = 0;
    let reported = 0;
    rule.delays.forEach((d, k) => {
      if (reported >= 10) {
        if (stepsOf(d, run.dt).steps < 1) bad++;
        return;
      }
      const before = ctx.diagnostics.items.length;
      const row = rule.rows?.[k];
      // the column replaces the block's delay: the file's cell is at fault, not `delay = ...`
      const at = rule.file ?? expr?.span ?? decl.span;
      if (!checkDelaySeconds(d, "Delay", at, env, row ? [row] : [])) bad++;
      if (ctx.diagnostics.items.length > before) reported++;
    });
    return bad > 0 ? undefined : { kind: "const", value: run.dt };
  }
  if (expr === undefined) return { kind: "const", value: run.dt };
  const q = values.as(expr, Time, "'delay'");
  if (q.dim === null) return undefined;
  if (!run.dtOk) return q.value;
  return checkDelayValue(q.value, expr.span, env) ? q.value : undefined;
}

/**
 * A delay in seconds, constant or random, against the grid (SPEC §7: at least one step after
 * rounding): a random one by its smallest possible draw. Reports at `span`.
 */
export function checkDelayValue(value: ValueExpr, span: Span, env: Env): boolean {
  const { run, ctx } = env;
  if (value.kind === "const") return checkDelaySeconds(value.value, "Delay", span, env);
  const r = valueExprRange(value);
  if (stepsOf(r.min, run.dt).steps < 1) {
    ctx.diagnostics.report({
      code: "delay-below-dt",
      span,
      format: {
        delay: `${Number.isFinite(r.min) ? formatQuantity(r.min, Time) : "-inf"} (its smallest draw)`,
        dt: formatQuantity(run.dt, Time),
      },
    });
    return false;
  }
  return true;
}

/**
 * The plasticity rule of a connect block. `w` and `receptor` are undefined when they have an
 * error (reported): the rule's name and what depends on the models are still checked.
 */
export function attachPlasticity(
  expr: Expr | undefined,
  w: CheckedWeight | undefined,
  receptor: Receptor | undefined,
  preKind: string,
  postKind: string,
  env: Env,
): number | null | undefined {
  const { ctx } = env;
  if (expr === undefined) return null;
  if (expr.kind === "Missing") return undefined;
  if (expr.kind !== "Ref" || expr.member !== undefined) {
    ctx.diagnostics.report({
      code: "expected-name",
      span: expr.span,
      format: { what: "'plasticity'" },
    });
    return undefined;
  }
  const entry = lookupName(expr.name, ["plasticity"], "plasticity rule", env.decls, ctx);
  if (entry === undefined) return undefined;
  const rule = env.plasticity.byName.get(entry.name);
  if (rule === undefined) return undefined;
  const notHere = (reason: string): undefined => {
    ctx.diagnostics.report({
      code: "plasticity-not-applicable",
      span: expr.span,
      format: { name: entry.name, rule: rule.kind, reason },
    });
    return undefined;
  };
  switch (rule.kind) {
    case "homeostasis":
      return notHere("homeostasis attaches to a population (plasticity = NAME in its block)");
    case "stdp":
      if (postKind !== "lif" && postKind !== "izhikevich")
        return notHere(`stdp needs lif or izhikevich targets, not ${postKind}`);
      if (receptor === undefined) return undefined;
      if (receptor !== "exc") return notHere("stdp applies to excitatory projections only");
      if (w !== undefined) warnClipped(rule, w, entry.name, env);
      return rule.id;
    case "stdp_window":
      if (preKind !== "neurocorex_lif" || postKind !== "neurocorex_lif")
        return notHere(
          `stdp_window works between neurocorex_lif neurons only, here ${preKind} -> ${postKind}`,
        );
      if (w !== undefined) warnCoreWeight(rule, w, env);
      return rule.id;
    default: {
      const never: never = rule;
      return never;
    }
  }
}

function warnClipped(
  rule: Extract<PlasticityRule, { kind: "stdp" }>,
  w: CheckedWeight,
  name: string,
  env: Env,
): void {
  if (w.min >= rule.w_min && w.max <= rule.w_max) return;
  const show = (x: number): string =>
    Number.isFinite(x) ? formatQuantity(x, Current) : x > 0 ? "+inf" : "-inf";
  env.ctx.diagnostics.report({
    code: "weight-clipped",
    span: w.span,
    notes: rowNotes(w, (x) => x < rule.w_min || x > rule.w_max),
    format: {
      range: w.min === w.max ? show(w.min) : `[${show(w.min)}, ${show(w.max)}]`,
      w_min: show(rule.w_min),
      w_max: show(rule.w_max),
      rule: name,
    },
  });
}

function warnCoreWeight(
  rule: Extract<PlasticityRule, { kind: "stdp_window" }>,
  w: CheckedWeight,
  env: Env,
): void {
  const limit = 128 - rule.step_plus;
  if (w.min < -1)
    env.ctx.diagnostics.report({
      code: "plastic-weight-range",
      span: w.span,
      notes: rowNotes(w, (x) => x === w.min),
      format: {
        weight: w.min,
        problem:
          "starts below -1: depression never takes it lower, and potentiation lifts it from there",
      },
    });
  else if (w.max >= limit)
    env.ctx.diagnostics.report({
      code: "plastic-weight-range",
      span: w.span,
      notes: rowNotes(w, (x) => x === w.max),
      format: {
        weight: w.max,
        problem: `can reach ${limit} (128 - step_plus), where potentiation wraps it to negative in the core's 8-bit arithmetic`,
      },
    });
}

export function warnBelowThreshold(w: CheckedWeight, postPop: number, env: Env): void {
  const pop = env.layout.populations[postPop]; // undefined when its threshold has an error
  if (pop?.model.kind !== "neurocorex_lif") return;
  const threshold = pop.model.params.threshold;
  if (w.max > 0 && w.max < threshold)
    env.ctx.diagnostics.report({
      code: "recurrent-below-threshold",
      span: w.span,
      notes: rowNotes(w, (x) => x === w.max),
      format: { weight: w.max, threshold },
    });
}
