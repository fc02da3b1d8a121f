/**
 * Small helpers for writing JavaScript source: number literals that round-trip exactly, and
 * string literals.
 */

/** A JS expression for a float64 that evaluates to exactly `x` (parenthesised when negative). */
export function lit(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "(-Infinity)";
  if (Object.is(x, -0)) return "(-0)";
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** A JS string literal. */
export function str(s: string): string {
  return JSON.stringify(s);
}
