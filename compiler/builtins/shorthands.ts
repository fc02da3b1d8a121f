/**
 * Shorthands the built-in tables (models, plasticity rules, stimuli) are written with. Internal
 * to compiler/builtins: the tables' readers see plain {@link ParamType} and {@link ParamDefault}.
 */
import type { Bounds } from "../eval/index.js";
import type { Dimension } from "../units/index.js";
import type { ParamDefault, ParamType } from "./types.js";

/** A quantity above 0 (a time constant, a capacitance). */
export const positive = { min: 0, minExclusive: true } as const;
/** A quantity at least 0. */
export const nonNegative = { min: 0 } as const;

/** One constant quantity of dimension `dim` (the same for every neuron), within `bounds`. */
export function constant(dim: Dimension, bounds?: Bounds): ParamType {
  return bounds === undefined
    ? { kind: "quantity", dim, perNeuron: false }
    : { kind: "quantity", dim, perNeuron: false, bounds };
}

/** A numeric default, in SI. */
export function value(v: number): ParamDefault {
  return { kind: "value", value: v };
}
