/**
 * Exact means of the nonlinear functions people apply to one draw (SPEC §3 decides a receptor by
 * the sign of a weight's mean): `abs`, `exp`, `max`/`min` against a constant and the square, of a
 * `uniform` or `normal` with constant arguments. The function at the draw's mean would be wrong,
 * even in sign: `abs(normal(0.1 nA, 1 nA)) - 0.5 nA` has mean +0.31 nA, but |0.1| - 0.5 < 0.
 * Other shapes have no closed form here (undefined), and the caller falls back to its estimate.
 */
import type { ValueExpr } from "./types.js";

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** A draw with constant arguments. */
type Draw =
  | { readonly kind: "uniform"; readonly a: number; readonly b: number }
  | { readonly kind: "normal"; readonly m: number; readonly s: number };

function asDraw(e: ValueExpr | undefined): Draw | undefined {
  if (e?.kind === "uniform" && e.low.kind === "const" && e.high.kind === "const")
    return { kind: "uniform", a: e.low.value, b: e.high.value };
  if (e?.kind === "normal" && e.mean.kind === "const" && e.sd.kind === "const")
    return { kind: "normal", m: e.mean.value, s: e.sd.value };
  return undefined;
}

const meanOf = (d: Draw): number => (d.kind === "uniform" ? (d.a + d.b) / 2 : d.m);

/** E[max(X, c)]. */
function meanMax(d: Draw, c: number): number {
  if (d.kind === "normal") {
    if (d.s === 0) return Math.max(d.m, c);
    const z = (d.m - c) / d.s;
    return c + (d.m - c) * normalCdf(z) + d.s * normalPdf(z);
  }
  if (c <= d.a) return meanOf(d);
  if (c >= d.b) return c;
  return (c * (c - d.a) + (d.b * d.b - c * c) / 2) / (d.b - d.a);
}

/** E[|X|]. */
function meanAbs(d: Draw): number {
  if (d.kind === "normal") {
    if (d.s === 0) return Math.abs(d.m);
    const z = d.m / d.s;
    return d.s * Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z * z) + d.m * (1 - 2 * normalCdf(-z));
  }
  if (d.a >= 0) return meanOf(d);
  if (d.b <= 0) return -meanOf(d);
  return (d.a * d.a + d.b * d.b) / (2 * (d.b - d.a));
}

/** E[e^X]. */
function meanExp(d: Draw): number {
  if (d.kind === "normal") return Math.exp(d.m + (d.s * d.s) / 2);
  return d.a === d.b ? Math.exp(d.a) : (Math.exp(d.b) - Math.exp(d.a)) / (d.b - d.a);
}

/** E[X²]. */
function meanSquare(d: Draw): number {
  return d.kind === "normal" ? d.m * d.m + d.s * d.s : (d.a * d.a + d.a * d.b + d.b * d.b) / 3;
}

/** The exact mean of `e` when it is one of the shapes above, else undefined. */
export function exactDrawFunctionMean(e: ValueExpr): number | undefined {
  if (e.kind === "binary" && e.op === "**") {
    const d = asDraw(e.left);
    return d !== undefined && e.right.kind === "const" && e.right.value === 2
      ? meanSquare(d)
      : undefined;
  }
  if (e.kind !== "call") return undefined;
  if (e.fn === "abs" || e.fn === "exp") {
    const d = asDraw(e.args[0]);
    if (d === undefined) return undefined;
    return e.fn === "abs" ? meanAbs(d) : meanExp(d);
  }
  if ((e.fn === "max" || e.fn === "min") && e.args.length === 2) {
    const [x, y] = e.args;
    const d = asDraw(x) ?? asDraw(y);
    const c = x?.kind === "const" ? x.value : y?.kind === "const" ? y.value : undefined;
    if (d === undefined || c === undefined) return undefined;
    // min(X, c) = X + c − max(X, c)
    return e.fn === "max" ? meanMax(d, c) : meanOf(d) + c - meanMax(d, c);
  }
  return undefined;
}
