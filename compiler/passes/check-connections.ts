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
import type { ConnectDecl, Expr } from "../../grammar/ast.js";
import { connectionRuleNames } from "../builtins/index.js";
import { expectedSynapses, type Projection } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import { checkDegree, checkRuleLoosely, readRule, type CheckedRule } from "./connection-rules.js";
import { Time } from "./deps.js";
import { modelOfSelection, type PopulationLayout } from "./layout-populations.js";
import { lookupName } from "./resolve-names.js";
import { resolveSelection, type ResolvedSelection } from "./select.js";
import { createProjectionNamer, selectionText } from "./selection-text.js";
import { readSettings, type Settings } from "./settings.js";
import type { Values } from "./values.js";
import {
  attachPlasticity,
  checkDelay,
  checkWeight,
  decideReceptor,
  isSourceKind,
  modelKind,
  readBool,
  side,
  warnBelowThreshold,
  type Env,
} from "./connection-values.js";
import { readReceptor } from "./receptor.js";
import { connectomeProjections } from "./connectome-projections.js";

export interface CheckedProjection {
  readonly projection: Projection;
  readonly pre: ResolvedSelection;
  readonly post: ResolvedSelection;
}

/** The resolved sides of a connect declaration that was rejected with an error. */
export interface RejectedProjection {
  readonly pre: ResolvedSelection;
  readonly post: ResolvedSelection;
}

export interface ConnectionTable {
  readonly projections: readonly CheckedProjection[];
  /** So that a recording of a rejected projection is not reported again as missing. */
  readonly rejected: readonly RejectedProjection[];
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
  const rejected: RejectedProjection[] = [];
  const name = createProjectionNamer();
  for (const decl of decls.all) {
    if (decl.kind === "Connect") {
      const p = checkConnect(decl, out.length, name, env);
      if (p !== undefined && "projection" in p) out.push(p);
      else if (p !== undefined) rejected.push(p);
    } else if (decl.kind === "Connectome") {
      const c = layout.connectomes.find((x) => x.decl === decl);
      if (c !== undefined)
        for (const p of connectomeProjections(c, out.length, name, env)) out.push(p);
    }
  }
  return { projections: out, rejected };
}

/**
 * One connect declaration: its projection, or, when it is rejected with an error after its sides
 * resolved, those sides.
 */
