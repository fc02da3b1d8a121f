/**
 * Pass: check-stimuli.
 *
 * Input: stimulus declarations, population layout, constants.
 * Output: IR {@link Stimulus} list, ids in declaration order.
 * Preconditions: layout-populations ran.
 * Reports: unknown-stimulus-kind, stimulus-target, missing-setting, value-out-of-range (stop
 * before start), stimulus-never-on (a step that covers none of the run's steps), and parameter
 * errors.
 */
import { lookupStimulus, stimulusKindNames } from "../builtins/index.js";
import { expectInBounds } from "../eval/index.js";
import type { Stimulus, StimulusWave } from "../ir/index.js";
import type { StimulusDecl } from "../../grammar/ast.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { Time, didYouMeanHint, suggest } from "./deps.js";
import { modelOfSelection, type PopulationLayout } from "./layout-populations.js";
import { readRuleParams } from "./rule-params.js";
import { resolveSelection, type SelectionEnv } from "./select.js";
import type { Values } from "./values.js";
import type { RunSettings } from "./check-run.js";
import { firstStepAtOrAfter } from "../ir/time-grid.js";
import { formatQuantity } from "./deps.js";

/** Checks every stimulus. */
export function checkStimuli(
  decls: Declarations,
  layout: PopulationLayout,
  values: Values,
  ctx: PassContext,
  run?: RunSettings,
): Stimulus[] {
  const env: SelectionEnv = { decls, pops: layout.pops, evalIndex: values.integer, ctx };
  const out: Stimulus[] = [];
  for (const entry of decls.entries) {
    if (entry.node.kind !== "stimulus") continue;
    const stim = checkStimulus(
      entry.node.decl,
      entry.name,
      out.length,
      layout,
      env,
      values,
      ctx,
      run,
    );
    if (stim !== undefined) out.push(stim);
  }
  // a stimulus whose name was rejected: checked all the same, and left out
  for (const { node } of decls.rejectedDecls)
    if (node.kind === "stimulus")
      checkStimulus(node.decl, node.decl.name.name, -1, layout, env, values, ctx, run);
  return out;
}

/** One stimulus: its IR form, or undefined after an error (reported). */
function checkStimulus(
  decl: StimulusDecl,
  name: string,
  id: number,
  layout: PopulationLayout,
  env: SelectionEnv,
  values: Values,
  ctx: PassContext,
  run: RunSettings | undefined,
): Stimulus | undefined {
  const kindName = decl.stimulusKind.name;
  const spec = decl.stimulusKind.missing === true ? undefined : lookupStimulus(kindName);
  if (spec === undefined && decl.stimulusKind.missing !== true)
    ctx.diagnostics.report({
      code: "unknown-stimulus-kind",
      span: decl.stimulusKind.span,
      format: { name: kindName, hint: didYouMeanHint(suggest(kindName, stimulusKindNames)) },
    });
  const target = resolveSelection(decl.target, env);
  // the target's model is known also when its selection has an error; the checks of the
  // target, of the kind and of the parameters are independent, so each runs whatever the
  // others found
  const model =
    target !== undefined
      ? layout.models[target.population]?.spec.name
      : modelOfSelection(decl.target, layout)?.spec.name;
  const driven = model === "lif" || model === "izhikevich";
  if (model !== undefined && !driven)
    ctx.diagnostics.report({
      code: "stimulus-target",
      span: decl.target.span,
      format: {
        population: decl.target.name.name,
        model,
        reason:
          model === "neurocorex_lif"
            ? "runs on the core, which takes no injected current"
            : "is a spike source, which has no membrane to inject into",
      },
    });
  if (spec === undefined) return undefined;
  const p = readRuleParams(
    decl.body,
    spec.params,
    `stimulus '${name}'`,
    decl.stimulusKind.span,
    values,
    ctx,
  );
  if (!p.ok) return undefined;
  const n = (k: string): number => p.numbers[k] ?? Number.NaN;
  let wave: StimulusWave;
  switch (spec.name) {
    case "current":
      wave = { kind: "current", amplitude: n("amplitude") };
      break;
    case "step":
      if (
        !expectInBounds(
          n("stop"),
          { min: n("start"), minExclusive: true },
          Time,
          "'stop' (after 'start')",
          p.spans["stop"] ?? decl.span,
          ctx.diagnostics,
        )
      )
        return undefined;
      wave = { kind: "step", amplitude: n("amplitude"), start: n("start"), stop: n("stop") };
      if (run?.ok === true) {
        const on = firstStepAtOrAfter(wave.start, run.dt);
        const off = firstStepAtOrAfter(wave.stop, run.dt);
        const reason =
          on >= run.steps
            ? `it starts at or after the end of the run (${formatQuantity(run.duration, Time)})`
            : off <= on
              ? `'start' and 'stop' fall within one step of ${formatQuantity(run.dt, Time)}`
              : null;
        if (reason !== null)
          ctx.diagnostics.report({
            code: "stimulus-never-on",
            span: p.spans["start"] ?? decl.span,
            format: { name, reason },
          });
      }
      break;
    case "sine":
      wave = {
        kind: "sine",
        amplitude: n("amplitude"),
        frequency: n("frequency"),
        offset: n("offset"),
        phase: n("phase"),
      };
      break;
    case "noise":
      wave = { kind: "noise", mean: n("mean"), sd: n("sd") };
      break;
    default: {
      const never: never = spec.name;
      return never;
    }
  }
  if (target === undefined || !driven) return undefined;
  return {
    id,
    name,
    target: { population: target.population, indices: target.indices },
    wave,
    origin: decl.span,
  };
}
