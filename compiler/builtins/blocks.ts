/**
 * The keys of `record`, `simulate` and `target` blocks (SPEC §6-§8), what `record` may record,
 * and the target names.
 */
import { Dimensionless, Time } from "../units/index.js";
import type { ParamSpec } from "./types.js";

/** Keys of a `record WHAT of TARGET { ... }` block. */
export const recordKeys: readonly ParamSpec[] = [
  {
    name: "every",
    type: { kind: "quantity", dim: Time, perNeuron: false, bounds: { min: 0, minExclusive: true } },
    default: { kind: "derived", doc: "dt" },
    doc: "Sampling interval; a multiple of dt (not used for spikes).",
  },
];

/** What `record` can name: spikes, a state variable of the target's model, or weights. */
export interface RecordableSpec {
  readonly name: string;
  /** `spikes`/`state` take population selections; `weights` a projection `PRE -> POST`. */
  readonly kind: "spikes" | "state" | "weights";
  readonly doc: string;
}

/** Everything `record` can name, in SPEC §6 order (for completion and did-you-mean). */
export const recordables: readonly RecordableSpec[] = [
  { name: "spikes", kind: "spikes", doc: "Spike times of the selected neurons (spikes.csv)." },
  { name: "v", kind: "state", doc: "Membrane potential (mV; bare for neurocorex_lif)." },
  { name: "i_exc", kind: "state", doc: "Excitatory synaptic current (nA)." },
  { name: "i_inh", kind: "state", doc: "Inhibitory synaptic current (nA)." },
  { name: "u", kind: "state", doc: "Izhikevich recovery variable (mV)." },
  { name: "weights", kind: "weights", doc: "Weights of a projection (weights.csv)." },
];

/** The recordable called `name`, if any. */
export function lookupRecordable(name: string): RecordableSpec | undefined {
  return recordables.find((r) => r.name === name);
}

/** Keys of the `simulate { ... }` block. */
export const simulateKeys: readonly ParamSpec[] = [
  {
    name: "dt",
    type: { kind: "quantity", dim: Time, perNeuron: false, bounds: { min: 0, minExclusive: true } },
    default: { kind: "value", value: 0.1e-3 },
    doc: "Time step of the simulation.",
  },
  {
    name: "duration",
    type: { kind: "quantity", dim: Time, perNeuron: false, bounds: { min: 0, minExclusive: true } },
    doc: "Length of the run; a whole number of steps, at least one.",
  },
  {
    name: "seed",
    type: {
      kind: "quantity",
      dim: Dimensionless,
      integer: true,
      perNeuron: false,
      bounds: { min: 0, max: 2 ** 32 - 1 },
    },
    default: { kind: "value", value: 0 },
    doc: "Seed of every random stream (connectivity, weights, delays, initial values, Poisson sources, noise).",
  },
];

/** The backends a `target` block may name (SPEC §8). */
export type TargetName = "js" | "neurocorex";

/** A target block: its backend and the options it accepts. */
export interface TargetBlockSpec {
  readonly name: TargetName;
  readonly doc: string;
  readonly keys: readonly ParamSpec[];
}

/** The backends a `target NAME { ... }` block may name, and their options. */
export const targetBlocks: Readonly<Record<TargetName, TargetBlockSpec>> = {
  js: {
    name: "js",
    doc: "An ES module built from typed arrays, run by Node.js (snnc run) or imported by other code.",
    keys: [],
  },
  neurocorex: {
    name: "neurocorex",
    doc: "The configuration image for the NeuroCoreX FPGA core (UART byte stream) and its input-spike run command.",
    keys: [
      {
        name: "port",
        type: { kind: "string" },
        default: { kind: "none", doc: "given to snnc upload instead" },
        doc: 'Serial port of the board for snnc upload (e.g. "/dev/ttyUSB1").',
      },
      {
        name: "pace_upload",
        type: { kind: "bool" },
        default: { kind: "bool", value: false },
        doc: "Let snnc upload pace input events so a run may hold more than the core's queue (~1,023 events).",
      },
    ],
  },
};

/** Target names, in SPEC order. */
export const targetNames: readonly TargetName[] = ["js", "neurocorex"];

/** The target called `name`, if any. */
export function lookupTarget(name: string): TargetBlockSpec | undefined {
  return (targetNames as readonly string[]).includes(name)
    ? targetBlocks[name as TargetName]
    : undefined;
}
