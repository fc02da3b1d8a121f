/**
 * The core's UART receiver and command sorter (NEUROCOREX.md §3), fed the image's bytes one by
 * one exactly as the board's `uart_rx_sorter_input` takes them: a header byte whose high nibble
 * is the command (the low nibble is ignored), the command's fixed-length body and pad byte, then
 * back to "expect header". Unknown commands 7..F swallow one byte; 0x50 answers with the FF RAM
 * minus its last byte; a complete 0x30 run is simulated by the step engine and its output
 * frames are appended to what the core "sends". Nothing here knows about the compiler.
 */
import { word18FromBytes, wrap18, wrap8 } from "./fixed.js";
import {
  BITMAP_BYTES,
  CMD_AA,
  CMD_BITMAP,
  CMD_DEBUG,
  CMD_FF,
  CMD_PARAMS,
  CMD_READBACK,
  CMD_RUN,
  DEBUG_BYTES,
  MATRIX_CELLS,
  PARAM_BYTES,
  PARAM_VALUES,
  READBACK_BYTES,
} from "./layout.js";
import { runSpikeRun, type CoreQuirk, type RunEvent, type RunObserver } from "./engine.js";
import { AGE_IDLE, createPowerUpState, type CoreState } from "./state.js";

/** One simulated run: its events, its frames and where its output starts in the sent bytes. */
export interface RunRecord {
  readonly events: readonly RunEvent[];
  readonly steps: number;
  readonly frames: Uint8Array;
  readonly outputOffset: number;
  readonly quirks: readonly CoreQuirk[];
}

/** What the model did with a byte stream. */
export interface ModelReport {
  /** Every byte the core would send on UART_TXD (start markers, frames, read-backs). */
  readonly output: Uint8Array;
  readonly runs: readonly RunRecord[];
  /** Where the stream ended in the middle of a command (e.g. a cut upload), or null. */
  readonly incomplete: string | null;
  readonly state: CoreState;
}

type Phase =
  | { readonly kind: "header" }
  | { kind: "matrix"; readonly which: "ff" | "aa"; index: number }
  | { kind: "params"; index: number }
  | { kind: "run"; got: number; dt: number; lo: number; events: RunEvent[]; step: number }
  | { kind: "debug"; index: number; bytes: number[] }
  | { readonly kind: "readback" }
  | { kind: "bitmap"; index: number }
  | { readonly kind: "skip" };

const HEADER: Phase = { kind: "header" };

/**
 * A stateful model of one board: feed it bytes with {@link CoreModel.receive}; it keeps its RAMs,
 * parameters and traces between calls, as the board does between uploads.
 */
export class CoreModel {
  readonly state: CoreState = createPowerUpState();
  /** Bytes sent so far, as chunks (a run's frames can be megabytes). */
  readonly #output: Uint8Array[] = [];
  #outputLength = 0;
  readonly #runs: RunRecord[] = [];
  #phase: Phase = HEADER;
  readonly #observer: RunObserver | undefined;
  readonly #collectQuirks: boolean;
  #paramBytes: number[] = [];

  constructor(options: { observer?: RunObserver; collectQuirks?: boolean } = {}) {
    this.#observer = options.observer;
    this.#collectQuirks = options.collectQuirks === true;
  }

