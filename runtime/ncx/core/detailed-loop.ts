/**
 * The step loop used when someone looks inside a run: an observer sampling V, the AA current
 * and the weights after every step, or quirk collection (the limits check's warnings). It keeps
 * the AA current exactly as the core holds it at the end of each step, i.e. A(s) is pending
 * until the next step adds it, and it reports quirks in slot order within a step. The plain
 * loop (`fast-loop.ts`) produces the same bits, frames, weights and traces faster; a property
 * test runs both on random images.
 */
import { wrap18, wrap8 } from "./fixed.js";
import { MATRIX_CELLS, NEURONS, POST_ROW_OFFSET, SLOTS } from "./layout.js";
import { aaCell, activeNeurons, cellLists, FfColumns, type RunSetup } from "./run-setup.js";
import type { CoreQuirk, RunEvent, RunObserver } from "./engine.js";
import { CLEARED, INHERITED, INPUT_LOST, QuirkLog, WRAPPED } from "./quirk-log.js";

/** Runs `setup.steps` steps; returns the quirks (empty unless `collect`). */
export function runDetailedLoop(
  setup: RunSetup,
  events: readonly RunEvent[],
  collect: boolean,
  observer: RunObserver | undefined,
): CoreQuirk[] {
  const { state, steps, packed, threshold, belowThreshold, tref, lastSpike } = setup;
  const { leak, gain, wPre, wPost, dPlus, dMinus, debugB, debugRaw } = setup;
  const { aa, ff, refractory } = state;
  const enable = state.enableAa;
  const v = new Int32Array(NEURONS);
  const current = new Int32Array(NEURONS);
  const log = new QuirkLog();
  // A(s) of the last frame with spikes, non-zero only at the neurons listed in `aTargets`.
  const pendingA = new Int32Array(NEURONS);
  const aTargets = new Int32Array(NEURONS);
  const aMarked = new Uint8Array(NEURONS);
  let aCount = 0;
  const spikers = new Int32Array(NEURONS);
  const cleared = collect ? new Int32Array(NEURONS) : current; // currents before a clearing
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
  const active = observer === undefined ? activeNeurons(setup) : NEURONS;
  const ffColumns = new FfColumns(setup, active);
  let currentsZero = true;

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
      // Branch-free pass, as in the plain loop (see there).
      if (address >= 0) {
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
    } else {
      const inputBase = address >= 0 ? POST_ROW_OFFSET * SLOTS + address : -1;
      let previousFired = false; // slot 3, before slot 0, never spikes
      for (let b = 0; b < active; b++) {
        const vin = v[b]!;
        const r = refractory[b]!;
        const fire = vin >= threshold[b]! && r === 0;
        if (b === inherited && current[b] !== 0) {
          log.add(INHERITED, b, {
            kind: "current-inherited",
            step: s,
            neuron: b,
            currentRaw: current[b]!,
          });
        } else if (clearing && cleared[b] !== 0 && !fire) {
          log.add(CLEARED, b, { kind: "current-cleared", step: s, neuron: b });
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
            log.add(INPUT_LOST, b, {
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
          log.add(WRAPPED, b, { kind: "value-wrapped", step: s, neuron: b });
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
  }
  return log.quirks;
}
