/**
 * Everything the core remembers between commands (NEUROCOREX.md §1, §3.3): both weight RAMs, the
 * STDP enable bits, the parameter registers, refractory counters and spike-age traces (which
 * persist across runs), the debug current and the loaders' persistent counters. V and the AA
 * current are per-run state and live in the engine.
 */
import {
  MATRIX_CELLS,
  NEURONS,
  PARAM_VALUES,
  PARAM_VTHR,
  POWER_UP_AA,
  POWER_UP_FF,
  POWER_UP_THRESHOLD_RAW,
  SLOTS,
} from "./layout.js";

/** Age value of a neuron with no spike inside any window (windows are at most 255 steps). */
export const AGE_IDLE = 256;

export interface CoreState {
  /** AA (recurrent) weights, `row = post + 6`, `col = pre + 5`. */
  readonly aa: Int8Array;
  /** FF (input) weights, `row = post + 6`, `col = input address`. */
  readonly ff: Int8Array;
  /** STDP enable bits per cell (0/1), AA and FF. */
  readonly enableAa: Uint8Array;
  readonly enableFf: Uint8Array;
  /** Raw unsigned 18-bit parameter registers: vthr, Tref_max, tau_mem, stdp_params. */
  readonly params: Int32Array;
  /** Refractory counter per logical neuron (persists between runs). */
  readonly refractory: Int32Array;
  /** Steps since each logical neuron's last spike, saturating at {@link AGE_IDLE}. */
  readonly age: Int32Array;
  /** Debug current (signed Q7.10) and the slot it is added to (0x40). */
  debugCurrentRaw: number;
  debugSlot: number;
  /** Byte counter of the parameter loader (never reset by the RTL). */
  paramByteCounter: number;
  /** Bit index of the bitmap writer (reset only after a run). */
  bitmapBitIndex: number;
}

/** The core as it is after the FPGA is programmed (§1 "power-up content"). */
export function createPowerUpState(): CoreState {
  const params = new Int32Array(PARAM_VALUES);
  params.fill(POWER_UP_THRESHOLD_RAW, PARAM_VTHR, PARAM_VTHR + SLOTS);
  const age = new Int32Array(NEURONS);
  age.fill(AGE_IDLE);
  return {
    aa: new Int8Array(MATRIX_CELLS).fill(POWER_UP_AA),
    ff: new Int8Array(MATRIX_CELLS).fill(POWER_UP_FF),
    enableAa: new Uint8Array(MATRIX_CELLS),
    enableFf: new Uint8Array(MATRIX_CELLS),
    params,
    refractory: new Int32Array(NEURONS),
    age,
    debugCurrentRaw: 0,
    debugSlot: 0xff,
    paramByteCounter: 0,
    bitmapBitIndex: 0,
  };
}
