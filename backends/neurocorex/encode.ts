/**
 * The exact bytes of each command of an image (NEUROCOREX.md §3.1, §6.3.1), from a CorePlan:
 *   0x10 AA weights (9216 int8, row-major) + 1 pad byte
 *   0x00 FF weights (9216 int8, row-major) + 1 pad byte
 *   0x60 STDP enable bitmap (1152 AA bytes, 1152 FF bytes, MSB-first) + 1 pad — only with learning
 *   0x20 parameters: 96 thresholds (Q7.10), 96 Tref (Tref[0] = FF gain), 96 tau_mem (leak at
 *        slot 8), 96 stdp_params, 3 bytes each, little-endian, no pad
 *   0x30 run: (dt, addr_lo, addr_hi) per event, dt = s_k − s_{k−1} − 1, then FF FF FF
 * AA goes first because writing it resets the AA traces. Pure: the same plan gives the same bytes.
 */
import {
  BITMAP_BYTES,
  CMD_AA,
  CMD_BITMAP,
  CMD_FF,
  CMD_PARAMS,
  CMD_RUN,
  FF_GAIN_SLOT,
  LEAK_SLOT,
  MATRIX_CELLS,
  PARAM_STDP,
  PARAM_TAU,
  PARAM_TREF,
  PARAM_VALUES,
  PARAM_VTHR,
  Q_MAX_RAW,
  SLOTS,
  STDP_AA_WINDOWS,
  STDP_FF_WINDOWS,
  STDP_STEPS,
  bitmapPosition,
  stdpFields,
  word18Bytes,
} from "../../runtime/ncx/core/index.js";
import type { CoreEvent, CorePlan } from "./plan.js";

/** One command of an image: its header byte and the body that follows (pad included). */
export interface ImageCommand {
  readonly name: "aa-weights" | "ff-weights" | "stdp-bitmap" | "parameters" | "run";
  readonly header: number;
  readonly body: Uint8Array;
}

/** The commands of a plan's image, in upload order. */
export function encodeCommands(plan: CorePlan): ImageCommand[] {
  const commands: ImageCommand[] = [
    { name: "aa-weights", header: CMD_AA << 4, body: matrixBody(plan.aa) },
    { name: "ff-weights", header: CMD_FF << 4, body: matrixBody(plan.ff) },
  ];
  if (plan.stdp !== null) {
    commands.push({
      name: "stdp-bitmap",
      header: CMD_BITMAP << 4,
      body: bitmapBody(plan.plasticCells),
    });
  }
  commands.push({ name: "parameters", header: CMD_PARAMS << 4, body: paramBody(plan) });
  commands.push({ name: "run", header: CMD_RUN << 4, body: runBody(plan.events) });
  return commands;
}

function matrixBody(matrix: Int8Array): Uint8Array {
  const body = new Uint8Array(MATRIX_CELLS + 1);
  for (let k = 0; k < MATRIX_CELLS; k++) body[k] = matrix[k]! & 0xff;
  return body; // the last byte is the pad, 0x00
}

/** AA bits set for `cells`, FF bits all zero (FF learning is never enabled), then the pad. */
export function bitmapBody(cells: readonly number[]): Uint8Array {
  const body = new Uint8Array(2 * BITMAP_BYTES + 1);
  for (const cell of cells) {
    const { byte, mask } = bitmapPosition(cell);
    body[byte]! |= mask;
  }
  return body;
}

/** The 384 raw 18-bit parameter values of a plan. */
export function paramValues(plan: CorePlan): Int32Array {
  const values = new Int32Array(PARAM_VALUES);
  values.fill(Q_MAX_RAW, PARAM_VTHR, PARAM_VTHR + SLOTS);
  for (const n of plan.neurons) {
    values[PARAM_VTHR + n.slot] = n.thresholdRaw;
    values[PARAM_TREF + n.slot] = n.refractorySteps;
  }
  values[PARAM_TREF + FF_GAIN_SLOT] = plan.ffGain;
  values[PARAM_TAU + LEAK_SLOT] = plan.leakRaw;
  const stdp = plan.stdp;
  if (stdp !== null) {
    const windows = stdpFields(stdp.preWindowSteps, stdp.postWindowSteps);
    values[PARAM_STDP + STDP_FF_WINDOWS] = windows;
    values[PARAM_STDP + STDP_AA_WINDOWS] = windows;
    values[PARAM_STDP + STDP_STEPS] = stdpFields(stdp.stepPlus, stdp.stepMinus);
  }
  return values;
}

function paramBody(plan: CorePlan): Uint8Array {
  const values = paramValues(plan);
  const body = new Uint8Array(PARAM_VALUES * 3);
  for (let k = 0; k < PARAM_VALUES; k++) body.set(word18Bytes(values[k]!), 3 * k);
  return body;
}

/** Event triples with dt = gap − 1, then the terminator FF FF FF. */
export function runBody(events: readonly CoreEvent[]): Uint8Array {
  const body = new Uint8Array(3 * events.length + 3);
  let prev = 0;
  events.forEach((e, k) => {
    body[3 * k] = e.step - prev - 1;
    body[3 * k + 1] = e.address & 0xff;
    body[3 * k + 2] = (e.address >> 8) & 0xff;
    prev = e.step;
  });
  body.fill(0xff, 3 * events.length);
  return body;
}
