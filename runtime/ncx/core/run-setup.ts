/**
 * What both step loops of the core model need before a spike run starts: the per-neuron
 * parameters read once from the parameter registers, the global leak, FF gain and STDP settings,
 * the traces, the packed output, the AA cells grouped by neuron, the FF input columns, and which
 * neurons can be left out because nothing can ever reach or leave them. (V and the AA current
 * are per-run state that each loop keeps in its own layout, starting from 0.)
 * Kept apart from the loops so that the plain loop (`fast-loop.ts`) and the observed,
 * quirk-reporting loop (`detailed-loop.ts`) read exactly the same values.
 */
import { wrap18, wrap8 } from "./fixed.js";
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
  stdpHighField,
  stdpLowField,
} from "./layout.js";
import { AGE_IDLE, type CoreState } from "./state.js";

/** lastSpike of a neuron whose trace is idle: far enough back to be outside every window. */
export const NEVER = -0x40000000;

/** Everything a step loop reads or writes during one run (the weights are `state.aa`). */
export interface RunSetup {
  readonly state: CoreState;
  /** Steps simulated and sent: 0 .. steps−1 (the last event's own step is cut short). */
  readonly steps: number;
  /**
   * Start marker, then bit p = s·90 + b of the frames at byte 1 + p/8 (LSB-first); one spare
   * byte for the partial last frame, which is dropped from what is sent.
   */
  readonly packed: Uint8Array;
  readonly threshold: Int32Array;
  /** threshold − 1: V ≥ threshold ⇔ (this − V) < 0, a sign bit. */
  readonly belowThreshold: Int32Array;
  readonly tref: Int32Array;
  /** Step of each neuron's last spike (negative before the run; {@link NEVER} when idle). */
  readonly lastSpike: Int32Array;
  readonly leak: number;
  /** FF gain: low 8 bits of Tref slot 0, unsigned. */
  readonly gain: number;
  /** AA pre and post windows (steps), Δw⁺ and Δw⁻ (8-bit signed). */
  readonly wPre: number;
  readonly wPost: number;
  readonly dPlus: number;
  readonly dMinus: number;
  /** Logical neuron that receives the debug current (may be outside 0..89), and its raw value. */
  readonly debugB: number;
  readonly debugRaw: number;
}

/** Reads the parameters and traces of `state` for a run of `steps` steps. */
export function prepareRun(state: CoreState, steps: number): RunSetup {
  const { params, age } = state;
  const threshold = new Int32Array(NEURONS);
  const belowThreshold = new Int32Array(NEURONS);
  const tref = new Int32Array(NEURONS);
  const lastSpike = new Int32Array(NEURONS);
  for (let b = 0; b < NEURONS; b++) {
    threshold[b] = wrap18(params[PARAM_VTHR + b + PARAM_SLOT_OFFSET]!);
    belowThreshold[b] = threshold[b]! - 1;
    // Tref_max is signed(17 downto 0) like every parameter register (NEUROCOREX.md §1): from 2^17
    // on it is negative, `T_ref_ctr >= Tref_max` holds at once and the period is one step.
    tref[b] = wrap18(params[PARAM_TREF + b + PARAM_SLOT_OFFSET]!);
    // A trace of age a before the run is a spike at step −1 − a (ages grow by one per step).
    lastSpike[b] = age[b]! >= AGE_IDLE ? NEVER : -1 - age[b]!;
  }
  const packed = new Uint8Array(1 + ((steps * NEURONS + 7) >> 3));
  packed[0] = START_MARKER;
  const aaWindows = params[PARAM_STDP + STDP_AA_WINDOWS]!;
  const stdpSteps = params[PARAM_STDP + STDP_STEPS]!;
  return {
    state,
    steps,
    packed,
    threshold,
    belowThreshold,
    tref,
    lastSpike,
    leak: wrap18(params[PARAM_TAU + LEAK_SLOT]!),
    gain: params[PARAM_TREF + FF_GAIN_SLOT]! & 0xff,
    wPre: stdpLowField(aaWindows),
    wPost: stdpHighField(aaWindows),
    dPlus: wrap8(stdpLowField(stdpSteps)),
    dMinus: wrap8(stdpHighField(stdpSteps)),
    debugB: state.debugSlot - PARAM_SLOT_OFFSET,
    debugRaw: wrap18(state.debugCurrentRaw),
  };
}

/** The AA cell of the synapse pre → post. */
export function aaCell(post: number, pre: number): number {
  return (post + POST_ROW_OFFSET) * SLOTS + pre + PRE_COL_OFFSET;
}

/** Cells grouped by neuron (compressed rows): for neuron i, `cell[start[i] .. start[i+1]]`. */
export interface CellLists {
  readonly start: Int32Array;
  /** The other end of each cell (post neuron for column lists, pre neuron for row lists). */
  readonly other: Int32Array;
  readonly cell: Int32Array;
}

/** For each neuron i, the cells `pick(i, j)` returns (−1: none), in increasing j. */
export function cellLists(pick: (i: number, j: number) => number): CellLists {
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

/**
 * The FF current each logical neuron gets from one input address, `wrap18((w · gain) << 10)`,
 * built once per address and run (FF weights do not change during a run: FF learning is not
 * modelled). Addresses past the matrix read 0, as the RTL's out-of-range reads do.
 */
export class FfColumns {
  readonly #columns = new Map<number, Int32Array>();
  readonly #ff: Int8Array;
  readonly #gain: number;
  readonly #active: number;

  constructor(setup: RunSetup, active: number) {
    this.#ff = setup.state.ff;
    this.#gain = setup.gain;
    this.#active = active;
  }

  get(address: number): Int32Array {
    let column = this.#columns.get(address);
    if (column === undefined) {
      column = new Int32Array(NEURONS);
      const inputBase = POST_ROW_OFFSET * SLOTS + address;
      for (let b = 0; b < this.#active; b++) {
        const cell = inputBase + b * SLOTS;
        column[b] = cell < MATRIX_CELLS ? wrap18((this.#ff[cell]! * this.#gain) << 10) : 0;
      }
      this.#columns.set(address, column);
    }
    return column;
  }
}

/**
 * Neurons b >= the returned count are inert for this run: no FF or AA weight or learning cell in
 * their row or column, no debug current, no running refractory counter, and a silent trajectory
 * (V = −k·leak, wrapped) that stays below their threshold for every step. They never spike and
 * never influence another neuron, so a loop that need not report their V may skip them.
 */
export function activeNeurons(setup: RunSetup): number {
  const { state, steps, threshold, leak, debugB } = setup;
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
