/**
 * The network IR: what the front end hands every backend, and what `snnc build --target ir`
 * writes as JSON (docs/ir.md). Plain, readonly, JSON-serialisable data. Every quantity is a
 * float64 in SI base units (s, V, A, ohm, S, F, Hz); dimensionless values are bare. Entities refer
 * to each other by numeric ids that index the arrays of {@link Network}. Every entity keeps the
 * source span it came from (`origin`), which the printer leaves out by default.
 *
 * Randomness is not resolved here: random values stay as {@link ValueExpr} trees and connectivity
 * stays as rules, so that the same IR builds the same network in every backend through the seeded
 * streams of runtime/instantiate (docs/runtime.md names the algorithm).
 */
import type { Span } from "../../common/index.js";

export const IR_VERSION = 1;

/** A value that may be drawn per neuron or per synapse. Constants are folded into `const`. */
export type ValueExpr =
  | { readonly kind: "const"; readonly value: number }
  | { readonly kind: "uniform"; readonly low: ValueExpr; readonly high: ValueExpr }
  | { readonly kind: "normal"; readonly mean: ValueExpr; readonly sd: ValueExpr }
  | {
      readonly kind: "binary";
      readonly op: "+" | "-" | "*" | "/" | "**";
      readonly left: ValueExpr;
      readonly right: ValueExpr;
    }
  | { readonly kind: "neg"; readonly operand: ValueExpr }
  | {
      readonly kind: "call";
      readonly fn: "exp" | "log" | "sqrt" | "abs" | "min" | "max";
      readonly args: readonly ValueExpr[];
    };

/** Indices into one population, in the selection's written order. `null` = all, in order. */
export interface PopulationSelection {
  readonly population: number;
  readonly indices: readonly number[] | null;
}

// ---------------------------------------------------------------- neuron models

export interface LifParams {
  readonly tau_m: number;
  readonly r_m: number;
  readonly c_m: number;
  readonly v_rest: number;
  readonly v_reset: number;
  readonly v_th: number;
  readonly t_ref: number;
  readonly tau_syn_exc: number;
  readonly tau_syn_inh: number;
  readonly i_bias: number;
}

export interface IzhikevichParams {
  /** Per millisecond, as in the paper. */
  readonly a: number;
  readonly b: number;
  /** Volts. */
  readonly c: number;
  readonly d: number;
  readonly v_peak: number;
  /** V/s per A (the `mV/ms/nA` of the language converted to SI: 1 mV/ms/nA = 1e9 V/(s·A)). */
  readonly k_in: number;
  readonly tau_syn_exc: number;
  readonly tau_syn_inh: number;
  readonly i_bias: number;
}

export interface NeurocorexParams {
  /** Core units (Q7.10 value as a real number, e.g. 10). */
  readonly threshold: number;
  readonly leak: number;
  /** Seconds (the core uses max(1, round(t_ref / dt)) steps). */
  readonly t_ref: number;
}

export interface PoissonParams {
  readonly rate: number;
}

export interface SpikeTimesParams {
  /** Seconds; one list per neuron, after rounding to the grid, sorted, `< duration`. */
  readonly times: readonly (readonly number[])[];
}

export type ModelKind = "lif" | "izhikevich" | "neurocorex_lif" | "poisson" | "spike_times";

/**
 * A population's neuron model with every parameter resolved (defaults, model chain, population
 * overrides). `perNeuron` holds parameters that differ between members (`PARAM.MEMBER = ...`
 * or a random expression): name → one value per neuron or an expression drawn per neuron.
 */
export type NeuronModel =
  | { readonly kind: "lif"; readonly params: LifParams }
  | { readonly kind: "izhikevich"; readonly params: IzhikevichParams }
  | { readonly kind: "neurocorex_lif"; readonly params: NeurocorexParams }
  | { readonly kind: "poisson"; readonly params: PoissonParams }
  | { readonly kind: "spike_times"; readonly params: SpikeTimesParams };

export type PerNeuronValue =
  | { readonly kind: "values"; readonly values: readonly number[] }
  | { readonly kind: "draw"; readonly expr: ValueExpr };

export interface Population {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  /** Member names of a named population, in member order; `null` for a sized one. */
  readonly memberNames: readonly string[] | null;
  /** The user's model name (`Cell`), for messages and exports. */
  readonly modelName: string;
  readonly model: NeuronModel;
  /** Parameters that differ between neurons; their base value in `model.params` is unused. */
  readonly perNeuron: Readonly<Record<string, PerNeuronValue>>;
  /** `init VAR = value`: state variable → initial value (SI), drawn per neuron when random. */
  readonly init: Readonly<Record<string, PerNeuronValue>>;
  /** Id of a `homeostasis` rule, or null. */
  readonly homeostasis: number | null;
  readonly origin: Span;
}

// ---------------------------------------------------------------- connectivity

export type ConnectionRule =
  | { readonly kind: "all_to_all" }
  | { readonly kind: "one_to_one" }
  | { readonly kind: "fixed_probability"; readonly p: number }
  | { readonly kind: "fixed_indegree"; readonly k: number }
  | { readonly kind: "fixed_outdegree"; readonly k: number }
  /**
   * Explicit edges (from_list, from_csv, connectomes): indices into the pre and post
   * selections. `weights`/`delays` (SI), when present, replace the block's value per edge;
   * `weightScale` multiplies the block's weight (the `per_synapse` count of a connectome).
   */
  | {
      readonly kind: "explicit";
      readonly pre: readonly number[];
      readonly post: readonly number[];
      readonly weights?: readonly number[];
      readonly delays?: readonly number[];
      readonly weightScale?: readonly number[];
    };

