/**
 * The step grid of SPEC §7: `k = x / dt` rounded half away from zero, and whether rounding
 * "changes" the value (`|k − round(k)| > 1e-9 × max(1, |k|)`), which decides when a warning or
 * error is due. Shared by the checker, the simulator and the NeuroCoreX plan (pure functions of
 * IR values), so that all put a time on the same step. `roundHalfAway` and `toSteps` are
 * embedded by their text in the generated simulator: they name nothing but each other.
 */

/**
 * Rounds half away from zero, a quotient within 1e-9 (relative) of a half counting as that half:
 * 0.15 ms / 0.1 ms is 1.4999999999999998 in float64 but 1.5 as written, so 2 steps. One rule
 * for every time, so a time, a delay and a refractory period written alike land on the same step.
 */
export function roundHalfAway(k: number): number {
  const a = Math.abs(k);
  const half = Math.floor(a) + 0.5;
  const r = Math.abs(a - half) <= 1e-9 * Math.max(1, a) ? Math.ceil(a) : Math.round(a);
  return k < 0 ? -r : r;
}

/** `x / dt` rounded to whole steps: the step of a time, a delay or a refractory period. */
export function toSteps(x: number, dt: number): number {
  return roundHalfAway(x / dt);
}

/** The number of steps of `dt` in `x`, and whether rounding changed it. */
export function stepsOf(x: number, dt: number): { steps: number; changed: boolean } {
  const k = x / dt;
  const steps = roundHalfAway(k);
  return { steps, changed: Math.abs(k - steps) > 1e-9 * Math.max(1, Math.abs(k)) };
}

/**
 * The first step at or after time `x`: a time on the grid (within the rounding tolerance) is its
 * own step, any other the next one. A step stimulus is on from the first step at or after its
 * start until before the first at or after its stop.
 */
export function firstStepAtOrAfter(x: number, dt: number): number {
  const grid = stepsOf(x, dt);
  return grid.changed ? Math.ceil(x / dt) : grid.steps;
}
