/**
 * Decoding an image back into commands, the way the core's command sorter splits the stream
 * (NEUROCOREX.md §3.1): header nibble, fixed body, pad. Used by `snnc inspect` and by the
 * encode → decode round-trip tests. Never throws: a stream that ends inside a command, or that
 * the sorter would read differently from what a compiler means (an unknown command nibble 7..F),
 * is described in `error`, and decoding stops there.
 */
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
  bitmapPosition,
  word18FromBytes,
  wrap18,
} from "../../runtime/ncx/core/index.js";

export interface DecodedEvent {
  readonly dt: number;
  readonly address: number;
  /** s_k = Σ(dt + 1). */
  readonly step: number;
}

export type DecodedCommand =
  | {
      readonly kind: "ff-weights" | "aa-weights";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly weights: Int8Array;
      readonly pad: number;
    }
  | {
      readonly kind: "parameters";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly values: Int32Array;
    }
  | {
      readonly kind: "stdp-bitmap";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly aaCells: readonly number[];
      readonly ffCells: readonly number[];
      readonly pad: number;
    }
  | {
      readonly kind: "run";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly events: readonly DecodedEvent[];
    }
  | {
      readonly kind: "debug";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly currentRaw: number;
      readonly slot: number;
    }
  | {
      readonly kind: "read-back";
      readonly offset: number;
      readonly length: number;
      readonly header: number;
      readonly dummy: number;
    };

export interface DecodedImage {
  readonly commands: readonly DecodedCommand[];
  /** Why decoding stopped early (a cut stream), or null. */
  readonly error: string | null;
}

/** Splits `bytes` into commands exactly as the core would. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const commands: DecodedCommand[] = [];
  let at = 0;
  const need = (n: number, what: string): string | null =>
    at + 1 + n <= bytes.length
      ? null
      : `the ${what} command at byte ${at} needs ${n} bytes after its header, ${bytes.length - at - 1} remain`;
  while (at < bytes.length) {
    const header = bytes[at]!;
    const cmd = header >> 4;
    const body = at + 1;
    if (cmd === CMD_FF || cmd === CMD_AA) {
      const kind = cmd === CMD_FF ? "ff-weights" : "aa-weights";
      const err = need(MATRIX_CELLS + 1, kind);
      if (err !== null) return { commands, error: err };
      const weights = new Int8Array(
        bytes.buffer.slice(bytes.byteOffset + body, bytes.byteOffset + body + MATRIX_CELLS),
      );
      commands.push({
        kind,
        offset: at,
        length: MATRIX_CELLS + 2,
        header,
        weights,
        pad: bytes[body + MATRIX_CELLS]!,
      });
      at += MATRIX_CELLS + 2;
    } else if (cmd === CMD_PARAMS) {
      const err = need(PARAM_BYTES, "parameters");
      if (err !== null) return { commands, error: err };
      const values = new Int32Array(PARAM_VALUES);
      for (let k = 0; k < PARAM_VALUES; k++) {
        values[k] = word18FromBytes(
          bytes[body + 3 * k]!,
          bytes[body + 3 * k + 1]!,
          bytes[body + 3 * k + 2]!,
        );
      }
      commands.push({ kind: "parameters", offset: at, length: PARAM_BYTES + 1, header, values });
      at += PARAM_BYTES + 1;
    } else if (cmd === CMD_BITMAP) {
      const err = need(2 * BITMAP_BYTES + 1, "stdp-bitmap");
      if (err !== null) return { commands, error: err };
      const cells = (base: number): number[] => {
        const out: number[] = [];
        for (let cell = 0; cell < MATRIX_CELLS; cell++) {
          const { byte, mask } = bitmapPosition(cell);
          if ((bytes[base + byte]! & mask) !== 0) out.push(cell);
        }
        return out;
      };
      commands.push({
        kind: "stdp-bitmap",
        offset: at,
        length: 2 * BITMAP_BYTES + 2,
        header,
        aaCells: cells(body),
        ffCells: cells(body + BITMAP_BYTES),
        pad: bytes[body + 2 * BITMAP_BYTES]!,
      });
      at += 2 * BITMAP_BYTES + 2;
    } else if (cmd === CMD_RUN) {
      const events: DecodedEvent[] = [];
      let p = body;
      let step = 0;
      let terminated = false;
      while (p + 3 <= bytes.length) {
        const dt = bytes[p]!;
        const lo = bytes[p + 1]!;
        const hi = bytes[p + 2]!;
        p += 3;
        if (dt === 0xff && lo === 0xff && hi === 0xff) {
          terminated = true;
          break;
        }
        step += dt + 1;
        events.push({ dt, address: lo | (hi << 8), step });
      }
      if (!terminated) {
        return {
          commands,
          error: `the run command at byte ${at} has ${events.length} events and no FF FF FF terminator`,
        };
      }
      commands.push({ kind: "run", offset: at, length: p - at, header, events });
      at = p;
    } else if (cmd === CMD_DEBUG) {
      const err = need(DEBUG_BYTES, "debug");
      if (err !== null) return { commands, error: err };
      const raw = word18FromBytes(bytes[body]!, bytes[body + 1]!, bytes[body + 2]!);
      commands.push({
        kind: "debug",
        offset: at,
        length: DEBUG_BYTES + 1,
        header,
        currentRaw: wrap18(raw),
        slot: bytes[body + 3]!,
      });
      at += DEBUG_BYTES + 1;
    } else if (cmd === CMD_READBACK) {
      const err = need(1, "read-back");
      if (err !== null) return { commands, error: err };
      commands.push({ kind: "read-back", offset: at, length: 2, header, dummy: bytes[body]! });
      at += 2;
    } else {
      // The core swallows the next byte and goes on, but no image holds such a header: this is
      // a foreign file, or a stream that lost its alignment; listing on would list noise.
      return {
        commands,
        error: `byte ${at} (0x${header.toString(16).padStart(2, "0")}) is not a command header (0x00-0x6f); the core would swallow it and the next byte. Not a NeuroCoreX image, or one that lost its byte alignment`,
      };
    }
  }
  return { commands, error: null };
}
