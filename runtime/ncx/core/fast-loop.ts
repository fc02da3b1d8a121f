/**
 * The plain step loop of the core model: what `snnc run`, `runImage` and the limits check use
 * when nobody samples the state. Same semantics, bit for bit, as `detailed-loop.ts` (see
 * engine.ts for the step), quirks included; it differs only in when it does the work:
 *  - A(s) is added to the AA currents while the spikes of frame s are fanned out, instead of
 *    being kept pending until step s+1 (I_n ← I_n + (A_n << 10) wraps to 18 bits, so adding
 *    each weight << 10 as it comes gives the same value). Nothing reads I between the two
 *    points except an observer, which this loop never has; the sole-spiker inheritance and the
 *    clearing after a quiet frame still happen at the start of step s+1, on the new values.
 *  - Each spiker's AA column is walked once, for both its fan-out and its LTD (both are the
 *    cells (n, k) of pre k). Each cell's weight is read for the fan-out before its LTD writes it,
 *    and no other spiker's fan-out reads column k, so the fan-out still sees the weights as
 *    they were before this frame's learning. LTP (row k) writes cells of other spikers'
 *    columns, so it runs after every column walk. The traces of all spikers are set first,
 *    since both windows read them (a post that fires in this frame is outside the LTD window).
 *  - LTP and LTD never touch the same cell in one frame (LTP of (n, m) needs n to fire now,
 *    LTD of (n, m) needs n not to), so their order across spikers does not matter.
 * All per-neuron values and the cell lists live in one Int32Array at fixed offsets: TurboFan
 * then keeps one base and one length for every access instead of those of a dozen typed arrays
 * (about a fifth faster on a busy core). The refractory counters and traces are copied in at
 * the start and back at the end.
 * Quirks, when collected, are found without slowing the plain pass: a pass variant records
 * which neurons' V wrapped, and a step is scanned in slot order (as the detailed loop meets
 * them) only when it can add a quirk not reported yet.
 */
import { wrap18, wrap8 } from "./fixed.js";
import { MATRIX_CELLS, NEURONS, POST_ROW_OFFSET, SLOTS } from "./layout.js";
import { aaCell, activeNeurons, cellLists, FfColumns, type RunSetup } from "./run-setup.js";
import type { CoreQuirk, RunEvent } from "./engine.js";
import { CLEARED as CLEARED_KIND, INHERITED, INPUT_LOST, QuirkLog, WRAPPED } from "./quirk-log.js";

// The loop's Int32Array: per-neuron regions of SLOTS entries each (room for the NEURONS + 1
// starts of a cell list, and slot 95, never a neuron, for WRAP_ANY), one after the other in the
// order below, then the cell lists' entries. Each offset follows from the one before it.
const REGION = SLOTS;
/** V (Q7.10, 18-bit wrapped). */
const V = 0;
/**
 * First step in which the neuron may fire again (the refractory counter as a step number: the
 * counter runs from a spike at step p, blocking steps p+1 .. p+max(Tref_max, 1), so only a spike
 * writes it; converted from and back to the counter at the run's ends).
 */
const ALLOWED = V + REGION;
/** threshold − 1: V ≥ threshold ⇔ (this − V) < 0. */
const BELOW = ALLOWED + REGION;
/** max(Tref_max, 1) + 1: from a spike at step p the neuron may fire again at p + this. */
const DUR = BELOW + REGION;
/** AA current I (18-bit wrapped). */
const CUR = DUR + REGION;
/** Step of the last spike (traces). */
const LAST = CUR + REGION;
/** This step's spikers, in slot order (the first `count` entries). */
const SPIKERS = LAST + REGION;
/** Column k's entries are at [COL_START + k] .. [COL_START + k + 1] (absolute positions). */
const COL_START = SPIKERS + REGION;
/** Row k's entries are at [ROW_START + k] .. [ROW_START + k + 1]. */
const ROW_START = COL_START + REGION;
/** Quirk collection only: per neuron, non-zero when its V wrapped in this step's pass. */
const WRAP = ROW_START + REGION;
/** Quirk collection only: non-zero when some neuron's V wrapped (its last entry, never a neuron's). */
const WRAP_ANY = WRAP + REGION - 1;
/** Quirk collection only: the currents a quiet frame clears, as they were before. */
const CLEARED = WRAP + REGION;
/** Quirk collection only: −1 while a wrap of the neuron's V is still to be reported, then 0. */
const WRAP_NEW = CLEARED + REGION;
/** The entries themselves. */
const ENTRIES = WRAP_NEW + REGION;

