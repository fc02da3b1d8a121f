/**
 * Rounding real values to the NeuroCoreX core's Q7.10 fixed point (NEUROCOREX.md §2), shared by
 * the core model (runtime/ncx), the NeuroCoreX image and the JS target's core step, which embeds
 * this function in every generated module: all of them must store a threshold or a leak as the
 * same integer, or the JS target and the board disagree on the values halfway between two steps.
 */

/**
 * A real value in core units → raw Q7.10 integer (× 1024), rounded half away from zero (SPEC
 * §7's rounding). The result may be out of range; callers check it. Self-contained: it is
 * embedded in generated modules by its source text.
 */
export function toQRaw(value: number): number {
  const scaled = value * 1024;
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
}
