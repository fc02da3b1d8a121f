/**
 * Pass: check-plasticity-rules.
 *
 * Input: the `plasticity NAME = RULE { ... }` declarations, constants and the run settings (dt).
 * Output: {@link PlasticityTable}: each valid rule as an IR {@link PlasticityRule} with its id
 * (ids in declaration order, over the valid rules).
 * Preconditions: evaluate-constants and check-run ran.
 * Reports: unknown-plasticity-rule, stdp-bounds, value-out-of-range and value-rounded (window
 * steps), stdp-window-mismatch, and parameter errors.
 *
 * `stdp_window` windows become steps: round(window / dt) (half away from zero), 1..255; every
 * stdp_window rule of a network must equal the first (the core's learning settings are global).
 * Where they attach is checked by check-connections and layout-populations.
 */
import type { Span } from "../../common/index.js";
import type { PlasticityDecl } from "../../grammar/ast.js";
import { lookupPlasticity, plasticityKinds } from "../builtins/index.js";
import { expectInBounds } from "../eval/index.js";
import type { PlasticityRule } from "../ir/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { Current, Dimensionless, Time, didYouMeanHint, formatQuantity, suggest } from "./deps.js";
import type { RunSettings } from "./check-run.js";
import { readRuleParams } from "./rule-params.js";
import { stepsOf } from "../ir/time-grid.js";
import type { Values } from "./values.js";

export interface PlasticityTable {
  readonly byName: ReadonlyMap<string, PlasticityRule>;
  readonly rules: readonly PlasticityRule[];
  /** Names whose declaration had an error (uses stay silent). */
  readonly failed: ReadonlySet<string>;
}

/** Checks every plasticity declaration. */
export function checkPlasticityRules(
  decls: Declarations,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): PlasticityTable {
  const byName = new Map<string, PlasticityRule>();
  const rules: PlasticityRule[] = [];
  const failed = new Set<string>();
  let firstWindow: { rule: Extract<PlasticityRule, { kind: "stdp_window" }> } | undefined;
  for (const entry of decls.entries) {
    if (entry.node.kind !== "plasticity") continue;
    const rule = checkRule(entry.node.decl, rules.length, values, run, ctx);
    if (rule === undefined) {
      failed.add(entry.name);
      continue;
    }
    if (rule.kind === "stdp_window") {
      if (firstWindow === undefined) firstWindow = { rule };
      else if (!sameWindow(firstWindow.rule, rule)) {
        ctx.diagnostics.report({
          code: "stdp-window-mismatch",
          span: entry.node.decl.name.span,
          format: { name: rule.name, first: firstWindow.rule.name },
          related: [
            {
              message: `'${firstWindow.rule.name}' is declared here`,
              span: firstWindow.rule.origin,
            },
          ],
        });
        failed.add(entry.name);
        continue;
      }
    }
    byName.set(entry.name, rule);
    rules.push(rule);
  }
  // a rule whose name was rejected: its settings are checked all the same
  for (const { node } of decls.rejectedDecls)
    if (node.kind === "plasticity") checkRule(node.decl, -1, values, run, ctx);
  return { byName, rules, failed };
}

function sameWindow(
  a: Extract<PlasticityRule, { kind: "stdp_window" }>,
  b: Extract<PlasticityRule, { kind: "stdp_window" }>,
): boolean {
  return (
    a.window_pre_steps === b.window_pre_steps &&
    a.window_post_steps === b.window_post_steps &&
    a.step_plus === b.step_plus &&
    a.step_minus === b.step_minus
  );
}

function checkRule(
  decl: PlasticityDecl,
  id: number,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): PlasticityRule | undefined {
  const ruleName = decl.rule.name;
  if (decl.rule.missing === true) return undefined;
  const spec = lookupPlasticity(ruleName);
  if (spec === undefined) {
    ctx.diagnostics.report({
      code: "unknown-plasticity-rule",
      span: decl.rule.span,
      format: { name: ruleName, hint: didYouMeanHint(suggest(ruleName, plasticityKinds)) },
    });
    return undefined;
  }
  const name = decl.name.name;
  const p = readRuleParams(
    decl.body,
    spec.params,
    `${ruleName} '${name}'`,
    decl.rule.span,
    values,
    ctx,
  );
  if (!p.ok) return undefined;
  const n = (k: string): number => p.numbers[k] ?? Number.NaN;
  const origin = decl.span;
  switch (spec.name) {
    case "stdp": {
      const w_min = n("w_min");
      const w_max = n("w_max");
      if (!(w_min >= 0 && w_min < w_max)) {
        ctx.diagnostics.report({
          code: "stdp-bounds",
          span: p.spans["w_max"] ?? p.spans["w_min"] ?? decl.name.span,
          format: { w_min: formatQuantity(w_min, Current), w_max: formatQuantity(w_max, Current) },
        });
        return undefined;
      }
      const dependence = p.words["dependence"] === "multiplicative" ? "multiplicative" : "additive";
      return {
        kind: "stdp",
        id,
        name,
        tau_plus: n("tau_plus"),
        tau_minus: n("tau_minus"),
        a_plus: n("a_plus"),
        a_minus: n("a_minus"),
        w_min,
        w_max,
        dependence,
        origin,
      };
    }
    case "stdp_window": {
      if (!run.dtOk) return undefined;
      const pre = windowSteps(
        "window_pre",
        n("window_pre"),
        p.spans["window_pre"] ?? decl.rule.span,
        run,
        ctx,
      );
      const post = windowSteps(
        "window_post",
        n("window_post"),
        p.spans["window_post"] ?? decl.rule.span,
        run,
        ctx,
      );
      if (pre === undefined || post === undefined) return undefined;
      return {
        kind: "stdp_window",
        id,
        name,
        window_pre_steps: pre,
        window_post_steps: post,
        step_plus: n("step_plus"),
        step_minus: n("step_minus"),
        origin,
      };
    }
    case "homeostasis":
      return {
        kind: "homeostasis",
        id,
        name,
        target_rate: n("target_rate"),
        tau: n("tau"),
        eta: n("eta"),
        origin,
      };
    default: {
      const never: never = spec.name;
      return never;
    }
  }
}

function windowSteps(
  key: string,
  seconds: number,
  span: Span,
  run: RunSettings,
  ctx: PassContext,
): number | undefined {
  const grid = stepsOf(seconds, run.dt);
  if (
    !expectInBounds(
      grid.steps,
      { min: 1, max: 255 },
      Dimensionless,
      `'${key}' in steps`,
      span,
      ctx.diagnostics,
    )
  )
    return undefined;
  if (grid.changed)
    ctx.diagnostics.report({
      code: "value-rounded",
      span,
      format: {
        what: `'${key}'`,
        value: formatQuantity(seconds, Time),
        dt: formatQuantity(run.dt, Time),
        rounded: `${grid.steps} steps (${formatQuantity(grid.steps * run.dt, Time)})`,
      },
    });
  return grid.steps;
}