// A column entry: cell | post n << 14 | fan-out << 21 | LTD << 22; a row entry: cell | pre m << 14.
const CELL_MASK = 0x3fff;
const OTHER_SHIFT = 14;
const NEURON_MASK = 0x7f;
const FAN_BIT = 21;
const LTD_BIT = 22;

/**
 * Runs `setup.steps` steps, writing the frames into `setup.packed` and the weights in place;
 * with `collect`, also returns the quirks met (as the detailed loop reports them).
 */
export function runFastLoop(
  setup: RunSetup,
  events: readonly RunEvent[],
  collect: boolean,
): CoreQuirk[] {
  const { state, steps, packed, belowThreshold, tref, lastSpike } = setup;
  const log = collect ? new QuirkLog() : null;
  if (steps === 0) return [];
  const { leak, wPre, wPost, dPlus, dMinus, debugB, debugRaw } = setup;
  const { aa, refractory } = state;
  const enable = state.enableAa;
  // Column k: the cells (n, k) that k's spike reads (fan-out: never n = k−1, the dropped
  // connection; only cells that are non-zero or can learn) or may depress (LTD: enabled, n ≠ k).
  const column = cellLists((k, n) => {
    const c = aaCell(n, k);
    const fan = n !== k - 1 && (aa[c] !== 0 || enable[c] !== 0);
    const ltd = n !== k && enable[c] !== 0;
    return fan || ltd ? c : -1;
  });
  // Row k: the cells (k, m) whose LTP k's spike may apply (enabled).
  const row = cellLists((k, m) => (enable[aaCell(k, m)] !== 0 ? aaCell(k, m) : -1));
  const h = new Int32Array(ENTRIES + column.cell.length + row.cell.length);
  let at = ENTRIES;
  for (let k = 0; k < NEURONS; k++) {
    h[COL_START + k] = at;
    for (let e = column.start[k]!; e < column.start[k + 1]!; e++) {
      const n = column.other[e]!;
      const c = column.cell[e]!;
      const fan = n !== k - 1 ? 1 : 0;
      const ltd = n !== k && enable[c] !== 0 ? 1 : 0;
      h[at++] = c | (n << OTHER_SHIFT) | (fan << FAN_BIT) | (ltd << LTD_BIT);
    }
  }
  h[COL_START + NEURONS] = at;
  for (let k = 0; k < NEURONS; k++) {
    h[ROW_START + k] = at;
    for (let e = row.start[k]!; e < row.start[k + 1]!; e++) {
      h[at++] = row.cell[e]! | (row.other[e]! << OTHER_SHIFT);
    }
  }
  h[ROW_START + NEURONS] = at;
  for (let b = 0; b < NEURONS; b++) {
    const dur = Math.max(tref[b]!, 1) + 1;
    // A counter r ≥ 1 before the run blocks steps 0 .. max(Tref_max − r, 0), as a spike at −r
    // would (at least step 0 when r is past Tref_max); r = 0 blocks nothing.
    const r = refractory[b]!;
    h[ALLOWED + b] = r === 0 ? 0 : Math.max(dur - r, 1);
    h[DUR + b] = dur;
    h[BELOW + b] = belowThreshold[b]!;
    h[LAST + b] = lastSpike[b]!;
    h[WRAP_NEW + b] = -1;
  }
  const active = activeNeurons(setup);
  runSteps(h, aa, packed, events, new FfColumns(setup, active), log, state.ff, {
    steps,
    active,
    leak,
    wPre,
    wPost,
    dPlus,
    dMinus,
    debugB,
    debugRaw,
    learning: row.cell.length > 0,
  });
  // The counter after the last step: steps − p while a spike at p (or the counter the run
  // started with) still blocks step `steps`, else 0.
  for (let b = 0; b < NEURONS; b++) {
    const allowed = h[ALLOWED + b]!;
    refractory[b] = allowed > steps ? steps - (allowed - h[DUR + b]!) : 0;
    lastSpike[b] = h[LAST + b]!;
  }
  return log === null ? [] : log.quirks;
}

/** The scalars of a run that {@link runSteps} reads: the set-up's, and two of the loop's own. */
type StepConstants = Pick<
  RunSetup,
  "steps" | "leak" | "wPre" | "wPost" | "dPlus" | "dMinus" | "debugB" | "debugRaw"
> & {
  /** Slots 0 .. active−1 are stepped (the others are inert: run-setup.ts). */
  readonly active: number;
  /** Some AA cell can learn. */
  readonly learning: boolean;
};

