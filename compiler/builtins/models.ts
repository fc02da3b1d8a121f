/**
 * The built-in neuron model bases of SPEC §3: parameters (dimension, default in SI, constraints,
 * doc) and state variables. `model X = lif { ... }` starts from these defaults.
 */
import {
  Capacitance,
  Current,
  type Dimension,
  Dimensionless,
  Frequency,
  Resistance,
  Time,
  Voltage,
  VoltagePerTimePerCurrent,
} from "../units/index.js";
import type { ModelKind } from "../ir/index.js";
import type { Bounds } from "../eval/index.js";
import type { ParamDefault, ParamSpec, ParamType } from "./types.js";
import { nonNegative, positive, value } from "./shorthands.js";

/** A state variable of a model, with its initial value. */
export interface StateVarSpec {
  readonly name: string;
  readonly dim: Dimension;
  readonly initial: ParamDefault;
  /** The values the variable can hold, where an `init` outside them cannot be represented. */
  readonly bounds?: Bounds;
  readonly doc: string;
}

/** A built-in neuron model base. */
export interface ModelSpec {
  readonly name: ModelKind;
  readonly doc: string;
  readonly params: readonly ParamSpec[];
  readonly state: readonly StateVarSpec[];
  /** A spike source (`poisson`, `spike_times`): no incoming projections, stimuli, or state. */
  readonly isSource: boolean;
  /** What a projection's weight onto this model is; null for sources (nothing arrives). */
  readonly weight: {
    readonly dim: Dimension;
    readonly integer?: true;
    readonly min?: number;
    readonly max?: number;
  } | null;
  /** Whether `stimulus ... -> X` may target it (SPEC §6). */
  readonly acceptsStimulus: boolean;
}

function q(
  dim: Dimension,
  extra: Partial<Extract<ParamType, { kind: "quantity" }>> = {},
): ParamType {
  return { kind: "quantity", dim, perNeuron: true, ...extra };
}

/** Synaptic and bias parameters shared by `lif` and `izhikevich`. */
const synapseParams: readonly ParamSpec[] = [
  {
    name: "tau_syn_exc",
    type: q(Time, { bounds: positive }),
    default: value(5e-3),
    doc: "Decay time constant of the excitatory synaptic current.",
  },
  {
    name: "tau_syn_inh",
    type: q(Time, { bounds: positive }),
    default: value(10e-3),
    doc: "Decay time constant of the inhibitory synaptic current.",
  },
  {
    name: "i_bias",
    type: q(Current),
    default: value(0),
    doc: "Constant current injected into every neuron.",
  },
];

const synapseState: readonly StateVarSpec[] = [
  { name: "i_exc", dim: Current, initial: value(0), doc: "Excitatory synaptic current." },
  {
    name: "i_inh",
    dim: Current,
    initial: value(0),
    doc: "Inhibitory synaptic current (negative).",
  },
];

const lif: ModelSpec = {
  name: "lif",
  doc: "Leaky integrate-and-fire neuron with current-based exponential synapses: tau_m dv/dt = -(v - v_rest) + r_m (i_exc + i_inh + i_bias + i_stim + i_gap).",
  params: [
    {
      name: "tau_m",
      type: q(Time, { bounds: positive }),
      default: value(20e-3),
      doc: "Membrane time constant (tau_m = r_m c_m).",
    },
    {
      name: "r_m",
      type: q(Resistance, { bounds: positive }),
      default: value(100e6),
      doc: "Membrane resistance.",
    },
    {
      name: "c_m",
      type: q(Capacitance, { bounds: positive }),
      default: { kind: "derived", doc: "tau_m / r_m" },
      doc: "Membrane capacitance; with only c_m given, tau_m keeps its default and r_m = tau_m / c_m.",
    },
    { name: "v_rest", type: q(Voltage), default: value(-70e-3), doc: "Resting potential." },
    { name: "v_reset", type: q(Voltage), default: value(-70e-3), doc: "Potential after a spike." },
    {
      name: "v_th",
      type: q(Voltage),
      default: value(-50e-3),
      doc: "Spike threshold (v >= v_th spikes).",
    },
    {
      name: "t_ref",
      type: q(Time, { bounds: nonNegative }),
      default: value(2e-3),
      doc: "Refractory period (v held at v_reset).",
    },
    ...synapseParams,
  ],
  state: [
    {
      name: "v",
      dim: Voltage,
      initial: { kind: "derived", doc: "v_rest" },
      doc: "Membrane potential.",
    },
    ...synapseState,
  ],
  isSource: false,
  weight: { dim: Current },
  acceptsStimulus: true,
};

