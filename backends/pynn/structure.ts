/**
 * The drawn structure the export writes: the shape of the runtime's `BuiltNetwork` that this
 * backend reads (`instantiateNetwork` draws it with snnc's seeded streams, SPEC §7, so the PyNN
 * script builds exactly the synapses, weights, delays and initial values `snnc run` simulates).
 * Declared structurally so the emitter can be tested on hand-built values.
 */
import type { Network } from "../../compiler/ir/index.js";

export interface PynnBuilt {
  readonly projections: readonly {
    readonly id: number;
    readonly pre: Int32Array;
    readonly post: Int32Array;
    /** SI amperes. */
    readonly weight: Float64Array;
    readonly delaySteps: Int32Array;
  }[];
  readonly gaps: readonly {
    readonly id: number;
    readonly a: Int32Array;
    readonly b: Int32Array;
    /** Siemens. */
    readonly g: Float64Array;
  }[];
  /** Initial state per population id (SI). */
  readonly init: readonly Readonly<Record<string, Float64Array>>[];
  /** Per-neuron parameters per population id (SI; only those the IR lists in `perNeuron`). */
  readonly params: readonly Readonly<Record<string, Float64Array>>[];
}

/** Draws a network's structure (the runtime's `instantiateNetwork`). */
export type Instantiate = (network: Network) => PynnBuilt;
