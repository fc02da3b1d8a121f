/**
 * The quirks a run meets, as the limits check reports them: the first occurrence of each kind
 * per neuron, in the order the core meets them (by step, then slot). Shared by both step loops
 * so that they number and keep quirks the same way.
 */
import { NEURONS } from "./layout.js";
import type { CoreQuirk } from "./engine.js";

/** Kind numbers, in the order a neuron's quirks of one step are met. */
export const INHERITED = 2;
export const CLEARED = 1;
export const INPUT_LOST = 0;
export const WRAPPED = 3;
const KINDS = 4;

export class QuirkLog {
  readonly quirks: CoreQuirk[] = [];
  readonly #seen = new Uint8Array(KINDS * NEURONS);

  /** True when `kind` was already reported for `neuron` (later occurrences are dropped). */
  has(kind: number, neuron: number): boolean {
    return this.#seen[kind * NEURONS + neuron] !== 0;
  }

  /** Keeps `quirk` unless its kind was already reported for `neuron`. */
  add(kind: number, neuron: number, quirk: CoreQuirk): void {
    const key = kind * NEURONS + neuron;
    if (this.#seen[key] !== 0) return;
    this.#seen[key] = 1;
    this.quirks.push(quirk);
  }
}