const izhikevich: ModelSpec = {
  name: "izhikevich",
  doc: "Izhikevich (2003): dv/dt = 0.04 v² + 5 v + 140 − u + k_in i, du/dt = a (b v − u), v and u in mV, time in ms.",
  params: [
    {
      name: "a",
      type: q(Dimensionless),
      default: value(0.02),
      doc: "Recovery rate, per millisecond (a plain number, as in the paper).",
    },
    {
      name: "b",
      type: q(Dimensionless),
      default: value(0.2),
      doc: "Sensitivity of u to v (a plain number, as in the paper).",
    },
    {
      name: "c",
      type: q(Voltage),
      default: value(-65e-3),
      doc: "Reset potential (v = c after a spike).",
    },
    { name: "d", type: q(Voltage), default: value(8e-3), doc: "Increment of u after a spike." },
    {
      name: "v_peak",
      type: q(Voltage),
      default: value(30e-3),
      doc: "Spike cut-off (v >= v_peak spikes).",
    },
    {
      name: "k_in",
      type: q(VoltagePerTimePerCurrent),
      default: value(1e9),
      doc: "Gain from input current to dv/dt (default 1 mV/ms/nA = 1e9 V/s/A in SI).",
    },
    ...synapseParams,
  ],
  state: [
    { name: "v", dim: Voltage, initial: { kind: "derived", doc: "c" }, doc: "Membrane potential." },
    {
      name: "u",
      dim: Voltage,
      initial: { kind: "derived", doc: "b v" },
      doc: "Recovery variable.",
    },
    ...synapseState,
  ],
  isSource: false,
  weight: { dim: Current },
  acceptsStimulus: true,
};

/** Largest Q7.10 value: 128 - 2^-10. */
export const Q7_10_MAX = 128 - 1 / 1024;

const neurocorexLif: ModelSpec = {
  name: "neurocorex_lif",
  doc: "The neuron of the NeuroCoreX FPGA core, exactly as the core computes it (Q7.10 membrane value, delta synapses, one global linear leak).",
  params: [
    {
      name: "threshold",
      type: q(Dimensionless, { bounds: { min: -128, max: Q7_10_MAX } }),
      default: value(10),
      doc: "Firing threshold in the core's units (Q7.10, value >= threshold spikes).",
    },
    {
      name: "leak",
      type: {
        kind: "quantity",
        dim: Dimensionless,
        perNeuron: false,
        bounds: { min: -128, max: Q7_10_MAX },
      },
      default: value(0),
      doc: "Linear leak subtracted each step; one value shared by the whole core.",
    },
    {
      name: "t_ref",
      type: q(Time, { bounds: nonNegative }),
      default: value(2e-3),
      doc: "Refractory period (at least one step on the core).",
    },
  ],
  state: [
    {
      name: "v",
      dim: Dimensionless,
      initial: value(0),
      bounds: { min: -128, max: Q7_10_MAX },
      doc: "Membrane value in the core's units (Q7.10).",
    },
  ],
  isSource: false,
  weight: { dim: Dimensionless, integer: true, min: -128, max: 127 },
  acceptsStimulus: false,
};

const poisson: ModelSpec = {
  name: "poisson",
  doc: "Spike source: each step, each neuron spikes with probability rate * dt.",
  params: [
    {
      name: "rate",
      type: q(Frequency, { bounds: nonNegative }),
      default: value(10),
      doc: "Mean firing rate.",
    },
  ],
  state: [],
  isSource: true,
  weight: null,
  acceptsStimulus: false,
};

const spikeTimes: ModelSpec = {
  name: "spike_times",
  doc: "Spike source that fires at the given times (rounded to the step grid).",
  params: [
    {
      name: "times",
      type: { kind: "list", dim: Time, bounds: nonNegative },
      default: { kind: "list", values: [] },
      doc: "Spike times, e.g. [10 ms, 25 ms]; per member with times.NAME = [...].",
    },
  ],
  state: [],
  isSource: true,
  weight: null,
  acceptsStimulus: false,
};

/** Every built-in model base, by name, in SPEC order. */
export const neuronModels: Readonly<Record<ModelKind, ModelSpec>> = {
  lif,
  izhikevich,
  neurocorex_lif: neurocorexLif,
  poisson,
  spike_times: spikeTimes,
};

/** The base names, in SPEC order (for completion and did-you-mean). */
export const modelKinds: readonly ModelKind[] = [
  "lif",
  "izhikevich",
  "neurocorex_lif",
  "poisson",
  "spike_times",
];

/** Narrows a name to a built-in model base. */
export function isModelKind(name: string): name is ModelKind {
  return (modelKinds as readonly string[]).includes(name);
}

/** The built-in base called `name`, if any. */
export function lookupModel(name: string): ModelSpec | undefined {
  return isModelKind(name) ? neuronModels[name] : undefined;
}

/** All state variables any model has: what `record X of ...` may name besides spikes/weights. */
export const stateVariableNames: readonly string[] = ["v", "i_exc", "i_inh", "u"];
