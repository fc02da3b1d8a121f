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
  const limit = bytes << 3; // bits of the partial last byte are dropped
  const out = new Uint8Array(1 + bytes);
  out[0] = START_MARKER;
  // Spikes are sparse: test four neurons at a time and set bits only for the spikes.
  const aligned = frames.byteOffset % 4 === 0;
  const words = aligned ? Math.min(frames.length, limit) >> 2 : 0;
  const w32 = new Uint32Array(frames.buffer, frames.byteOffset, words);
  for (let i = 0; i < words; i++) {
    if (w32[i] === 0) continue;
    for (let p = i << 2; p < (i << 2) + 4; p++) {
      if (frames[p] !== 0) out[1 + (p >> 3)]! |= 1 << (p & 7);
    }
  }
  for (let p = words << 2; p < limit; p++) {
    if (frames[p] !== 0) out[1 + (p >> 3)]! |= 1 << (p & 7);
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
  const whole = bits.length;
  // Byte by byte, skipping zero bytes (bits starts at 0; spikes are usually sparse).
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0) continue;
    const base = i << 3;
    for (let k = 0; k < 8 && base + k < whole; k++) bits[base + k] = (byte >> k) & 1;
  }
  return { bits, frames, truncatedBits: totalBits - frames * FRAME_BITS };
}

/** Index just after the first start marker at or after `from`, or −1 when there is none. */
export function findStartMarker(bytes: Uint8Array, from = 0): number {
  const i = bytes.indexOf(START_MARKER, from);
  return i < 0 ? -1 : i + 1;
}