export type Receptor = "exc" | "inh";

export interface Projection {
  readonly id: number;
  /** The formatter's spelling `PRE->POST`, with `#2`, `#3` on repeats (SPEC §6). */
  readonly name: string;
  readonly pre: PopulationSelection;
  readonly post: PopulationSelection;
  readonly rule: ConnectionRule;
  readonly allowSelf: boolean;
  readonly allowMultapses: boolean;
  /** Amperes onto lif/izhikevich; dimensionless integers onto neurocorex_lif. */
  readonly weight: ValueExpr;
  /** Seconds. Backends round to steps (SPEC §7); neurocorex projections have 0 (input) or dt. */
  readonly delay: ValueExpr;
  readonly receptor: Receptor;
  /** Id of a `stdp` or `stdp_window` rule, or null. */
  readonly plasticity: number | null;
  readonly origin: Span;
}

export type GapRule =
  | { readonly kind: "all_pairs" }
  | { readonly kind: "one_to_one" }
  /** Unordered pairs as indices into the a and b selections; `conductanceScale` per pair. */
  | {
      readonly kind: "explicit";
      readonly a: readonly number[];
      readonly b: readonly number[];
      readonly conductanceScale?: readonly number[];
    };

export interface GapJunction {
  readonly id: number;
  readonly a: PopulationSelection;
  readonly b: PopulationSelection;
  readonly rule: GapRule;
  /** Siemens. */
  readonly conductance: ValueExpr;
  readonly origin: Span;
}

// ---------------------------------------------------------------- plasticity

export type PlasticityRule =
  | {
      readonly kind: "stdp";
      readonly id: number;
      readonly name: string;
      readonly tau_plus: number;
      readonly tau_minus: number;
      readonly a_plus: number;
      readonly a_minus: number;
      readonly w_min: number;
      readonly w_max: number;
      readonly dependence: "additive" | "multiplicative";
      readonly origin: Span;
    }
  | {
      readonly kind: "stdp_window";
      readonly id: number;
      readonly name: string;
      /** Steps, 1..255. */
      readonly window_pre_steps: number;
      readonly window_post_steps: number;
      readonly step_plus: number;
      readonly step_minus: number;
      readonly origin: Span;
    }
  | {
      readonly kind: "homeostasis";
      readonly id: number;
      readonly name: string;
      readonly target_rate: number;
      readonly tau: number;
      /** Volts (per hertz above target, per second). */
      readonly eta: number;
      readonly origin: Span;
    };

// ---------------------------------------------------------------- stimuli and recording

export type StimulusWave =
  | { readonly kind: "current"; readonly amplitude: number }
  | {
      readonly kind: "step";
      readonly amplitude: number;
      readonly start: number;
      readonly stop: number;
    }
  | {
      readonly kind: "sine";
      readonly amplitude: number;
      readonly frequency: number;
      readonly offset: number;
      readonly phase: number;
    }
  | { readonly kind: "noise"; readonly mean: number; readonly sd: number };

export interface Stimulus {
  readonly id: number;
  readonly name: string;
  readonly target: PopulationSelection;
  readonly wave: StimulusWave;
  readonly origin: Span;
}

export type StateVariable = "v" | "i_exc" | "i_inh" | "u";

export type Recording =
  | {
      readonly kind: "spikes";
      readonly id: number;
      readonly targets: readonly PopulationSelection[];
      readonly origin: Span;
    }
  | {
      readonly kind: "state";
      readonly id: number;
      readonly variable: StateVariable;
      readonly targets: readonly PopulationSelection[];
      readonly everySteps: number;
      readonly origin: Span;
    }
  | {
      readonly kind: "weights";
      readonly id: number;
      readonly projections: readonly number[];
      readonly everySteps: number;
      readonly origin: Span;
    };

// ---------------------------------------------------------------- run and targets

export interface TargetSpec {
  readonly name: "js" | "neurocorex";
  /** Options as written, values in SI (strings and booleans kept). */
  readonly options: Readonly<Record<string, number | string | boolean>>;
  readonly origin: Span;
}

/** The order of the neurocorex_lif neurons on the core: logical neuron b = entry b. */
export interface CoreLayout {
  readonly neurons: readonly { readonly population: number; readonly index: number }[];
  /** Spike-source neurons that drive the core, in input-address order (address 2, 3, ...). */
  readonly inputs: readonly { readonly population: number; readonly index: number }[];
}

export interface Network {
  readonly irVersion: typeof IR_VERSION;
  /** The main file's base name without `.snn`. */
  readonly name: string;
  readonly seed: number;
  /** Seconds. */
  readonly dt: number;
  readonly duration: number;
  /** duration / dt, an integer. */
  readonly steps: number;
  readonly populations: readonly Population[];
  readonly projections: readonly Projection[];
  readonly gaps: readonly GapJunction[];
  readonly plasticity: readonly PlasticityRule[];
  readonly stimuli: readonly Stimulus[];
  readonly recordings: readonly Recording[];
  readonly targets: readonly TargetSpec[];
  /** Present when the network has neurocorex_lif neurons. */
  readonly core: CoreLayout | null;
}