/**
 * The steps themselves, on the values laid out in `h`. A function of its own, holding nothing
 * but the loop: TurboFan compiles it on the first run (on-stack) and again when it is hot, and
 * with no set-up code around the loop that ran before feedback was collected, that code is the
 * same from process to process (with the set-up in the same function, the busy core ran at one
 * of two speeds, about 1.4 apart, depending on how the first runs happened to be compiled).
 */
function runSteps(
  h: Int32Array,
  aa: Int8Array,
  packed: Uint8Array,
  events: readonly RunEvent[],
  ffColumns: FfColumns,
  log: QuirkLog | null,
  ff: Int8Array,
  constants: StepConstants,
): void {
  const { steps, active, leak, wPre, wPost, dPlus, dMinus, debugB, debugRaw } = constants;
  const learning = constants.learning;
  const hasDebug = debugB >= 0 && debugB < active;
  // Quiet stretches can be skipped when nothing drifts: no leak and no debug current.
  const canSkip = leak === 0 && debugRaw === 0;
  let currentsZero = true;
  let prevCount = 0;
  let soleSpiker = -1; // the one neuron of the previous frame when it had exactly one spike
  // Events are at strictly increasing steps, and s never passes one: the next is at `nextStep`.
  let eventIndex = 0;
  let nextStep = events.length > 0 ? events[0]!.step : -1;
  for (let s = 0; s < steps; s++) {
    let address = -1;
    if (nextStep === s) {
      address = events[eventIndex]!.address;
      eventIndex++;
      nextStep = eventIndex < events.length ? events[eventIndex]!.step : -1;
    }
    // I_bias (0x40) is added to the debug slot's value before its threshold test.
    if (hasDebug) h[V + debugB] = wrap18(h[V + debugB]! + debugRaw);
    // 2. AA current from the previous frame: A was added during its fan-out.
    let inherited = -1;
    let clearing = false;
    if (prevCount !== 0) {
      if (prevCount === 1) {
        // The sole spiker inherits slot n−1's new current (slot 3, before slot 0, holds 0).
        const m = soleSpiker;
        h[CUR + m] = m > 0 ? h[CUR + m - 1]! : 0;
        inherited = m;
      }
      currentsZero = false;
    } else if (!currentsZero) {
      // After a quiet frame every current becomes H = 0.
      if (log !== null) {
        h.copyWithin(CLEARED, CUR, CUR + active);
        clearing = true;
      }
      h.fill(0, CUR, CUR + active);
      currentsZero = true;
    }
    // 1 + 3. One pass in slot order: neuron b's spike is decided on V(s−1); spikers reset,
    // the others integrate (the spike of b−1, decided just before, discards b's input).
    // Branch-free (whether a neuron fires is data, not a pattern a predictor can learn):
    // f = 1 when V(s−1) ≥ threshold and the counter is 0 (ALLOWED ≤ s); a spiker's V becomes
    // 0 (its counter starts below), the others integrate.
    const next = s + 1;
    let count = 0;
    if (log !== null) {
      count = passRecordingWraps(
        h,
        address >= 0 ? ffColumns.get(address) : null,
        leak,
        active,
        next,
      );
      const scan =
        inherited >= 0 ||
        clearing ||
        h[WRAP_ANY] !== 0 ||
        (address >= 0 && count > 0 && mayLoseInput(h, log, ff, count, active, address));
      if (scan) logQuirks(h, log, ff, s, active, count, inherited, clearing, address);
    } else if (address >= 0) {
      // FF input of this step's address for every slot; lost when slot b−1 spikes.
      const ffIn = ffColumns.get(address);
      let previousF = 0; // slot 3, before slot 0, never spikes
      for (let b = 0; b < active; b++) {
        const vin = h[V + b]!;
        const f = ((h[BELOW + b]! - vin) >>> 31) & ((h[ALLOWED + b]! - next) >>> 31);
        const sum = vin - leak + h[CUR + b]! + (ffIn[b]! & (previousF - 1));
        h[V + b] = ((sum << 14) >> 14) & (f - 1);
        h[SPIKERS + count] = b;
        count += f;
        previousF = f;
      }
    } else {
      for (let b = 0; b < active; b++) {
        const vin = h[V + b]!;
        const f = ((h[BELOW + b]! - vin) >>> 31) & ((h[ALLOWED + b]! - next) >>> 31);
        h[V + b] = (((vin - leak + h[CUR + b]!) << 14) >> 14) & (f - 1);
        h[SPIKERS + count] = b;
        count += f;
      }
    }
    if (count > 0) {
      // The spikes' bits in the sent frame, their traces (read by this frame's learning) and
      // their refractory periods.
      // Spikers come in slot order, so their bytes do too: each byte's bits are gathered in
      // `byte` and stored as they grow (a plain store; no read-modify-write of the output per
      // spike). The frame's first byte may hold the previous frame's last bits: it is read once.
      const frameBase = s * NEURONS;
      let at = 1 + (frameBase >> 3);
      let byte = packed[at]!;
      for (let i = 0; i < count; i++) {
        const m = h[SPIKERS + i]!;
        const p = frameBase + m;
        const byteAt = 1 + (p >> 3);
        // Keep the bits gathered so far when still in the same byte (mask −1), else start anew.
        byte = (byte & (((byteAt ^ at) - 1) >> 31)) | (1 << (p & 7));
        at = byteAt;
        packed[byteAt] = byte;
        h[LAST + m] = s;
        h[ALLOWED + m] = s + h[DUR + m]!;
      }
      soleSpiker = h[SPIKERS]!;
      if (learning) {
        // 4 + 5. Fan-out (I_n += w << 10 with the weight before learning) and LTD of each
        // spiker's column, then LTP of each spiker's row; window tests are branch-free (which
        // windows a trace is in is data) and mask the step to 0 outside them.
        for (let i = 0; i < count; i++) {
          const k = h[SPIKERS + i]!;
          const end = h[COL_START + k + 1]!;
          for (let e = h[COL_START + k]!; e < end; e++) {
            const entry = h[e]!;
            const cell = entry & CELL_MASK;
            const n = (entry >> OTHER_SHIFT) & NEURON_MASK;
            const old = aa[cell]!;
            const fanMask = (entry << (31 - FAN_BIT)) >> 31; // −1 for a fan-out cell
            h[CUR + n] = wrap18(h[CUR + n]! + ((old << 10) & fanMask));
            const a = s - h[LAST + n]!;
            const inWindow =
              (((a - 1) >>> 31) ^ 1) & (((wPost - a) >>> 31) ^ 1) & (entry >>> LTD_BIT);
            const w = wrap8(old - dMinus);
            const floored = w | ((w + 1) >> 31); // w < −1 → −1
            aa[cell] = old + ((floored - old) & -inWindow);
          }
        }
        for (let i = 0; i < count; i++) {
          const k = h[SPIKERS + i]!;
          const end = h[ROW_START + k + 1]!;
          for (let e = h[ROW_START + k]!; e < end; e++) {
            const entry = h[e]!;
            const cell = entry & CELL_MASK;
            const inWindow = ((wPre - (s - h[LAST + (entry >> OTHER_SHIFT)]!)) >>> 31) ^ 1;
            // (aa is an Int8Array: a store wraps to 8 bits by itself.)
            aa[cell] = aa[cell]! + (dPlus & -inWindow);
          }
        }
      } else {
        // 4. Fan-out only (no cell learns, so every column entry is a fan-out cell).
        for (let i = 0; i < count; i++) {
          const k = h[SPIKERS + i]!;
          const end = h[COL_START + k + 1]!;
          for (let e = h[COL_START + k]!; e < end; e++) {
            const entry = h[e]!;
            const n = (entry >> OTHER_SHIFT) & NEURON_MASK;
            h[CUR + n] = wrap18(h[CUR + n]! + (aa[entry & CELL_MASK]! << 10));
          }
        }
      }
    }
    prevCount = count;
    // A quiet frame with every value below threshold and no counter running: until the next input
    // event, each step only clears the AA currents and changes nothing else.
    if (canSkip && count === 0 && settled(h, active, next)) {
      const until = nextStep < 0 ? steps : nextStep;
      if (until - 1 > s) {
        // The only quirks of the skipped steps: the currents step s+1 clears (nothing fires).
        if (log !== null && !currentsZero) logClearedCurrents(h, log, s + 1, active);
        h.fill(0, CUR, CUR + NEURONS);
        currentsZero = true;
        s = until - 1;
      }
    }
  }
}

