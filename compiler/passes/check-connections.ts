/**
 * Pass: check-connections.
 *
 * Input: declarations (connect and connectome declarations in declaration order), the
 * population layout, plasticity rules, constants and run settings.
 * Output: {@link ConnectionTable}: IR projections (ids in declaration order; a connectome's
 * chemical edges become one projection per receptor, exc first) and each one's resolved
 * selections (for `record weights of PRE -> POST`).
 * Preconditions: layout-populations and check-plasticity-rules ran.
 * Reports: invalid-projection, missing-setting, invalid-bool, zero-mean-weight,
 * weight-crosses-zero, positive-inhibitory-weight, negative-excitatory-weight, delay-below-dt,
 * delay-on-core, value-rounded, plasticity-not-applicable, weight-clipped, plastic-weight-range,
 * recurrent-below-threshold, and the rule and selection codes.
 */
import type { Span } from "../../common/index.js";
import type { ConnectDecl, Expr } from "../../grammar/ast.js";
import { expectInBounds, valueExprMean, valueExprRange, type Quantity } from "../eval/index.js";
import type { PlasticityRule, Projection, Receptor, ValueExpr } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import { checkDegree, readRule, type CheckedRule, type Side } from "./connection-rules.js";
import { Current, Dimensionless, Time, formatQuantity } from "./deps.js";
import type { ConnectomeLayout } from "./import-connectomes.js";
import type { PopulationLayout } from "./layout-populations.js";
import { lookupName } from "./resolve-names.js";
import {
  resolveSelection,
  selectedIndices,
  type ResolvedSelection,
  type SelectionEnv,
} from "./select.js";
import { createProjectionNamer, selectionText } from "./selection-text.js";
import { readSettings } from "./settings.js";
import { stepsOf } from "./time-grid.js";
import type { Values } from "./values.js";
import { expectedSynapses } from "./synapse-count.js";
import { describeShare, oppositeShare } from "./weight-sign.js";

export interface CheckedProjection {
  readonly projection: Projection;
  readonly pre: ResolvedSelection;
  readonly post: ResolvedSelection;
}

export interface ConnectionTable {
  readonly projections: readonly CheckedProjection[];
}

const connectKeys = [
  "rule",
  "weight",
  "delay",
  "receptor",
  "plasticity",
  "allow_self",
  "allow_multapses",
];

interface Env {
  readonly layout: PopulationLayout;
  readonly plasticity: PlasticityTable;
  readonly values: Values;
  readonly run: RunSettings;
  readonly ctx: PassContext;
  readonly sel: SelectionEnv;
  readonly decls: Declarations;
}

/** Checks every connect declaration and lowers connectome edges, in declaration order. */
export function checkConnections(
  decls: Declarations,
  layout: PopulationLayout,
  plasticity: PlasticityTable,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): ConnectionTable {
  const env: Env = {
    layout,
    plasticity,
    values,
    run,
    ctx,
    decls,
    sel: { decls, pops: layout.pops, evalIndex: values.integer, ctx },
  };
  const out: CheckedProjection[] = [];
  const name = createProjectionNamer();
  for (const decl of decls.all) {
    if (decl.kind === "Connect") {
      const p = checkConnect(decl, out.length, name, env);
      if (p !== undefined) out.push(p);
    } else if (decl.kind === "Connectome") {
      const c = layout.connectomes.find((x) => x.decl === decl);
      if (c !== undefined)
        for (const p of connectomeProjections(c, out.length, name, env)) out.push(p);
    }
  }
  return { projections: out };
}

function side(sel: ResolvedSelection, env: Env): Side | undefined {
  const pop = env.layout.byId[sel.population];
  if (pop === undefined) return undefined;
  return { sel, pop, indices: selectedIndices(sel, pop.size) };
}

function modelKind(id: number, env: Env): string {
  return env.layout.list[id]?.model.kind ?? "";
}

function isSourceKind(kind: string): boolean {
  return kind === "poisson" || kind === "spike_times";
}

