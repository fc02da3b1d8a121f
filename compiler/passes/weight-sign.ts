/**
 * How many draws of a random weight fall on the wrong side of 0 for its receptor (SPEC §3: they
 * become 0 at build time). Exact for the shapes people write: a constant, `uniform(a, b)` and
 * `normal(m, sd)` with constant arguments, and their negation; undefined for anything else.
 * Used to give the weight-crosses-zero warning a share and an expected count.
 */
import type { Receptor, ValueExpr } from "../ir/index.js";
import { normalCdf } from "../ir/draw-mean.js";

/** P(draw < 0) for the supported shapes. */
function negativeShare(e: ValueExpr): number | undefined {
  switch (e.kind) {
    case "const":
      return e.value < 0 ? 1 : 0;
    case "neg": {
      const p = positiveShare(e.operand);
      return p;
    }
    case "uniform": {
      if (e.low.kind !== "const" || e.high.kind !== "const") return undefined;
      const lo = Math.min(e.low.value, e.high.value);
      const hi = Math.max(e.low.value, e.high.value);
      if (hi <= 0) return 1;
      if (lo >= 0) return 0;
      return -lo / (hi - lo);
    }
    case "normal": {
      if (e.mean.kind !== "const" || e.sd.kind !== "const") return undefined;
      if (e.sd.value === 0) return e.mean.value < 0 ? 1 : 0;
      return normalCdf(-e.mean.value / e.sd.value);
    }
    default:
      return undefined;
  }
}

function positiveShare(e: ValueExpr): number | undefined {
  switch (e.kind) {
    case "const":
      return e.value > 0 ? 1 : 0;
    case "neg":
      return negativeShare(e.operand);
    case "uniform":
    case "normal": {
      const n = negativeShare(e);
      return n === undefined ? undefined : 1 - n;
    }
    default:
      return undefined;
  }
}

/** The share of draws whose sign is opposite to `receptor`, or undefined when not exact. */
export function oppositeShare(e: ValueExpr, receptor: Receptor): number | undefined {
  return receptor === "exc" ? negativeShare(e) : positiveShare(e);
}

/** `about 25% (~1,200 synapses)`, `about 25%`, or `some`. */
export function describeShare(share: number | undefined, synapses: number | undefined): string {
  if (share === undefined) return "some";
  const pct = share * 100;
  const pctText = pct >= 1 ? `${Math.round(pct)}%` : `${Number(pct.toPrecision(2))}%`;
  if (synapses === undefined) return `about ${pctText}`;
  const n = Math.round(share * synapses);
  return `about ${pctText} (~${n} of ${Math.round(synapses)} synapses)`;
}
