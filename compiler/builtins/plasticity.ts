/** The plasticity rules of SPEC §5 with their parameters and defaults (SI). */
import { Current, Dimensionless, Frequency, Time, Voltage } from "../units/index.js";
import type { ParamSpec, ParamType } from "./types.js";
import { constant, nonNegative, positive, value } from "./shorthands.js";

/** The plasticity rules of SPEC §5. */
export type PlasticityKind = "stdp" | "stdp_window" | "homeostasis";

/** A built-in plasticity rule. */
export interface PlasticitySpec {
  readonly name: PlasticityKind;
  readonly doc: string;
  /** Where it attaches: a projection (`plasticity = r` in `connect`) or a population. */
  readonly attachesTo: "projection" | "population";
  /** The neuron models it works with (SPEC §5; elsewhere it is an error). */
  readonly models: readonly string[];
  readonly params: readonly ParamSpec[];
}

/** A weight step of the core's STDP engine: an integer 0..127. */
const weightStep: ParamType = {
  kind: "quantity",
  dim: Dimensionless,
  integer: true,
  perNeuron: false,
  bounds: { min: 0, max: 127 },
};

const stdp: PlasticitySpec = {
  name: "stdp",
  doc: "Pair-based STDP with all-to-all spike interaction through exponential traces, on excitatory projections onto lif or izhikevich.",
  attachesTo: "projection",
  models: ["lif", "izhikevich"],
  params: [
    {
      name: "tau_plus",
      type: constant(Time, positive),
      default: value(20e-3),
      doc: "Decay time constant of the presynaptic trace x.",
    },
    {
      name: "tau_minus",
      type: constant(Time, positive),
      default: value(20e-3),
      doc: "Decay time constant of the postsynaptic trace y.",
    },
    {
      name: "a_plus",
      type: constant(Dimensionless, nonNegative),
      default: value(0.01),
      doc: "Potentiation step, as a fraction of w_max.",
    },
    {
      name: "a_minus",
      type: constant(Dimensionless, nonNegative),
      default: value(0.0105),
      doc: "Depression step, as a fraction of w_max.",
    },
    {
      name: "w_min",
      type: constant(Current, nonNegative),
      default: value(0),
      doc: "Lower weight bound (0 <= w_min < w_max).",
    },
    {
      name: "w_max",
      type: constant(Current, positive),
      default: value(0.5e-9),
      doc: "Upper weight bound.",
    },
    {
      name: "dependence",
      type: { kind: "word", values: ["additive", "multiplicative"] },
      default: { kind: "word", value: "additive" },
      doc: "additive: steps scale with w_max; multiplicative: with the distance to the bound.",
    },
  ],
};

const stdpWindow: PlasticitySpec = {
  name: "stdp_window",
  doc: "The NeuroCoreX core's windowed STDP, for projections between neurocorex_lif neurons (8-bit weights).",
  attachesTo: "projection",
  models: ["neurocorex_lif"],
  params: [
    {
      name: "window_pre",
      type: constant(Time, positive),
      default: value(3e-3),
      doc: "Potentiation window (round(window_pre / dt) steps, 1..255).",
    },
    {
      name: "window_post",
      type: constant(Time, positive),
      default: value(3e-3),
      doc: "Depression window (round(window_post / dt) steps, 1..255).",
    },
    {
      name: "step_plus",
      type: weightStep,
      default: value(1),
      doc: "Weight increment on potentiation (integer 0..127).",
    },
    {
      name: "step_minus",
      type: weightStep,
      default: value(1),
      doc: "Weight decrement on depression (integer 0..127; weights stop at -1).",
    },
  ],
};

const homeostasis: PlasticitySpec = {
  name: "homeostasis",
  doc: "Adaptive threshold for lif: v_th += eta (r − target_rate) dt each step, r a per-neuron rate estimate with time constant tau.",
  attachesTo: "population",
  models: ["lif"],
  params: [
    {
      name: "target_rate",
      type: constant(Frequency, nonNegative),
      default: value(5),
      doc: "The firing rate the threshold steers towards.",
    },
    {
      name: "tau",
      type: constant(Time, positive),
      default: value(1),
      doc: "Time constant of the rate estimate.",
    },
    {
      name: "eta",
      type: constant(Voltage),
      default: value(1e-3),
      doc: "Threshold change per second per hertz above target.",
    },
  ],
};

/** Every built-in plasticity rule, by name, in SPEC order. */
export const plasticityRules: Readonly<Record<PlasticityKind, PlasticitySpec>> = {
  stdp,
  stdp_window: stdpWindow,
  homeostasis,
};

/** Rule names, in SPEC order (for completion and did-you-mean). */
export const plasticityKinds: readonly PlasticityKind[] = ["stdp", "stdp_window", "homeostasis"];

/** The rule called `name`, if any. */
export function lookupPlasticity(name: string): PlasticitySpec | undefined {
  return (plasticityKinds as readonly string[]).includes(name)
    ? plasticityRules[name as PlasticityKind]
    : undefined;
}