function checkConnect(
  decl: ConnectDecl,
  id: number,
  nameOf: (base: string) => string,
  env: Env,
): CheckedProjection | RejectedProjection | undefined {
  const { ctx, values } = env;
  const preSel = resolveSelection(decl.pre, env.sel);
  const postSel = resolveSelection(decl.post, env.sel);
  const s = readSettings(decl.body, { keys: connectKeys }, "connect", ctx);
  const pre = preSel === undefined ? undefined : side(preSel, env);
  const post = postSel === undefined ? undefined : side(postSel, env);
  // the model kinds, known also when a selection has an error ("" when the model is not)
  const preKind =
    pre !== undefined
      ? modelKind(pre.pop.id, env)
      : (modelOfSelection(decl.pre, env.layout)?.spec.name ?? "");
  const postKind =
    post !== undefined
      ? modelKind(post.pop.id, env)
      : (modelOfSelection(decl.post, env.layout)?.spec.name ?? "");
  const resolved = preSel !== undefined && postSel !== undefined;
  const rejected: RejectedProjection | undefined = resolved
    ? { pre: preSel, post: postSel }
    : undefined;
  if (
    isSourceKind(postKind) ||
    (postKind === "neurocorex_lif" &&
      preKind !== "" &&
      !isSourceKind(preKind) &&
      preKind !== "neurocorex_lif")
  ) {
    ctx.diagnostics.report({
      code: "invalid-projection",
      span: decl.post.span,
      format: {
        pre: selectionText(decl.pre),
        post: selectionText(decl.post),
        reason: isSourceKind(postKind)
          ? `'${decl.post.name.name}' is a ${postKind} spike source, and nothing arrives at a spike source`
          : `neurocorex_lif neurons take input only from spike sources and other neurocorex_lif neurons, and '${decl.pre.name.name}' is ${preKind}`,
      },
    });
    return rejected;
  }
  if (preSel === undefined || postSel === undefined || pre === undefined || post === undefined) {
    checkLoosely(decl, s, preKind, postKind, env);
    return undefined;
  }
  if (preKind === "" || postKind === "") return rejected;
  const core = postKind === "neurocorex_lif";
  let ok = true;
  const rule = readRule(s.values.get("rule")?.value, connectionRuleNames, pre, post, values, ctx);
  const allowSelfW = readBool(s.values.get("allow_self")?.value, "allow_self", ctx);
  const allowMultapses = readBool(s.values.get("allow_multapses")?.value, "allow_multapses", ctx);
  if (rule === undefined || allowSelfW === undefined || allowMultapses === undefined) ok = false;
  const shared =
    pre.pop.id === post.pop.id &&
    (preSel.indices === null ||
      postSel.indices === null ||
      ((postSet) => pre.indices.some((i) => postSet.has(i)))(new Set(post.indices)));
  const explicit = rule?.kind === "explicit";
  const allowSelf = explicit ? true : (allowSelfW ?? false);
  if (
    rule !== undefined &&
    !checkDegree(rule, pre, post, shared, allowSelf, allowMultapses ?? false, ctx)
  )
    ok = false;

  const weightExpr = s.values.get("weight")?.value;
  const misspelled = s.misspelled.has("weight");
  const weight = checkWeight(decl, weightExpr, rule, core, env, misspelled);
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
          env.layout.byId,
        );
  if (ok && synapses === 0 && rule !== undefined) {
    // a rule that would pair neurons, and pairs only neurons with themselves: a slip of allow_self
    const withSelf = expectedSynapses(
      {
        pre: { population: pre.pop.id, indices: preSel.indices },
        post: { population: post.pop.id, indices: postSel.indices },
        rule: toIrRule(rule),
        allowSelf: true,
      },
      env.layout.byId,
    );
    if (withSelf > 0)
      ctx.diagnostics.report({
        code: "projection-empty",
        span: { ...decl.pre.span, end: decl.post.span.end },
        format: { pre: selectionText(decl.pre), post: selectionText(decl.post) },
      });
  }
  // without a weight the receptor is known only when written (and checked all the same)
  const receptor =
    weight === undefined
      ? (readReceptor(s.values.get("receptor")?.value, ctx) ?? undefined)
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
  const plasticity = attachPlasticity(
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
    return rejected;
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
 * on the selections (the rule's name and arguments, the flags, the receptor, the plasticity
 * rule's name) and, when the models are known, for what depends only on them (the weight's
 * and delay's dimensions, whether the plasticity rule applies), so one run shows every mistake.
 */
function checkLoosely(
  decl: ConnectDecl,
  s: Settings,
  preKind: string,
  postKind: string,
  env: Env,
): void {
  const { values, ctx } = env;
  const get = (key: string): Expr | undefined => s.values.get(key)?.value;
  const misspelled = s.misspelled.has("weight");
  const rule = checkRuleLoosely(get("rule"), connectionRuleNames, values, ctx);
  readBool(get("allow_self"), "allow_self", ctx);
  readBool(get("allow_multapses"), "allow_multapses", ctx);
  readReceptor(get("receptor"), ctx);
  // a CSV edge list may bring weight and delay columns that replace the block's values; an
  // erroneous rule might have been one
  const fromFile = rule === undefined || rule === "from_csv";
  const core = postKind === "neurocorex_lif";
  const weight = get("weight");
  if (!fromFile && postKind !== "") checkWeight(decl, weight, undefined, core, env, misspelled);
  else if (!fromFile && weight === undefined)
    checkWeight(decl, undefined, undefined, core, env, misspelled);
  else if (weight !== undefined) values.evaluate(weight, "'weight'");
  const delay = get("delay");
  if (!fromFile && postKind !== "" && delay !== undefined)
    checkDelay(delay, undefined, core, isSourceKind(preKind), decl, env);
  else if (delay !== undefined) values.as(delay, Time, "'delay'");
  const plasticity = get("plasticity");
  // whether the rule applies depends on both models
  if (preKind !== "" && postKind !== "")
    attachPlasticity(plasticity, undefined, undefined, preKind, postKind, env);
  else if (plasticity?.kind === "Ref" && plasticity.member === undefined)
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
