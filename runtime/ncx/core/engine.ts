/**
 * The step engine of the core model: one spike run, step by step, exactly as NEUROCOREX.md §2.1
 * as corrected by §6.4 describes the RTL. In step s (frame s):
 *   1. S(s) = logical neurons with refractory count 0 and V(s−1) + I_bias ≥ threshold;
 *   2. the AA current from S(s−1): I_n ← I_n + (A_n << 10) when some neuron other than n spiked in
 *      frame s−1 (A_n skips pre-neuron n+1: the RTL drops m → m−1), else I_n ← H, where H is 0
 *      after a quiet frame and I_{n−1} when n was the sole spiker (the shared-register hazard);
 *   3. spikers: V ← 0, refractory ← 1; others: V ← V − leak + I_n + FF_n (18-bit wrap), FF_n lost
 *      when neuron n−1 spikes in this step, and the refractory counter advances;
 *   4. A_n(s) is accumulated from S(s) with the weights as they are before this frame's learning;
 *   5. AA STDP for S(s): LTP (into k, pre age 0..Wpre), then LTD (out of k, post age 1..Wpost,
 *      never k → k), in 8-bit wrapped arithmetic with the −1 floor for LTD.
 * FF STDP is not modelled (the compiler never enables it; §6.4 item 4).
 *
 * Two loops implement this step: `fast-loop.ts` unless an observer samples every step (the
 * limits check's quirk-collecting run, `snnc run` and `runImage`), and `detailed-loop.ts` when
 * one does (it can also collect quirks). They give the same frames, weights, traces and quirks
 * bit for bit (a property test runs both on random images); `run-setup.ts` reads the
 * parameters both use.
 */
import { fromQRaw } from "./fixed.js";
import { NEURONS } from "./layout.js";
import { AGE_IDLE, type CoreState } from "./state.js";
import { prepareRun } from "./run-setup.js";
import { runDetailedLoop } from "./detailed-loop.js";
import { runFastLoop } from "./fast-loop.js";

/**
 * One queued input event, at its absolute injection step s_k = Σ(dt_j + 1); the events of a run
 * are at strictly increasing steps (each dt + 1 is at least 1).
 */
export interface RunEvent {
  readonly step: number;
  readonly address: number;
}

/** Behaviours a user would not expect, found while running (reported as warnings by limits). */
export type CoreQuirk =
  | {
      readonly kind: "input-lost-predecessor";
      readonly step: number;
      readonly neuron: number;
      readonly address: number;
    }
  | { readonly kind: "current-cleared"; readonly step: number; readonly neuron: number }
  | {
      readonly kind: "current-inherited";
      readonly step: number;
      readonly neuron: number;
      readonly currentRaw: number;
    }
  | { readonly kind: "value-wrapped"; readonly step: number; readonly neuron: number };

/** Hooks for sampling; called once per step, never per neuron. */
export interface RunObserver {
  /** After the whole step, including this frame's learning. */
  onStepEnd?(step: number, state: CoreState, v: Int32Array, current: Int32Array): void;
}

export interface RunOptions {
  readonly observer?: RunObserver;
  /** Collect {@link CoreQuirk}s (first occurrence per neuron and kind). */
  readonly collectQuirks?: boolean;
}

export interface RunOutcome {
  /**
   * Frames of steps 0 .. steps−1: `frames[s * 90 + b]` is 1 when neuron b spiked in frame s.
   * Unpacked from the run's bits on first read (one byte per neuron and step is megabytes that
   * `snnc run` never reads: it decodes the sent bytes, as upload does a board's).
   */
  readonly frames: Uint8Array;
  readonly steps: number;
  readonly quirks: readonly CoreQuirk[];
  /**
   * The bytes the core sends for this run (start marker, then the frames packed LSB-first with
   * the partial last byte dropped): exactly `encodeFrameStream(frames, steps)`, packed while
   * stepping so that the frames need not be scanned again.
   */
  readonly stream: Uint8Array;
}

/**
 * Runs one spike run on `state` (weights and traces are updated in place). The step in which the
 * last event is popped is cut short on the board, so steps 0 .. lastStep−1 are simulated and
 * emitted; the last event's own input is never applied. Only AA cells that are non-zero or
 * learning can ever carry current during a run, so the fan-out and learning loops visit those
 * cells only (listed once per run).
 */
export function runSpikeRun(
  state: CoreState,
  events: readonly RunEvent[],
  options: RunOptions = {},
): RunOutcome {
  const last = events[events.length - 1];
  const steps = last === undefined ? 0 : last.step;
  const setup = prepareRun(state, steps);
  const collect = options.collectQuirks === true;
  const observer = options.observer;
  const quirks =
    observer !== undefined
      ? runDetailedLoop(setup, events, collect, observer)
      : runFastLoop(setup, events, collect);
  const { lastSpike, packed } = setup;
  if (steps > 0) {
    const age = state.age;
    for (let b = 0; b < NEURONS; b++) age[b] = Math.min(AGE_IDLE, steps - 1 - lastSpike[b]!);
  }
  // The sent bytes: the start marker and the whole bytes of the frames (the partial last byte
  // is dropped).
  const streamBytes = (steps * NEURONS) >> 3;
  let frames: Uint8Array | undefined;
  return {
    get frames() {
      frames ??= unpackFrames(packed, steps);
      return frames;
    },
    steps,
    quirks,
    stream: packed.subarray(0, 1 + streamBytes),
  };
}

/** One byte per neuron and step from the bits at byte 1 + p/8 of `packed` (all frames, whole). */
function unpackFrames(packed: Uint8Array, steps: number): Uint8Array {
  const frames = new Uint8Array(steps * NEURONS);
  for (let i = 1; i < packed.length; i++) {
    const byte = packed[i]!;
    if (byte === 0) continue;
    const base = (i - 1) << 3;
    for (let bit = 0; bit < 8; bit++) {
      if (((byte >> bit) & 1) !== 0 && base + bit < frames.length) frames[base + bit] = 1;
    }
  }
  return frames;
}

/** The membrane value of a raw Q7.10 state entry in core units (for `v` samples). */
export const coreValue = fromQRaw;
