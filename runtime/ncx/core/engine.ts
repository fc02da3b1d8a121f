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
 */
import { fromQRaw, wrap18, wrap8 } from "./fixed.js";
import {
  FF_GAIN_SLOT,
  LEAK_SLOT,
  MATRIX_CELLS,
  NEURONS,
  PARAM_SLOT_OFFSET,
  PARAM_STDP,
  PARAM_TAU,
  PARAM_TREF,
  PARAM_VTHR,
  POST_ROW_OFFSET,
  PRE_COL_OFFSET,
  SLOTS,
  START_MARKER,
  STDP_AA_WINDOWS,
  STDP_STEPS,
} from "./layout.js";
import { AGE_IDLE, type CoreState } from "./state.js";

/** One queued input event, at its absolute injection step s_k = Σ(dt_j + 1). */
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

const QUIRK_KINDS = 4;

/** Cells grouped by neuron (compressed rows): for neuron i, `cell[start[i] .. start[i+1]]`. */
interface CellLists {
  readonly start: Int32Array;
  /** The other end of each cell (post neuron for fan-out and LTD lists, pre for LTP lists). */
  readonly other: Int32Array;
  readonly cell: Int32Array;
}

function cellLists(pick: (i: number, j: number) => number): CellLists {
  const start = new Int32Array(NEURONS + 1);
  const other: number[] = [];
  const cell: number[] = [];
  for (let i = 0; i < NEURONS; i++) {
    for (let j = 0; j < NEURONS; j++) {
      const c = pick(i, j);
      if (c >= 0) {
        other.push(j);
        cell.push(c);
      }
    }
    start[i + 1] = cell.length;
  }
  return { start, other: Int32Array.from(other), cell: Int32Array.from(cell) };
}

const NEVER = -0x40000000;

/**
 * Runs one spike run on `state` (weights and traces are updated in place). The step in which the
 * last event is popped is cut short on the board, so steps 0 .. lastStep−1 are simulated and
 * emitted; the last event's own input is never applied. Only AA cells that are non-zero or
 * learning can ever carry current during a run, so the fan-out and learning loops visit those
 * cells only (listed once per run), and A(s) is non-zero only at the fan-out targets of S(s), so
 * the recurrent current is added at those targets only (kept in a list, not a dense pass).
 */
