/**
 * The step grid of SPEC §7: `k = x / dt` rounded half away from zero, and whether rounding
 * "changes" the value (`|k − round(k)| > 1e-9 × max(1, |k|)`), which decides when a warning or
 * error is due.
 */

/** Rounds half away from zero. */
export function roundHalfAway(k: number): number {
  return k < 0 ? -Math.round(-k) : Math.round(k);
}

/** The number of steps of `dt` in `x`, and whether rounding changed it. */
export function stepsOf(x: number, dt: number): { steps: number; changed: boolean } {
  const k = x / dt;
  const steps = roundHalfAway(k);
  return { steps, changed: Math.abs(k - steps) > 1e-9 * Math.max(1, Math.abs(k)) };
}
