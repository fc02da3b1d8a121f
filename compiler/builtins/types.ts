/**
 * The shape of the built-in tables: what a parameter or block key accepts, its default and its
 * one-line doc. The checker validates against these; the language server completes and hovers
 * from them, so both always agree with SPEC §3-§8. Values are in SI.
 */
import type { Bounds } from "../eval/index.js";
import type { Dimension } from "../units/index.js";

/** What a parameter or key accepts. */
export type ParamType =
  /**
   * A number of dimension `dim`. `perNeuron`: may differ between neurons or synapses (a random
   * expression, or `PARAM.MEMBER = ...`); otherwise it must be one constant.
   */
  | {
      readonly kind: "quantity";
      readonly dim: Dimension;
      readonly integer?: true;
      readonly bounds?: Bounds;
      readonly perNeuron: boolean;
    }
  /** A list literal of quantities (`times = [10 ms, 25 ms]`). */
  | { readonly kind: "list"; readonly dim: Dimension; readonly bounds?: Bounds }
  /** One of a few words (`dependence = additive`, `receptor = exc`). */
  | { readonly kind: "word"; readonly values: readonly string[] }
  | { readonly kind: "bool" }
  | { readonly kind: "string" }
  /** A connection rule (table `connectionRules`), restricted to `rules`. */
  | { readonly kind: "rule"; readonly rules: readonly string[] }
  /** The name of a `plasticity` declaration. */
  | { readonly kind: "plasticity" }
  /**
   * A synaptic weight: a current onto `lif`/`izhikevich`, a dimensionless integer -128..127 onto
   * `neurocorex_lif` (see `ModelSpec.weight`); may be random.
   */
  | { readonly kind: "weight" };

/** A default value; absent on a {@link ParamSpec} means the parameter is required. */
export type ParamDefault =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "list"; readonly values: readonly number[] }
  | { readonly kind: "word"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  /** Computed by the checker from other values; `doc` says how (`tau_m / r_m`, `dt`). */
  | { readonly kind: "derived"; readonly doc: string }
  /** Nothing: the key is optional and leaving it out means "none" (e.g. no plasticity). */
  | { readonly kind: "none"; readonly doc: string };

/** One parameter of a model, rule or stimulus, or one key of a block. */
export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /** Absent: the parameter is required. */
  readonly default?: ParamDefault;
  /** One line for hovers and completion. */
  readonly doc: string;
}

/** Looks a parameter up by name. */
export function findParam(params: readonly ParamSpec[], name: string): ParamSpec | undefined {
  return params.find((p) => p.name === name);
}

/** The parameters that have no default. */
export function requiredParams(params: readonly ParamSpec[]): readonly ParamSpec[] {
  return params.filter((p) => p.default === undefined);
}
