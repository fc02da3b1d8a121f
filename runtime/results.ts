/**
 * What a simulation run produces, whichever simulator ran it (the JS backend, the NeuroCoreX core
 * model, a board over its serial port): recorded spikes, sampled state and weights, and the
 * per-population spike counts for the summary. The CSV writers and the SVG plot read only this.
 * Times are integer step numbers; a spike stamped `T = step × dt` (SPEC §7) has `step` here.
 */
import type { Diagnostic } from "../common/index.js";
import type { Network, StateVariable } from "../compiler/ir/index.js";

/** Recorded spikes, sorted by step, then population (declaration order), then index. */
export interface SpikeTable {
  readonly step: Int32Array;
  readonly population: Int32Array;
  readonly index: Int32Array;
  readonly length: number;
}

/** Samples of one state variable: `values[s * neurons.length + k]` is neuron k at sample s. */
export interface StateTrace {
  readonly variable: StateVariable;
  readonly neurons: readonly { readonly population: number; readonly index: number }[];
  /** Step of each sample (0, every, 2·every, ... up to and including the last step). */
  readonly steps: Int32Array;
  /** SI values (volts, amperes), dimensionless for neurocorex_lif `v`. */
  readonly values: Float64Array;
}

/** Samples of one projection's weights: `values[s * synapses + j]` is synapse j at sample s. */
export interface WeightTrace {
  readonly projection: number;
  /** Population-local indices of each synapse's ends, in synapse order. */
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly steps: Int32Array;
  /** Amperes, or core integers for neurocorex_lif targets. */
  readonly values: Float64Array;
}

export interface RunResult {
  readonly network: Network;
  /** Steps simulated (= network.steps unless stopped early by a runtime error). */
  readonly steps: number;
  readonly spikes: SpikeTable;
  /** Total spikes per population (recorded or not), for the summary table. */
  readonly spikeCounts: readonly number[];
  readonly state: readonly StateTrace[];
  readonly weights: readonly WeightTrace[];
  /** Which simulator produced this ("js", "neurocorex-model", "neurocorex-board"). */
  readonly producedBy: string;
  /**
   * What the run reported: build-time warnings (wrong-sign draws, clipped weights) and runtime
   * errors (state that became NaN, a network too large). Absent when there was nothing.
   */
  readonly diagnostics?: readonly Diagnostic[];
  /** Wall-clock seconds of building the network and of the step loop (for `--timing`). */
  readonly timing?: { readonly setupS: number; readonly loopS: number; readonly threads?: number };
}
