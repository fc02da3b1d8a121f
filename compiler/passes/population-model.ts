/**
 * A population's neuron model in IR form: every parameter resolved per neuron (defaults, model
 * chain, overrides) and collapsed (one value, values per neuron, or one draw), lif's
 * tau_m/r_m/c_m rule, spike_times lists, and `init` values with the model's defaults for the
 * neurons an `init` line does not set. Used by layout-populations.
 *
 * Reports: mixed-per-neuron, lif-membrane-mismatch, poisson-rate-above-step, and the spike_times
 * codes.
 */
import { type ModelSpec } from "../builtins/index.js";
import type { NeuronModel, PerNeuronValue } from "../ir/index.js";
import type { PassContext } from "./context.js";
import type { RunSettings } from "./check-run.js";
import {
  collapse,
  defaultNumber,
  firstSpan,
  resolveLifMembrane,
  slotValue,
  type NeuronValue,
  type ResolvedParam,
  type Slots,
} from "./neuron-params.js";
import { type PopInfo } from "./select.js";
import { checkSpikeTimes, warnRounded } from "./spike-times.js";
import type { ParamValue } from "./param-values.js";
import { stepsOf } from "../ir/time-grid.js";
import { Frequency, Time, formatQuantity } from "./deps.js";
import { valueExprRange } from "../ir/value-expr.js";

export interface BuiltModel {
  readonly model: NeuronModel;
  readonly perNeuron: Record<string, PerNeuronValue>;
  /** Each parameter's per-neuron values (for derived initial values). */
  readonly neuronValues: ReadonlyMap<string, readonly NeuronValue[]>;
}

export function buildModel(
  spec: ModelSpec,
  slots: ReadonlyMap<string, Slots>,
  info: PopInfo,
  run: RunSettings,
  ctx: PassContext,
): BuiltModel | undefined {
  const perNeuron: Record<string, PerNeuronValue> = {};
  const params: Record<string, number> = {};
  const neuronValues = new Map<string, NeuronValue[]>();
  const get = (name: string): Slots => slots.get(name) ?? [];
  let ok = true;
  const set = (name: string, vals: NeuronValue[]): void => {
    neuronValues.set(name, vals);
    const r: ResolvedParam | undefined = collapse(name, vals, firstSpan(get(name), info.span), ctx);
    if (r === undefined) {
      ok = false;
      return;
    }
    params[name] = r.base;
    if (r.perNeuron !== null) perNeuron[name] = r.perNeuron;
  };
  if (spec.name === "spike_times") {
    const times = checkSpikeTimes(get("times"), info, run, ctx);
    if (times === undefined) return undefined;
    return { model: { kind: "spike_times", params: { times } }, perNeuron, neuronValues };
  }
  if (spec.name === "lif") {
    const triple = resolveLifMembrane(
      get("tau_m"),
      get("r_m"),
      get("c_m"),
      info.size,
      info.span,
      ctx,
    );
    if (triple === undefined) return undefined;
    set("tau_m", triple.tau_m);
    set("r_m", triple.r_m);
    set("c_m", triple.c_m);
    if (triple.derived !== null) {
      // SPEC §3: c_m = tau_m / r_m per neuron. The IR leaves the derived one out of perNeuron and
      // backends compute it per neuron: c_m from tau_m / r_m when c_m is absent, r_m from
      // tau_m / c_m when c_m is present (docs/ir.md), so a constant c_m is given per neuron.
      delete perNeuron[triple.derived];
      if (triple.derived === "r_m" && perNeuron["c_m"] === undefined)
        perNeuron["c_m"] = { kind: "draw", expr: { kind: "const", value: params["c_m"] ?? 0 } };
    }
  }
  for (const p of spec.params) {
    if (neuronValues.has(p.name) || p.type.kind !== "quantity") continue;
    const s = get(p.name);
    const fallback = defaultNumber(p);
    set(
      p.name,
      s.map((v) => slotValue(v, fallback)),
    );
  }
  if (!ok) return undefined;
  if ((spec.name === "lif" || spec.name === "neurocorex_lif") && run.ok)
    warnRefractoryRounded(get("t_ref"), run, ctx);
  if (spec.name === "poisson")
    warnRateAboveStep(neuronValues.get("rate") ?? [], get("rate"), info, run, ctx);
  return { model: toModel(spec, params), perNeuron, neuronValues };
}

/**
 * A written constant t_ref that is no whole number of steps: the neuron is refractory for
 * round(t_ref / dt) steps (SPEC §3, §7), and the change is warned about as for delays.
 */
