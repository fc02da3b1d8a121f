/**
 * The plain step loop of the core model: what `snnc run` and `runImage` use when nobody samples
 * the state or collects quirks. Same semantics, bit for bit, as `detailed-loop.ts` (see
 * engine.ts for the step); it differs only in when it does the work:
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
 */
import { wrap18, wrap8 } from "./fixed.js";
import { NEURONS } from "./layout.js";
import {
  aaCell,
  activeNeurons,
  cellLists,
  FfColumns,
  settledAfterStep,
  type RunSetup,
} from "./run-setup.js";
import type { RunEvent } from "./engine.js";

/** Runs `setup.steps` steps, writing the frames into `setup.packed` and the weights in place. */
export function runFastLoop(setup: RunSetup, events: readonly RunEvent[]): void {
  const { state, steps, packed, v, current, threshold, belowThreshold, tref, lastSpike } = setup;
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
  const colStart = column.start;
  const colOther = column.other;
  const colCell = column.cell;
  // Per column entry: −1 when it is a fan-out cell, else 0; 1 when it is an LTD cell, else 0.
  const colFan = new Int32Array(colCell.length);
  const colLtd = new Int32Array(colCell.length);
  for (let k = 0; k < NEURONS; k++) {
    for (let e = colStart[k]!; e < colStart[k + 1]!; e++) {
      const n = colOther[e]!;
      colFan[e] = n !== k - 1 ? -1 : 0;
      colLtd[e] = n !== k && enable[colCell[e]!] !== 0 ? 1 : 0;
    }
  }
  // Row k: the cells (k, m) whose LTP k's spike may apply (enabled).
  const row = cellLists((k, m) => (enable[aaCell(k, m)] !== 0 ? aaCell(k, m) : -1));
  const rowStart = row.start;
  const rowOther = row.other;
  const rowCell = row.cell;
  const learning = rowCell.length > 0;
  const active = activeNeurons(setup);
  const ffColumns = new FfColumns(setup, active);
  const spikers = new Int32Array(NEURONS);
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
    if (hasDebug) v[debugB] = wrap18(v[debugB]! + debugRaw);
    // 2. AA current from the previous frame: A was added during its fan-out.
    if (prevCount !== 0) {
      if (prevCount === 1) {
        // The sole spiker inherits slot n−1's new current (slot 3, before slot 0, holds 0).
        const m = soleSpiker;
        current[m] = m > 0 ? current[m - 1]! : 0;
      }
      currentsZero = false;
    } else if (!currentsZero) {
      // After a quiet frame every current becomes H = 0.
      current.fill(0, 0, active);
      currentsZero = true;
    }
    // 1 + 3. One pass in slot order: neuron b's spike is decided on V(s−1); spikers reset,
    // the others integrate (the spike of b−1, decided just before, discards b's input).
    // Branch-free (whether a neuron fires is data, not a pattern a predictor can learn):
    // f = 1 when V(s−1) ≥ threshold and the counter is 0; a spiker's V and counter become 0
    // and 1, the others integrate and advance their counter (r → r+1 below Tref_max, else 0).
    let count = 0;
    if (address >= 0) {
      // FF input of this step's address for every slot; lost when slot b−1 spikes.
      const ffIn = ffColumns.get(address);
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
    if (count > 0) {
      // The spikes' bits in the sent frame and their traces (read by this frame's learning).
      const frameBase = s * NEURONS;
      for (let i = 0; i < count; i++) {
        const m = spikers[i]!;
        const p = frameBase + m;
        packed[1 + (p >> 3)]! |= 1 << (p & 7);
        lastSpike[m] = s;
      }
      soleSpiker = spikers[0]!;
      if (learning) {
        // 4 + 5. Fan-out (I_n += w << 10 with the weight before learning) and LTD of each
        // spiker's column, then LTP of each spiker's row; window tests are branch-free (which
        // windows a trace is in is data) and mask the step to 0 outside them.
        for (let i = 0; i < count; i++) {
          const k = spikers[i]!;
          const end = colStart[k + 1]!;
          for (let e = colStart[k]!; e < end; e++) {
            const n = colOther[e]!;
            const cell = colCell[e]!;
            const old = aa[cell]!;
            current[n] = wrap18(current[n]! + ((old << 10) & colFan[e]!));
            const a = s - lastSpike[n]!;
            const inWindow = (((a - 1) >>> 31) ^ 1) & (((wPost - a) >>> 31) ^ 1) & colLtd[e]!;
            const w = wrap8(old - dMinus);
            const floored = w | ((w + 1) >> 31); // w < −1 → −1
            aa[cell] = old + ((floored - old) & -inWindow);
          }
        }
        for (let i = 0; i < count; i++) {
          const k = spikers[i]!;
          const end = rowStart[k + 1]!;
          for (let e = rowStart[k]!; e < end; e++) {
            const cell = rowCell[e]!;
            const inWindow = ((wPre - (s - lastSpike[rowOther[e]!]!)) >>> 31) ^ 1;
            // (aa is an Int8Array: a store wraps to 8 bits by itself.)
            aa[cell] = aa[cell]! + (dPlus & -inWindow);
          }
        }
      } else {
        // 4. Fan-out only (no cell learns, so every column entry is a fan-out cell).
        for (let i = 0; i < count; i++) {
          const k = spikers[i]!;
          const end = colStart[k + 1]!;
          for (let e = colStart[k]!; e < end; e++) {
            const n = colOther[e]!;
            current[n] = wrap18(current[n]! + (aa[colCell[e]!]! << 10));
          }
        }
      }
    }
    prevCount = count;
    // A quiet frame with every value below threshold and no counter running: until the next input
    // event, each step only clears the AA currents and changes nothing else.
    if (canSkip && count === 0 && settledAfterStep(v, refractory, threshold, active)) {
      const next = nextStep < 0 ? steps : nextStep;
      if (next - 1 > s) {
        current.fill(0);
        currentsZero = true;
        s = next - 1;
      }
    }
  }
}