/**
 * The neuron pass when quirks are collected: the same pass, one input column or none, that also
 * records in WRAP which neurons' V wrapped (a spiker's V is reset, so its sum never counts),
 * for the first time only, so that steps stop being scanned once every wrap was reported.
 * Returns the number of spikers.
 */
function passRecordingWraps(
  h: Int32Array,
  ffIn: Int32Array | null,
  leak: number,
  active: number,
  next: number,
): number {
  let count = 0;
  let wrapped = 0;
  let previousF = 0; // slot 3, before slot 0, never spikes
  for (let b = 0; b < active; b++) {
    const vin = h[V + b]!;
    const f = ((h[BELOW + b]! - vin) >>> 31) & ((h[ALLOWED + b]! - next) >>> 31);
    const input = ffIn === null ? 0 : ffIn[b]! & (previousF - 1);
    const sum = vin - leak + h[CUR + b]! + input;
    const value = (sum << 14) >> 14;
    h[V + b] = value & (f - 1);
    const wrap = (sum ^ value) & (f - 1) & h[WRAP_NEW + b]!; // (once reported, never again)
    h[WRAP + b] = wrap;
    wrapped |= wrap;
    h[SPIKERS + count] = b;
    count += f;
    previousF = f;
  }
  h[WRAP_ANY] = wrapped;
  return count;
}