function warnRefractoryRounded(slots: Slots, run: RunSettings, ctx: PassContext): void {
  const seen = new Set<ParamValue>();
  for (const s of slots) {
    if (s === undefined || s.kind !== "quantity" || s.q.value.kind !== "const" || seen.has(s))
      continue;
    seen.add(s);
    const t = s.q.value.value;
    const grid = stepsOf(t, run.dt);
    if (grid.changed) warnRounded("Refractory period", t, grid.steps, s.q.span, run, ctx);
  }
}

/** A rate above 1/dt cannot be had: each step is one Bernoulli trial (warned once a population). */
function warnRateAboveStep(
  rates: readonly NeuronValue[],
  slots: Slots,
  info: PopInfo,
  run: RunSettings,
  ctx: PassContext,
): void {
  if (!run.dtOk) return;
  let max = 0;
  for (const r of rates) max = Math.max(max, typeof r === "number" ? r : valueExprRange(r).max);
  if (!(max * run.dt > 1)) return;
  ctx.diagnostics.report({
    code: "poisson-rate-above-step",
    span: firstSpan(slots, info.span),
    format: {
      rate: formatQuantity(max, Frequency),
      dt: formatQuantity(run.dt, Time),
      max: formatQuantity(1 / run.dt, Frequency),
    },
  });
}

function toModel(spec: ModelSpec, p: Record<string, number>): NeuronModel {
  const n = (k: string): number => p[k] ?? Number.NaN;
  switch (spec.name) {
    case "lif":
      return {
        kind: "lif",
        params: {
          tau_m: n("tau_m"),
          r_m: n("r_m"),
          c_m: n("c_m"),
          v_rest: n("v_rest"),
          v_reset: n("v_reset"),
          v_th: n("v_th"),
          t_ref: n("t_ref"),
          tau_syn_exc: n("tau_syn_exc"),
          tau_syn_inh: n("tau_syn_inh"),
          i_bias: n("i_bias"),
        },
      };
    case "izhikevich":
      return {
        kind: "izhikevich",
        params: {
          a: n("a"),
          b: n("b"),
          c: n("c"),
          d: n("d"),
          v_peak: n("v_peak"),
          k_in: n("k_in"),
          tau_syn_exc: n("tau_syn_exc"),
          tau_syn_inh: n("tau_syn_inh"),
          i_bias: n("i_bias"),
        },
      };
    case "neurocorex_lif":
      return {
        kind: "neurocorex_lif",
        params: { threshold: n("threshold"), leak: n("leak"), t_ref: n("t_ref") },
      };
    case "poisson":
      return { kind: "poisson", params: { rate: n("rate") } };
    case "spike_times":
      return { kind: "spike_times", params: { times: [] } };
    default: {
      const never: never = spec.name;
      return never;
    }
  }
}

/** Default initial value of a state variable for one neuron (SPEC §3). */
function initialDefault(
  spec: ModelSpec,
  variable: string,
  i: number,
  pv: ReadonlyMap<string, readonly NeuronValue[]>,
  init: ReadonlyMap<string, readonly NeuronValue[]>,
): NeuronValue {
  const at = (k: string): NeuronValue => pv.get(k)?.[i] ?? Number.NaN;
  if (variable === "v")
    return spec.name === "lif" ? at("v_rest") : spec.name === "izhikevich" ? at("c") : 0;
  if (variable === "u") {
    const v = init.get("v")?.[i] ?? at("c");
    const b = at("b");
    return typeof v === "number" && typeof b === "number"
      ? b * v
      : {
          kind: "binary",
          op: "*",
          left: typeof b === "number" ? { kind: "const", value: b } : b,
          right: typeof v === "number" ? { kind: "const", value: v } : v,
        };
  }
  return 0;
}

export function buildInit(
  spec: ModelSpec,
  initSlots: ReadonlyMap<string, Slots>,
  pv: ReadonlyMap<string, readonly NeuronValue[]>,
  info: PopInfo,
  ctx: PassContext,
): Record<string, PerNeuronValue> | undefined {
  const out: Record<string, PerNeuronValue> = {};
  const resolved = new Map<string, NeuronValue[]>();
  // v before u: u's default follows the initial v.
  const order = [...initSlots.keys()].sort((a, b) =>
    a === "v" ? -1 : b === "v" ? 1 : a < b ? -1 : 1,
  );
  for (const name of order) {
    const slots = initSlots.get(name) ?? [];
    const vals = slots.map((s, i) =>
      s === undefined ? initialDefault(spec, name, i, pv, resolved) : slotValue(s, Number.NaN),
    );
    resolved.set(name, vals);
    const r = collapse(`init ${name}`, vals, firstSpan(slots, info.span), ctx);
    if (r === undefined) return undefined;
    out[name] = r.perNeuron ?? { kind: "draw", expr: { kind: "const", value: r.base } };
  }
  return out;
}
