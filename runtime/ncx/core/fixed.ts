/**
 * The core's fixed-point arithmetic (NEUROCOREX.md §2): 18-bit two's complement Q7.10 values
 * that wrap on overflow, int8 weights that wrap in the STDP engine, and the 3-byte little-endian
 * wire encoding of 18-bit parameters (§3). Shared by the encoder, the core model and `inspect`
 * so that every part of the toolchain rounds and wraps the same way.
 */

/** Fraction bits of the core's Q7.10 values. */
export const Q_FRAC_BITS = 10;
/** 1.0 in Q7.10. */
export const Q_ONE = 1 << Q_FRAC_BITS;
/** Largest Q7.10 value, 127.999 (0x1FFFF): the "never fires" threshold of unused slots. */
export const Q_MAX_RAW = 0x1ffff;
/** Smallest Q7.10 value, −128.0. */
export const Q_MIN_RAW = -0x20000;
/** Mask of an 18-bit word. */
export const WORD18_MASK = 0x3ffff;

/** Wraps an integer to signed 18 bits, as the core's `std_logic_signed` adds do. */
export function wrap18(x: number): number {
  return (x << 14) >> 14;
}

/** Wraps an integer to signed 8 bits, as the STDP engine's weight arithmetic does. */
export function wrap8(x: number): number {
  return (x << 24) >> 24;
}

/** Wraps an integer to signed 15 bits (the AA row accumulator). */
export function wrap15(x: number): number {
  return (x << 17) >> 17;
}

/**
 * A real value in core units → raw Q7.10 integer, rounded half away from zero; the one rounding
 * the JS target's core step uses too. Callers check the range with {@link isQRawInRange}.
 */
export { toQRaw } from "../../kernels/fixed-point.js";

/** True when `raw` is a representable Q7.10 value. */
export function isQRawInRange(raw: number): boolean {
  return raw >= Q_MIN_RAW && raw <= Q_MAX_RAW;
}

/** Raw Q7.10 → real value. */
export function fromQRaw(raw: number): number {
  return raw / Q_ONE;
}

/** The three wire bytes of an 18-bit value (b0 = bits 7:0, b1 = 15:8, b2 = 17:16). */
export function word18Bytes(value: number): [number, number, number] {
  const u = value & WORD18_MASK;
  return [u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0x03];
}

/** The unsigned 18-bit value of three wire bytes (bits 7:2 of the last byte are ignored). */
export function word18FromBytes(b0: number, b1: number, b2: number): number {
  return (b0 & 0xff) | ((b1 & 0xff) << 8) | ((b2 & 0x03) << 16);
}