/**
 * True when some spiker's successor has a weight from this step's input and has not had an
 * input lost reported yet (only then can the step add an input-lost quirk).
 */
function mayLoseInput(
  h: Int32Array,
  log: QuirkLog,
  ff: Int8Array,
  count: number,
  active: number,
  address: number,
): boolean {
  const inputBase = POST_ROW_OFFSET * SLOTS + address;
  for (let i = 0; i < count; i++) {
    const b = h[SPIKERS + i]! + 1;
    const cell = inputBase + b * SLOTS;
    if (b < active && cell < MATRIX_CELLS && ff[cell] !== 0 && !log.has(INPUT_LOST, b)) return true;
  }
  return false;
}

/**
 * Logs this step's quirks in slot order, after the pass and before the fan-out (so I is what
 * the pass added), exactly as the detailed loop meets them: for each neuron, an inherited
 * current (the sole spiker's, if not 0) or a cleared one (a non-spiker's, if it was not 0), then
 * for a non-spiker an input lost to its predecessor's spike, then a wrapped value.
 */
function logQuirks(
  h: Int32Array,
  log: QuirkLog,
  ff: Int8Array,
  s: number,
  active: number,
  count: number,
  inherited: number,
  clearing: boolean,
  address: number,
): void {
  const inputBase = address >= 0 ? POST_ROW_OFFSET * SLOTS + address : -1;
  let k = 0; // the next spiker in slot order
  let previousFired = false; // slot 3, before slot 0, never spikes
  for (let b = 0; b < active; b++) {
    const fire = k < count && h[SPIKERS + k] === b;
    if (fire) k++;
    if (b === inherited && h[CUR + b] !== 0) {
      if (!log.has(INHERITED, b)) {
        const currentRaw = h[CUR + b]!;
        log.add(INHERITED, b, { kind: "current-inherited", step: s, neuron: b, currentRaw });
      }
    } else if (clearing && h[CLEARED + b] !== 0 && !fire && !log.has(CLEARED_KIND, b)) {
      log.add(CLEARED_KIND, b, { kind: "current-cleared", step: s, neuron: b });
    }
    if (fire) {
      previousFired = true;
      continue;
    }
    if (previousFired && inputBase >= 0 && !log.has(INPUT_LOST, b)) {
      const cell = inputBase + b * SLOTS;
      if (cell < MATRIX_CELLS && ff[cell] !== 0) {
        log.add(INPUT_LOST, b, { kind: "input-lost-predecessor", step: s, neuron: b, address });
      }
    }
    previousFired = false;
    if (h[WRAP + b] !== 0) {
      log.add(WRAPPED, b, { kind: "value-wrapped", step: s, neuron: b });
      h[WRAP_NEW + b] = 0;
    }
  }
}

/** The quirks of a quiet step that clears the currents while no neuron fires. */
function logClearedCurrents(h: Int32Array, log: QuirkLog, s: number, active: number): void {
  for (let b = 0; b < active; b++) {
    if (h[CUR + b] !== 0) log.add(CLEARED_KIND, b, { kind: "current-cleared", step: s, neuron: b });
  }
}

/**
 * True when no neuron is at or above its threshold and none is refractory in step `next`
 * (every counter is 0 after this step).
 */
function settled(h: Int32Array, active: number, next: number): boolean {
  for (let b = 0; b < active; b++) {
    if (h[ALLOWED + b]! > next || h[V + b]! > h[BELOW + b]!) return false;
  }
  return true;
}