function readBool(
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

function checkConnect(
  decl: ConnectDecl,
  id: number,
  nameOf: (base: string) => string,
  env: Env,
): CheckedProjection | undefined {
  const { ctx, values } = env;
  const preSel = resolveSelection(decl.pre, env.sel);
  const postSel = resolveSelection(decl.post, env.sel);
  const s = readSettings(decl.body, { keys: connectKeys }, "connect", ctx);
  const pre = preSel === undefined ? undefined : side(preSel, env);
  const post = postSel === undefined ? undefined : side(postSel, env);
  if (preSel === undefined || postSel === undefined || pre === undefined || post === undefined) {
    checkLoosely(s.values, env);
    return undefined;
  }
  const preKind = modelKind(pre.pop.id, env);
  const postKind = modelKind(post.pop.id, env);
  if (preKind === "" || postKind === "") return undefined;
  if (
    isSourceKind(postKind) ||
    (postKind === "neurocorex_lif" && !isSourceKind(preKind) && preKind !== "neurocorex_lif")
  ) {
    ctx.diagnostics.report({
      code: "invalid-projection",
      span: decl.post.span,
      format: {
        pre: selectionText(decl.pre),
        post: selectionText(decl.post),
        reason: isSourceKind(postKind)
          ? `'${post.pop.name}' is a ${postKind} spike source, and nothing arrives at a spike source`
          : `neurocorex_lif neurons take input only from spike sources and other neurocorex_lif neurons, and '${pre.pop.name}' is ${preKind}`,
      },
    });
    return undefined;
  }
  const core = postKind === "neurocorex_lif";
  let ok = true;
  const rule = readRule(
    s.values.get("rule")?.value,
    [
      "all_to_all",
      "one_to_one",
      "fixed_probability",
      "fixed_indegree",
      "fixed_outdegree",
      "from_list",
      "from_csv",
    ],
    pre,
    post,
    values,
    ctx,
  );
  const allowSelfW = readBool(s.values.get("allow_self")?.value, "allow_self", ctx);
  const allowMultapses = readBool(s.values.get("allow_multapses")?.value, "allow_multapses", ctx);
  if (rule === undefined || allowSelfW === undefined || allowMultapses === undefined) ok = false;
  const postSet = new Set(post.indices);
  const shared = pre.pop.id === post.pop.id && pre.indices.some((i) => postSet.has(i));
  const explicit = rule?.kind === "explicit";
  const allowSelf = explicit ? true : (allowSelfW ?? false);
  if (
    rule !== undefined &&
    !checkDegree(rule, pre, post, shared, allowSelf, allowMultapses ?? false, ctx)
  )
    ok = false;

  const weight = checkWeight(decl, s.values.get("weight")?.value, rule, core, env);
  if (weight === undefined) ok = false;
  const synapses =
    rule === undefined
      ? undefined
      : expectedSynapses(
          {
            pre: { population: pre.pop.id, indices: preSel.indices },
            post: { population: post.pop.id, indices: postSel.indices },
            rule: toIrRule(rule),
            allowSelf,
          },
          env.layout.list,
        );
  const receptor =
    weight === undefined
      ? undefined
      : decideReceptor(s.values.get("receptor")?.value, weight, core, synapses, env);
  if (receptor === undefined) ok = false;
  const delay = checkDelay(
    s.values.get("delay")?.value,
    rule,
    core,
    isSourceKind(preKind),
    decl,
    env,
  );
  if (delay === undefined) ok = false;
  const plasticity =
    weight === undefined || receptor === undefined
      ? null
      : attachPlasticity(
          s.values.get("plasticity")?.value,
          weight,
          receptor,
          preKind,
          postKind,
          env,
        );
  if (plasticity === undefined) ok = false;
  if (weight !== undefined && core && preKind === "neurocorex_lif")
    warnBelowThreshold(weight, post.pop.id, env);
  if (
    !ok ||
    rule === undefined ||
    weight === undefined ||
    receptor === undefined ||
    delay === undefined ||
    plasticity === undefined
  )
    return undefined;
  const projection: Projection = {
    id,
    name: nameOf(`${selectionText(decl.pre)}->${selectionText(decl.post)}`),
    pre: { population: pre.pop.id, indices: preSel.indices },
    post: { population: post.pop.id, indices: postSel.indices },
    rule: toIrRule(rule),
    allowSelf,
    allowMultapses: allowMultapses ?? false,
    weight: weight.expr,
    delay,
    receptor,
    plasticity,
    origin: decl.span,
  };
  return { projection, pre: preSel, post: postSel };
}

/**
 * When a side did not resolve, the block's values are still checked for what does not depend
 * on the sides (names, units of the delay, the plasticity rule), so one run shows every mistake.
 */
function checkLoosely(settings: ReadonlyMap<string, { value: Expr }>, env: Env): void {
  const weight = settings.get("weight")?.value;
  if (weight !== undefined) env.values.evaluate(weight, "'weight'");
  const delay = settings.get("delay")?.value;
  if (delay !== undefined) env.values.as(delay, Time, "'delay'");
  const plasticity = settings.get("plasticity")?.value;
  if (plasticity?.kind === "Ref" && plasticity.member === undefined)
    lookupName(plasticity.name, ["plasticity"], "plasticity rule", env.decls, env.ctx);
}

function toIrRule(rule: CheckedRule): Projection["rule"] {
  switch (rule.kind) {
    case "all_to_all":
    case "one_to_one":
      return { kind: rule.kind };
    case "fixed_probability":
      return { kind: "fixed_probability", p: rule.p };
    case "fixed_indegree":
    case "fixed_outdegree":
      return { kind: rule.kind, k: rule.k };
    case "explicit":
      return {
        kind: "explicit",
        pre: rule.pre,
        post: rule.post,
        ...(rule.weights !== undefined ? { weights: rule.weights } : {}),
        ...(rule.delays !== undefined ? { delays: rule.delays } : {}),
      };
    default: {
      const never: never = rule;
      return never;
    }
  }
}

/** A checked weight: the IR expression (SI, or core integers), its range and mean. */
interface CheckedWeight {
  readonly expr: ValueExpr;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly span: Span;
  readonly core: boolean;
}

function checkWeight(
  decl: ConnectDecl,
  expr: Expr | undefined,
  rule: CheckedRule | undefined,
  core: boolean,
  env: Env,
): CheckedWeight | undefined {
  const { ctx, values } = env;
  if (rule?.kind === "explicit" && rule.weights !== undefined) {
    const ws = rule.weights;
    if (core !== (rule.weightDimensionless === true)) {
      ctx.diagnostics.report({
        code: "csv-error",
        span: (expr ?? decl.pre).span,
        format: {
          message: core
            ? "Weights onto neurocorex_lif are bare integers: name the column 'weight'"
            : "Weights onto lif/izhikevich are currents: name the column weight_<unit> (e.g. weight_nA)",
        },
      });
      return undefined;
    }
    const mean = ws.length === 0 ? 0 : ws.reduce((a, b) => a + b, 0) / ws.length;
    return {
      expr: { kind: "const", value: mean },
      min: ws.reduce((a, b) => Math.min(a, b), mean),
      max: ws.reduce((a, b) => Math.max(a, b), mean),
      mean,
      span: expr?.span ?? decl.span,
      core,
    };
  }
  if (expr === undefined) {
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

function decideReceptor(
  expr: Expr | undefined,
  w: CheckedWeight,
  core: boolean,
  synapses: number | undefined,
  env: Env,
): Receptor | undefined {
  const { ctx } = env;
  let receptor: Receptor;
  if (expr !== undefined) {
    if (
      expr.kind === "Ref" &&
      expr.member === undefined &&
      (expr.name.name === "exc" || expr.name.name === "inh")
    )
      receptor = expr.name.name;
    else {
      if (expr.kind !== "Missing")
        ctx.diagnostics.report({
          code: "unknown-setting-value",
          span: expr.span,
          format: { name: "receptor", expected: "'exc' or 'inh'", hint: "" },
        });
      return undefined;
    }
  } else if (core) receptor = w.mean < 0 ? "inh" : "exc";
  else if (w.mean === 0) {
    ctx.diagnostics.report({ code: "zero-mean-weight", span: w.span });
    return undefined;
  } else receptor = w.mean > 0 ? "exc" : "inh";
  if (core) return receptor;
  const show = (x: number): string =>
    Number.isFinite(x) ? formatQuantity(x, Current) : x > 0 ? "+inf" : "-inf";
  if (w.min < 0 && w.max > 0)
    ctx.diagnostics.report({
      code: "weight-crosses-zero",
      span: w.span,
      format: {
        range: `[${show(w.min)}, ${show(w.max)}]`,
        receptor,
        share: describeShare(oppositeShare(w.expr, receptor), synapses),
      },
    });
  else if (receptor === "inh" && w.min > 0)
    ctx.diagnostics.report({
      code: "positive-inhibitory-weight",
      span: w.span,
      format: { value: show(w.mean) },
    });
  else if (receptor === "exc" && w.max < 0)
    ctx.diagnostics.report({ code: "negative-excitatory-weight", span: w.span });
  return receptor;
}

/** Checks one delay value in seconds against the grid; reports at `span`. */
function checkDelaySeconds(x: number, what: string, span: Span, env: Env): boolean {
  const { run, ctx } = env;
  const grid = stepsOf(x, run.dt);
  if (grid.steps < 1) {
    ctx.diagnostics.report({
      code: "delay-below-dt",
      span,
      format: { delay: formatQuantity(x, Time), dt: formatQuantity(run.dt, Time) },
    });
    return false;
  }
  if (grid.changed)
    ctx.diagnostics.report({
      code: "value-rounded",
      span,
      format: {
        what,
        value: formatQuantity(x, Time),
        dt: formatQuantity(run.dt, Time),
        rounded: formatQuantity(grid.steps * run.dt, Time),
      },
    });
  return true;
}

function checkDelay(
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
    return { kind: "const", value: fromSource ? 0 : run.dt };
  }
  if (rule?.kind === "explicit" && rule.delays !== undefined) {
    if (!run.ok) return { kind: "const", value: run.dt };
    for (const d of rule.delays)
      if (!checkDelaySeconds(d, "Delay", expr?.span ?? decl.span, env)) return undefined;
    return { kind: "const", value: run.dt };
  }
  if (expr === undefined) return { kind: "const", value: run.dt };
  const q = values.as(expr, Time, "'delay'");
  if (q.dim === null) return undefined;
  if (!run.ok) return q.value;
  if (q.value.kind === "const")
    return checkDelaySeconds(q.value.value, "Delay", expr.span, env) ? q.value : undefined;
  const r = valueExprRange(q.value);
  if (stepsOf(r.min, run.dt).steps < 1) {
    ctx.diagnostics.report({
      code: "delay-below-dt",
      span: expr.span,
      format: {
        delay: `${Number.isFinite(r.min) ? formatQuantity(r.min, Time) : "-inf"} (its smallest draw)`,
        dt: formatQuantity(run.dt, Time),
      },
    });
    return undefined;
  }
  return q.value;
}

function attachPlasticity(
  expr: Expr | undefined,
  w: CheckedWeight,
  receptor: Receptor,
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
      if (receptor !== "exc") return notHere("stdp applies to excitatory projections only");
      warnClipped(rule, w, entry.name, env);
      return rule.id;
    case "stdp_window":
      if (preKind !== "neurocorex_lif" || postKind !== "neurocorex_lif")
        return notHere(
          `stdp_window works between neurocorex_lif neurons only, here ${preKind} -> ${postKind}`,
        );
      warnCoreWeight(rule, w, env);
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
      format: {
        weight: w.max,
        problem: `can reach ${limit} (128 - step_plus), where potentiation wraps it to negative in the core's 8-bit arithmetic`,
      },
    });
}