  /**
   * Consumes bytes; a run completes (and is simulated) when its terminator arrives. Weight
   * blocks and run events, most of an image, are taken a block or a triple at a time; every
   * other byte goes through {@link CoreModel.#byte}, and so do the last one or two bytes of a
   * chunk that ends inside a triple (the same states either way).
   */
  receive(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      const p = this.#phase;
      if (p.kind === "matrix" && p.index < MATRIX_CELLS) {
        const n = Math.min(MATRIX_CELLS - p.index, bytes.length - i);
        const target = p.which === "ff" ? this.state.ff : this.state.aa;
        // Int8Array over the same bytes: each weight byte read as int8, as the RAM holds it.
        target.set(new Int8Array(bytes.buffer, bytes.byteOffset + i, n), p.index);
        p.index += n;
        i += n;
      } else if (p.kind === "run" && p.got === 0 && i + 3 <= bytes.length) {
        i = this.#runTriples(p, bytes, i);
      } else {
        this.#byte(bytes[i++]!);
      }
    }
  }

  /** Whole (dt, lo, hi) triples from `i` on, up to the terminator or the chunk's last whole one. */
  #runTriples(p: Extract<Phase, { kind: "run" }>, bytes: Uint8Array, i: number): number {
    for (; i + 3 <= bytes.length; i += 3) {
      if (this.#runTriple(p, bytes[i]!, bytes[i + 1]!, bytes[i + 2]!)) return i + 3;
    }
    return i;
  }

  /**
   * One whole (dt, lo, hi) triple of a run, however it arrived: FF FF FF ends the run (and
   * simulates it; true), any other is the next event.
   */
  #runTriple(p: Extract<Phase, { kind: "run" }>, dt: number, lo: number, hi: number): boolean {
    if (dt === 0xff && lo === 0xff && hi === 0xff) {
      this.#phase = HEADER;
      if (p.events.length > 0) this.#simulate(p.events);
      return true;
    }
    p.step += dt + 1;
    p.events.push({ step: p.step, address: lo | (hi << 8) });
    return false;
  }

  /** Everything sent so far, the runs, and whether a command is still open. */
  report(): ModelReport {
    return {
      output: concat(this.#output, this.#outputLength),
      runs: this.#runs,
      incomplete: this.#describeOpenPhase(),
      state: this.state,
    };
  }

  #byte(x: number): void {
    const p = this.#phase;
    switch (p.kind) {
      case "header":
        this.#phase = this.#startCommand(x >> 4);
        return;
      case "matrix": {
        if (p.index < MATRIX_CELLS) {
          (p.which === "ff" ? this.state.ff : this.state.aa)[p.index] = wrap8(x);
          p.index++;
        } else {
          // The pad byte re-arms the header; writing AA resets the AA traces.
          if (p.which === "aa") this.state.age.fill(AGE_IDLE);
          this.#phase = HEADER;
        }
        return;
      }
      case "params": {
        this.#paramByte(x);
        p.index++;
        if (p.index === PARAM_BYTES) this.#phase = HEADER;
        return;
      }
      case "run":
        this.#runByte(p, x);
        return;
      case "debug": {
        p.bytes.push(x);
        if (p.bytes.length === DEBUG_BYTES) {
          const [a, b, c, d] = p.bytes;
          this.state.debugCurrentRaw = wrap18(word18FromBytes(a!, b!, c!));
          this.state.debugSlot = d! & 0xff;
          this.#phase = HEADER;
        }
        return;
      }
      case "readback": {
        this.#send(new Uint8Array(this.state.ff.buffer.slice(0, READBACK_BYTES)));
        this.#phase = HEADER;
        return;
      }
      case "bitmap": {
        if (p.index < 2 * BITMAP_BYTES) {
          this.#bitmapByte(x);
          p.index++;
        } else {
          this.#phase = HEADER;
        }
        return;
      }
      case "skip":
        this.#phase = HEADER;
        return;
      default: {
        const never: never = p;
        throw new Error(`unreachable receiver phase ${String(never)}`);
      }
    }
  }

  #startCommand(cmd: number): Phase {
    switch (cmd) {
      case CMD_FF:
        return { kind: "matrix", which: "ff", index: 0 };
      case CMD_AA:
        return { kind: "matrix", which: "aa", index: 0 };
      case CMD_PARAMS:
        return { kind: "params", index: 0 };
      case CMD_RUN:
        return { kind: "run", got: 0, dt: 0, lo: 0, events: [], step: 0 };
      case CMD_DEBUG:
        return { kind: "debug", index: 0, bytes: [] };
      case CMD_READBACK:
        return { kind: "readback" };
      case CMD_BITMAP:
        return { kind: "bitmap", index: 0 };
      default:
        return { kind: "skip" };
    }
  }

  /** The parameter loader's counters are never reset: a value lands where the counter points. */
  #paramByte(x: number): void {
    this.#paramBytes.push(x);
    const counter = this.state.paramByteCounter;
    if (this.#paramBytes.length === 3) {
      const [a, b, c] = this.#paramBytes;
      const valueIndex = Math.floor(counter / 3) % PARAM_VALUES;
      this.state.params[valueIndex] = word18FromBytes(a!, b!, c!);
      this.#paramBytes = [];
    }
    this.state.paramByteCounter = (counter + 1) % PARAM_BYTES;
  }

  #bitmapByte(x: number): void {
    const base = this.state.bitmapBitIndex;
    for (let bit = 0; bit < 8; bit++) {
      const k = base + bit;
      const value = (x >> (7 - bit)) & 1;
      if (k < MATRIX_CELLS) this.state.enableAa[k] = value;
      else if (k < 2 * MATRIX_CELLS) this.state.enableFf[k - MATRIX_CELLS] = value;
    }
    this.state.bitmapBitIndex = base + 8;
  }

  #runByte(p: Extract<Phase, { kind: "run" }>, x: number): void {
    // The bytes of one (dt, lo, hi) triple, kept as numbers (a run can have many thousands).
    if (p.got === 0) {
      p.dt = x;
      p.got = 1;
      return;
    }
    if (p.got === 1) {
      p.lo = x;
      p.got = 2;
      return;
    }
    p.got = 0;
    this.#runTriple(p, p.dt, p.lo, x);
  }

  #simulate(events: readonly RunEvent[]): void {
    const outcome = runSpikeRun(this.state, events, {
      ...(this.#observer !== undefined ? { observer: this.#observer } : {}),
      collectQuirks: this.#collectQuirks,
    });
    const outputOffset = this.#outputLength;
    this.#send(outcome.stream);
    this.#runs.push({
      events,
      steps: outcome.steps,
      get frames() {
        return outcome.frames;
      },
      outputOffset,
      quirks: outcome.quirks,
    });
    // After a run: the bitmap writer's index resets; V and I are cleared by the engine's scope.
    this.state.bitmapBitIndex = 0;
  }

  #send(bytes: Uint8Array): void {
    this.#output.push(bytes);
    this.#outputLength += bytes.length;
  }

  #describeOpenPhase(): string | null {
    const p = this.#phase;
    switch (p.kind) {
      case "header":
        return null;
      case "matrix":
        return `${p.which.toUpperCase()} weights: ${p.index} of ${MATRIX_CELLS} bytes and the pad`;
      case "params":
        return `parameters: ${p.index} of ${PARAM_BYTES} bytes`;
      case "run":
        return `spike run: ${p.events.length} events and no terminator`;
      case "debug":
        return `debug parameters: ${p.bytes.length} of ${DEBUG_BYTES} bytes`;
      case "readback":
        return "read-back: the dummy byte is missing";
      case "bitmap":
        return `STDP bitmap: ${p.index} of ${2 * BITMAP_BYTES} bytes and the pad`;
      case "skip":
        return "unknown command: its one argument byte is missing";
      default: {
        const never: never = p;
        return String(never);
      }
    }
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!; // one run's frames: no copy of megabytes
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Feeds a whole image to a freshly programmed board model. */
export function runImage(
  bytes: Uint8Array,
  options: { observer?: RunObserver; collectQuirks?: boolean } = {},
): ModelReport {
  const model = new CoreModel(options);
  model.receive(bytes);
  return model.report();
}