export function runSpikeRun(
  state: CoreState,
  events: readonly RunEvent[],
  options: RunOptions = {},
): RunOutcome {
  const last = events[events.length - 1];
  const steps = last === undefined ? 0 : last.step;
  // The sent bytes: the start marker, then bit p = s·90 + b of the frames at byte 1 + p/8.
  const streamBytes = (steps * NEURONS) >> 3;
  const packed = new Uint8Array(1 + ((steps * NEURONS + 7) >> 3));
  packed[0] = START_MARKER;
  const quirks: CoreQuirk[] = [];
  const seen = new Uint8Array(QUIRK_KINDS * NEURONS);
  const collect = options.collectQuirks === true;
  const observer = options.observer;

  const { aa, ff, params, refractory, age } = state;
  const enable = state.enableAa;
  const v = new Int32Array(NEURONS);
  const current = new Int32Array(NEURONS);
  // A(s) of the last frame with spikes, non-zero only at the neurons listed in `aTargets`.
  const pendingA = new Int32Array(NEURONS);
  const aTargets = new Int32Array(NEURONS);
  const aMarked = new Uint8Array(NEURONS);
  let aCount = 0;
  const spikers = new Int32Array(NEURONS);
  const ffColumns = new Map<number, Int32Array>();
  const cleared = collect ? new Int32Array(NEURONS) : current; // currents before a clearing
  const threshold = new Int32Array(NEURONS);
  const belowThreshold = new Int32Array(NEURONS); // threshold − 1: V ≥ threshold ⇔ this − V < 0
  const tref = new Int32Array(NEURONS);
  const lastSpike = new Int32Array(NEURONS);
  for (let b = 0; b < NEURONS; b++) {
    threshold[b] = wrap18(params[PARAM_VTHR + b + PARAM_SLOT_OFFSET]!);
    belowThreshold[b] = threshold[b]! - 1;
    tref[b] = params[PARAM_TREF + b + PARAM_SLOT_OFFSET]!;
    // A trace of age a before the run is a spike at step −1 − a (ages grow by one per step).
    lastSpike[b] = age[b]! >= AGE_IDLE ? NEVER : -1 - age[b]!;
  }
  const leak = wrap18(params[PARAM_TAU + LEAK_SLOT]!);
  const gain = params[PARAM_TREF + FF_GAIN_SLOT]! & 0xff;
  const aaWindows = params[PARAM_STDP + STDP_AA_WINDOWS]!;
  const wPre = aaWindows & 0xff;
  const wPost = (aaWindows >> 8) & 0xff;
  const stdpSteps = params[PARAM_STDP + STDP_STEPS]!;
  const dPlus = wrap8(stdpSteps & 0xff);
  const dMinus = wrap8((stdpSteps >> 8) & 0xff);
  const debugB = state.debugSlot - PARAM_SLOT_OFFSET;
  const debugRaw = wrap18(state.debugCurrentRaw);
  const aaCell = (post: number, pre: number) =>
    (post + POST_ROW_OFFSET) * SLOTS + pre + PRE_COL_OFFSET;
  // Fan-out of pre m (never to m−1, the dropped connection); LTP inputs of post k; LTD outputs of pre k.
  const fanout = cellLists((m, n) => {
    const c = aaCell(n, m);
    return n !== m - 1 && (aa[c] !== 0 || enable[c] !== 0) ? c : -1;
  });
  const ltp = cellLists((k, m) => (enable[aaCell(k, m)] !== 0 ? aaCell(k, m) : -1));
  const ltd = cellLists((k, n) => (n !== k && enable[aaCell(n, k)] !== 0 ? aaCell(n, k) : -1));
  const fanStart = fanout.start;
  const fanOther = fanout.other;
  const fanCell = fanout.cell;
  const ltpStart = ltp.start;
  const ltpOther = ltp.other;
  const ltpCell = ltp.cell;
  const ltdStart = ltd.start;
  const ltdOther = ltd.other;
  const ltdCell = ltd.cell;
  const learning = ltpCell.length > 0;
  const active =
    observer === undefined ? activeNeurons(state, steps, threshold, leak, debugB) : NEURONS;
  let currentsZero = true;
  // Quiet stretches can be skipped when nothing drifts: no leak, no debug current, no sampling.
  const canSkip = leak === 0 && debugRaw === 0 && observer === undefined && !collect;

  let prevCount = 0;
  let soleSpiker = -1; // the one neuron of the previous frame when it had exactly one spike
  let eventIndex = 0;
  for (let s = 0; s < steps; s++) {
    // The input event of this step, if any (events are at strictly increasing steps).
    let address = -1;
    while (eventIndex < events.length && events[eventIndex]!.step < s) eventIndex++;
    if (eventIndex < events.length && events[eventIndex]!.step === s) {
      address = events[eventIndex]!.address;
    }
    const frameBase = s * NEURONS;
    // I_bias (0x40) is added to the debug slot's value before its threshold test.
    if (debugB >= 0 && debugB < active) v[debugB] = wrap18(v[debugB]! + debugRaw);
    // 2. AA current from the previous frame, before the pass (it reads no V or counter).
    let inherited = -1;
    let clearing = false;
    if (prevCount !== 0) {
      // I_n ← I_n + (A_n << 10); A_n is 0 outside the targets, where the add changes nothing.
      for (let i = 0; i < aCount; i++) {
        const n = aTargets[i]!;
        current[n] = wrap18(current[n]! + wrap18(pendingA[n]! << 10));
      }
      if (prevCount === 1) {
        // The sole spiker inherits slot n−1's new current (slot 3, before slot 0, holds 0).
        const m = soleSpiker;
        current[m] = m > 0 ? current[m - 1]! : 0;
        inherited = m; // reported in the pass, in slot order with the other quirks
      }
      currentsZero = false;
    } else if (!currentsZero) {
      // After a quiet frame every current becomes H = 0.
      if (collect) {
        cleared.set(current); // reported in the pass, in slot order with the other quirks
        clearing = true;
      }
      current.fill(0, 0, active);
      currentsZero = true;
    }
    let count = 0;
    // 1 + 3. One pass in slot order: neuron b's spike is decided on V(s−1); spikers reset,
    // the others integrate (the spike of b−1, decided just before, discards b's input).
    if (!collect) {
      // Branch-free pass (whether a neuron fires is data, not a pattern a predictor can learn):
      // f = 1 when V(s−1) ≥ threshold and the counter is 0; a spiker's V and counter become 0
      // and 1, the others integrate and advance their counter (r → r+1 below Tref_max, else 0).
      if (address >= 0) {
        // FF input of this step's address for every slot; lost when slot b−1 spikes (below).
        // (FF weights do not change during a run, so each address's column is built once.)
        let ffIn = ffColumns.get(address);
        if (ffIn === undefined) {
          ffIn = new Int32Array(NEURONS);
          const inputBase = POST_ROW_OFFSET * SLOTS + address;
          for (let b = 0; b < active; b++) {
            const cell = inputBase + b * SLOTS;
            ffIn[b] = cell < MATRIX_CELLS ? wrap18((ff[cell]! * gain) << 10) : 0;
          }
          ffColumns.set(address, ffIn);
        }
        let previousF = 0; // slot 3, before slot 0, never spikes
        for (let b = 0; b < active; b++) {
          const vin = v[b]!;
          const r = refractory[b]!;
          const f = ((belowThreshold[b]! - vin) >>> 31) & ((r - 1) >>> 31);
          const sum = vin - leak + current[b]! + (ffIn[b]! & (previousF - 1));
          v[b] = ((sum << 14) >> 14) & (f - 1);
          refractory[b] = ((r + 1) & -(((r - tref[b]!) >>> 31) & (-r >>> 31))) | f;
          spikers[count] = b;
          count += f;
          previousF = f;
        }
      } else {
        for (let b = 0; b < active; b++) {
          const vin = v[b]!;
          const r = refractory[b]!;
          const f = ((belowThreshold[b]! - vin) >>> 31) & ((r - 1) >>> 31);
          v[b] = (((vin - leak + current[b]!) << 14) >> 14) & (f - 1);
          refractory[b] = ((r + 1) & -(((r - tref[b]!) >>> 31) & (-r >>> 31))) | f;
          spikers[count] = b;
          count += f;
        }
      }
    } else {
      const inputBase = address >= 0 ? POST_ROW_OFFSET * SLOTS + address : -1;
      let previousFired = false; // slot 3, before slot 0, never spikes
      for (let b = 0; b < active; b++) {
        const vin = v[b]!;
        const r = refractory[b]!;
        const fire = vin >= threshold[b]! && r === 0;
        if (b === inherited && current[b] !== 0) {
          addQuirk(quirks, seen, 2, b, {
            kind: "current-inherited",
            step: s,
            neuron: b,
            currentRaw: current[b]!,
          });
        } else if (clearing && cleared[b] !== 0 && !fire) {
          addQuirk(quirks, seen, 1, b, { kind: "current-cleared", step: s, neuron: b });
        }
        if (fire) {
          spikers[count++] = b;
          v[b] = 0;
          refractory[b] = 1;
          previousFired = true;
          continue;
        }
        let ffRaw = 0;
        if (inputBase >= 0) {
          const cell = inputBase + b * SLOTS;
          const w = cell < MATRIX_CELLS ? ff[cell]! : 0;
          if (!previousFired) ffRaw = wrap18((w * gain) << 10);
          else if (collect && w !== 0) {
            addQuirk(quirks, seen, 0, b, {
              kind: "input-lost-predecessor",
              step: s,
              neuron: b,
              address,
            });
          }
        }
        previousFired = false;
        const sum = vin - leak + current[b]! + ffRaw;
        const next = wrap18(sum);
        if (collect && next !== sum) {
          addQuirk(quirks, seen, 3, b, { kind: "value-wrapped", step: s, neuron: b });
        }
        v[b] = next;
        if (r !== 0) refractory[b] = r < tref[b]! ? r + 1 : 0;
      }
    }
    // 4. accumulate A(s) for the next step, before learning changes any weight (A is read only
    // after a frame with spikes, so after a quiet frame the old A may stay).
    if (count > 0) {
      for (let i = 0; i < aCount; i++) {
        const n = aTargets[i]!;
        pendingA[n] = 0;
        aMarked[n] = 0;
      }
      aCount = 0;
      for (let i = 0; i < count; i++) {
        // The spike's bit in the sent frame and its trace (read by this frame's learning).
        const m = spikers[i]!;
        const p = frameBase + m;
        packed[1 + (p >> 3)]! |= 1 << (p & 7);
        lastSpike[m] = s;
        const end = fanStart[m + 1]!;
        for (let e = fanStart[m]!; e < end; e++) {
          const n = fanOther[e]!;
          aTargets[aCount] = n; // listed once: kept only when not marked yet
          aCount += 1 - aMarked[n]!;
          aMarked[n] = 1;
          // Unwrapped (|sum| ≤ 90·128): only its low 8 bits reach the current, through
          // wrap18(A << 10), which wrap15 would leave unchanged.
          pendingA[n] = pendingA[n]! + aa[fanCell[e]!]!;
        }
      }
      soleSpiker = spikers[0]!;
    }
    // 5. AA learning for the spikes of this frame: LTP into k, then LTD out of k.
    if (learning) {
      for (let i = 0; i < count; i++) {
        const k = spikers[i]!;
        // Branch-free (which windows a trace is in is data): the step is masked to 0 outside.
        // (aa is an Int8Array: a store wraps to 8 bits by itself.)
        const ltpEnd = ltpStart[k + 1]!;
        for (let e = ltpStart[k]!; e < ltpEnd; e++) {
          const cell = ltpCell[e]!;
          const inWindow = ((wPre - (s - lastSpike[ltpOther[e]!]!)) >>> 31) ^ 1;
          aa[cell] = aa[cell]! + (dPlus & -inWindow);
        }
        const ltdEnd = ltdStart[k + 1]!;
        for (let e = ltdStart[k]!; e < ltdEnd; e++) {
          const a = s - lastSpike[ltdOther[e]!]!;
          const inWindow = (((a - 1) >>> 31) ^ 1) & (((wPost - a) >>> 31) ^ 1);
          const cell = ltdCell[e]!;
          const old = aa[cell]!;
          const w = wrap8(old - dMinus);
          const floored = w | ((w + 1) >> 31); // w < −1 → −1
          aa[cell] = old + ((floored - old) & -inWindow);
        }
      }
    }
    prevCount = count;
    if (observer !== undefined) observer.onStepEnd?.(s, state, v, current);
    // A quiet frame with every value below threshold and no counter running: until the next input
    // event, each step only clears the AA currents (already added) and changes nothing else.
    if (canSkip && count === 0 && settledAfterStep(v, refractory, threshold, active)) {
      while (eventIndex < events.length && events[eventIndex]!.step <= s) eventIndex++;
      const next = events[eventIndex]?.step ?? steps;
      if (next - 1 > s) {
        current.fill(0);
        currentsZero = true;
        s = next - 1;
      }
    }
  }
  if (steps > 0) {
    for (let b = 0; b < NEURONS; b++) age[b] = Math.min(AGE_IDLE, steps - 1 - lastSpike[b]!);
  }
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

/** True when no neuron is at or above its threshold and no refractory counter is running. */
function settledAfterStep(
  v: Int32Array,
  refractory: Int32Array,
  threshold: Int32Array,
  active: number,
): boolean {
  for (let b = 0; b < active; b++) {
    if (refractory[b] !== 0 || v[b]! >= threshold[b]!) return false;
  }
  return true;
}

/**
 * Neurons b >= the returned count are inert for this run: no FF or AA weight or learning cell in
 * their row or column, no debug current, no running refractory counter, and a silent trajectory
 * (V = −k·leak, wrapped) that stays below their threshold for every step. They never spike and
 * never influence another neuron, so the engine skips them (their V is not kept).
 */
function activeNeurons(
  state: CoreState,
  steps: number,
  threshold: Int32Array,
  leak: number,
  debugB: number,
): number {
  let silentMax = 0;
  let x = 0;
  for (let k = 0; k < steps && leak !== 0; k++) {
    x = wrap18(x - leak);
    if (x > silentMax) silentMax = x;
  }
  for (let b = NEURONS - 1; b >= 0; b--) {
    const row = (b + POST_ROW_OFFSET) * SLOTS;
    let inert = threshold[b]! > silentMax && state.refractory[b] === 0 && b !== debugB;
    for (let c = 0; c < SLOTS && inert; c++) {
      const col = c * SLOTS + b + PRE_COL_OFFSET;
      inert =
        state.ff[row + c] === 0 &&
        state.aa[row + c] === 0 &&
        state.enableAa[row + c] === 0 &&
        state.aa[col] === 0 &&
        state.enableAa[col] === 0;
    }
    if (!inert) return b + 1;
  }
  return 0;
}

function addQuirk(
  quirks: CoreQuirk[],
  seen: Uint8Array,
  kind: number,
  neuron: number,
  quirk: CoreQuirk,
): void {
  const key = kind * NEURONS + neuron;
  if (seen[key] !== 0) return;
  seen[key] = 1;
  quirks.push(quirk);
}

/** The membrane value of a raw Q7.10 state entry in core units (for `v` samples). */
export const coreValue = fromQRaw;