function warnBelowThreshold(w: CheckedWeight, postPop: number, env: Env): void {
  const pop = env.layout.list[postPop];
  if (pop?.model.kind !== "neurocorex_lif") return;
  const threshold = pop.model.params.threshold;
  if (w.max > 0 && w.max < threshold)
    env.ctx.diagnostics.report({
      code: "recurrent-below-threshold",
      span: w.span,
      format: { weight: w.max, threshold },
    });
}

/** A connectome's chemical edges as projections: one per receptor that has edges, exc first. */
function connectomeProjections(
  c: ConnectomeLayout,
  firstId: number,
  nameOf: (base: string) => string,
  env: Env,
): CheckedProjection[] {
  const { ctx, run } = env;
  const edges = c.data.chemical;
  if (edges.length === 0) return [];
  const w = c.chemical.weight;
  const kind = modelKind(c.population, env);
  if (kind !== "lif" && kind !== "izhikevich") {
    ctx.diagnostics.report({
      code: "invalid-projection",
      span: c.decl.name.span,
      format: {
        pre: c.decl.name.name,
        post: c.decl.name.name,
        reason: `chemical edges need lif or izhikevich members ('neurons = ...'), not ${kind}`,
      },
    });
    return [];
  }
  if (w === undefined) {
    ctx.diagnostics.report({
      code: "missing-setting",
      span: c.decl.name.span,
      format: {
        where: `Connectome '${c.decl.name.name}' (it has chemical edges)`,
        name: "chemical { weight = ... }",
      },
    });
    return [];
  }
  let delay: ValueExpr = { kind: "const", value: run.dt };
  const d = c.chemical.delay;
  if (d !== undefined) {
    if (
      d.q.value.kind === "const" &&
      run.ok &&
      !checkDelaySeconds(d.q.value.value, "Delay", d.span, env)
    )
      return [];
    delay = d.q.value;
  }
  const mean = valueExprMean(w.q.value);
  const neg = (e: ValueExpr): ValueExpr =>
    e.kind === "const" ? { kind: "const", value: -e.value } : { kind: "neg", operand: e };
  const out: CheckedProjection[] = [];
  const all: ResolvedSelection = { population: c.population, indices: null, span: c.decl.span };
  for (const receptor of ["exc", "inh"] as const) {
    const mine = edges.filter((e) => e.receptor === receptor);
    if (mine.length === 0) continue;
    const magnitudeSign = receptor === "exc" ? (mean >= 0 ? 1 : -1) : mean <= 0 ? 1 : -1;
    const projection: Projection = {
      id: firstId + out.length,
      name: nameOf(`${c.decl.name.name}->${c.decl.name.name}`),
      pre: { population: c.population, indices: null },
      post: { population: c.population, indices: null },
      rule: {
        kind: "explicit",
        pre: mine.map((e) => e.pre),
        post: mine.map((e) => e.post),
        ...(w.perSynapse ? { weightScale: mine.map((e) => e.count) } : {}),
      },
      allowSelf: true,
      allowMultapses: false,
      weight: magnitudeSign === 1 ? w.q.value : neg(w.q.value),
      delay,
      receptor,
      plasticity: null,
      origin: c.decl.span,
    };
    out.push({ projection, pre: all, post: all });
  }
  return out;
}
