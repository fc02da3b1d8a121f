/**
 * The NeuroCoreX core's fixed address map and protocol constants (NEUROCOREX.md §2.4, §3, §6):
 * where logical neuron b lives in each table, the command headers and their body lengths. Every
 * offset the encoder writes and the model reads comes from here, so the two cannot drift apart.
 */

/** Pipeline slots per table row and rows per matrix. */
export const SLOTS = 96;
/** Cells of one 96×96 weight matrix (row-major, `row * 96 + col`). */
export const MATRIX_CELLS = SLOTS * SLOTS;
/** Logical neurons that can spike (slots 4..93); also the bits of one output frame. */
export const NEURONS = 90;
/** Bits per output frame (one per logical neuron, LSB-first, not byte-aligned). */
export const FRAME_BITS = NEURONS;
/** Post-synaptic row of logical neuron b in both matrices: b + 6. */
export const POST_ROW_OFFSET = 6;
/** AA pre-synaptic column of logical neuron b: b + 5. */
export const PRE_COL_OFFSET = 5;
/** Parameter slot (threshold, refractory) of logical neuron b: b + 4. */
export const PARAM_SLOT_OFFSET = 4;
/** Input addresses (FF columns) 0..95; 95 is kept for fillers and the trailing event. */
export const INPUT_ADDRESSES = SLOTS;
export const RESERVED_ADDRESS = 95;
/** Inputs the compiler can place: addresses 0..94. */
export const MAX_INPUTS = 95;

/** Command nibbles (bits 7:4 of a header byte). */
export const CMD_FF = 0x0;
export const CMD_AA = 0x1;
export const CMD_PARAMS = 0x2;
export const CMD_RUN = 0x3;
export const CMD_DEBUG = 0x4;
export const CMD_READBACK = 0x5;
export const CMD_BITMAP = 0x6;

/** Parameter block: 4 × 96 values of 3 bytes. */
export const PARAM_VALUES = 4 * SLOTS;
export const PARAM_BYTES = PARAM_VALUES * 3;
/** Offsets of the four 96-value arrays inside the parameter block. */
export const PARAM_VTHR = 0;
export const PARAM_TREF = SLOTS;
export const PARAM_TAU = 2 * SLOTS;
export const PARAM_STDP = 3 * SLOTS;
/** tau_mem slot whose value is the global subtractive leak. */
export const LEAK_SLOT = 8;
/** Tref slot whose low 8 bits are the global FF gain. */
export const FF_GAIN_SLOT = 0;
/** stdp_params entries: FF windows, AA windows, Δw⁺ | Δw⁻ << 8. */
export const STDP_FF_WINDOWS = 0;
export const STDP_AA_WINDOWS = 1;
export const STDP_STEPS = 2;

/**
 * Each stdp_params entry holds two 8-bit fields, bits 7:0 and 15:8: the windows pre and post,
 * or the steps Δw⁺ and Δw⁻ (read as int8). The encoder packs them and the model and the
 * listing unpack them with these, so all three agree on where each field is.
 */
export function stdpFields(low: number, high: number): number {
  return (low & 0xff) | ((high & 0xff) << 8);
}
export function stdpLowField(entry: number): number {
  return entry & 0xff;
}
export function stdpHighField(entry: number): number {
  return (entry >> 8) & 0xff;
}

/** Debug command body: I_bias (Q7.10) and N_debug (bits 7:0 used), 3 bytes each. */
export const DEBUG_BYTES = 2 * 3;

/** Bitmap: one bit per cell, MSB-first; AA block then FF block. */
export const BITMAP_BYTES = MATRIX_CELLS / 8;

/** Spike-run events: 8-bit dt, so one event spans at most 256 steps. */
export const DT_MAX = 255;
export const MAX_GAP_STEPS = DT_MAX + 1;
/** Depth of the input-event FIFO (`fifo_generator_0`); keep one entry spare. */
export const EVENT_QUEUE_DEPTH = 1024;
export const MAX_UNPACED_EVENTS = EVENT_QUEUE_DEPTH - 1;

/** First byte the core sends in every run. */
export const START_MARKER = 0xff;
/** Bytes of a 0x50 read-back (the FF RAM minus its last byte). */
export const READBACK_BYTES = MATRIX_CELLS - 1;
/** Power-up contents (§1): AA weights 6, FF weights 1, thresholds 0.5. */
export const POWER_UP_AA = 6;
export const POWER_UP_FF = 1;
export const POWER_UP_THRESHOLD_RAW = 512;
/** Minimum pause after the first bitmap byte before a run may start (§6.3.1), in ms. */
export const BITMAP_DRAIN_MS = 37;

/**
 * Longest refractory period the core holds: Tref_max is a signed 18-bit register (NEUROCOREX.md
 * §1), so 2^17 − 1 steps; larger values are negative and act as one step.
 */
export const MAX_REFRACTORY_STEPS = 0x1ffff;

/** Flat cell index of `row`, `col`. */
export function cellIndex(row: number, col: number): number {
  return row * SLOTS + col;
}

/** Byte and bit mask of cell k in a bitmap block (MSB-first, NEUROCOREX.md §6.3.1). */
export function bitmapPosition(cell: number): { byte: number; mask: number } {
  return { byte: cell >> 3, mask: 0x80 >> (cell & 7) };
}
