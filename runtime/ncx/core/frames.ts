/**
 * The core's spike output stream (NEUROCOREX.md §3.3): the start marker 0xFF, then 90 bits per
 * step packed LSB-first into bytes with no byte alignment between frames; the partial last byte
 * is dropped when the run ends, which truncates the last frame. These two functions are exact
 * inverses on whole frames, and the decoder is what `snnc upload` applies to a board's bytes.
 */
import { FRAME_BITS, START_MARKER } from "./layout.js";

/** The bytes the core sends for a run whose frames are `frames` (0/1 per neuron and step). */
export function encodeFrameStream(frames: Uint8Array, steps: number): Uint8Array {
  const bytes = (steps * FRAME_BITS) >> 3;
  const out = new Uint8Array(1 + bytes);
  out[0] = START_MARKER;
  for (let i = 0; i < bytes; i++) {
    const p = i << 3;
    out[1 + i] =
      frames[p]! |
      (frames[p + 1]! << 1) |
      (frames[p + 2]! << 2) |
      (frames[p + 3]! << 3) |
      (frames[p + 4]! << 4) |
      (frames[p + 5]! << 5) |
      (frames[p + 6]! << 6) |
      (frames[p + 7]! << 7);
  }
  return out;
}

export interface DecodedFrames {
  /** Complete frames: `bits[f * 90 + b]` is 1 when neuron b spiked in frame f. */
  readonly bits: Uint8Array;
  readonly frames: number;
  /** Bits of the truncated frame after the last complete one (0..89). */
  readonly truncatedBits: number;
}

/**
 * Decodes the bytes that follow a start marker (the marker itself excluded). Bits of a trailing
 * partial frame are kept in `truncatedBits` only; they are not reported as spikes.
 */
export function decodeFrameStream(bytes: Uint8Array): DecodedFrames {
  const totalBits = bytes.length * 8;
  const frames = Math.floor(totalBits / FRAME_BITS);
  const bits = new Uint8Array(frames * FRAME_BITS);
  for (let p = 0; p < bits.length; p++) bits[p] = (bytes[p >> 3]! >> (p & 7)) & 1;
  return { bits, frames, truncatedBits: totalBits - frames * FRAME_BITS };
}

/** Index just after the first start marker at or after `from`, or −1 when there is none. */
export function findStartMarker(bytes: Uint8Array, from = 0): number {
  const i = bytes.indexOf(START_MARKER, from);
  return i < 0 ? -1 : i + 1;
}
