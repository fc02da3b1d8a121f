/**
 * The drawn values a PyNN script needs (connection lists, per-neuron parameters, initial values,
 * spike times), gathered as named one-dimensional arrays in PyNN units. Small sets are inlined in
 * the script; large ones go to `<name>.connections.npz` next to it (SPEC §7: exports carry snnc's
 * drawn connectivity and initial values, so these are the values of `instantiateNetwork`).
 */
import { compilerAssert } from "../../common/index.js";
import type { NpyArray } from "./npz.js";

/** Above this many values in total, the arrays go to the side file instead of the script. */
export const INLINE_LIMIT = 2000;

/** Collects arrays in insertion order (deterministic: the emitter adds them in IR order). */
export class DataArrays {
  readonly #arrays: NpyArray[] = [];
  readonly #names = new Set<string>();

  /** Adds an array and returns its key. Keys are unique; adding one twice is a bug. */
  add(name: string, dtype: NpyArray["dtype"], values: ArrayLike<number>): string {
    compilerAssert(!this.#names.has(name), `duplicate data array ${name}`);
    this.#names.add(name);
    this.#arrays.push({ name, dtype, values });
    return name;
  }

  get arrays(): readonly NpyArray[] {
    return this.#arrays;
  }

  /** Total number of values, to choose between inlining and the side file. */
  get size(): number {
    return this.#arrays.reduce((s, a) => s + a.values.length, 0);
  }
}

/** Scales a typed array (SI) into PyNN units. */
export function scaled(values: ArrayLike<number>, factor: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] ?? 0) * factor;
  return out;
}

/** The single value of an array whose entries are all equal, or null. */
export function uniformValue(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const first = values[0] ?? 0;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return null;
  return first;
}
