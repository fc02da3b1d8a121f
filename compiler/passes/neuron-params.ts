/**
 * Per-neuron parameter resolution for populations: each neuron's value of each parameter after
 * defaults, the model chain and the population's overrides (later lines win), collapsed into the
 * IR's shape (one value for all, explicit values per neuron, or one expression drawn per neuron),
 * plus lif's tau_m / r_m / c_m rule applied per neuron.
 *
 * Reports: mixed-per-neuron, lif-membrane-mismatch, lif-membrane-random, and not-finite or
 * value-out-of-range for a derived lif member that leaves float64 (c_m = 1e-320 F).
 */
import type { Span } from "../../common/index.js";
import { resolveLifTimeConstants, type ParamSpec } from "../builtins/index.js";
import { expectInBounds, valueExprMean } from "../eval/index.js";
import type { PerNeuronValue, ValueExpr } from "../ir/index.js";
import type { PassContext } from "./context.js";
import { Capacitance, Resistance, Time, formatQuantity } from "./deps.js";
import type { ParamValue } from "./param-values.js";

/** One neuron's value: a number (SI) or an expression drawn per neuron. */
export type NeuronValue = number | ValueExpr;

/** The written value of each neuron (undefined: not written anywhere, the default applies). */
export type Slots = (ParamValue | undefined)[];

/** A resolved parameter: its base value and, when neurons differ, the per-neuron form. */
export interface ResolvedParam {
  readonly base: number;
  readonly perNeuron: PerNeuronValue | null;
}

/** The value of a written quantity slot (number when constant). */
export function slotValue(v: ParamValue | undefined, fallback: NeuronValue): NeuronValue {
  if (v === undefined || v.kind !== "quantity") return fallback;
  return v.q.value.kind === "const" ? v.q.value.value : v.q.value;
}

/**
 * Collapses per-neuron values: all equal numbers → base only; all numbers → explicit values;
 * one shared expression → a draw. Anything else (a draw for some neurons, other values for the
 * rest) cannot be expressed and is reported at `span`; returns undefined then.
 */
export function collapse(
  name: string,
  values: readonly NeuronValue[],
  span: Span,
  ctx: PassContext,
): ResolvedParam | undefined {
  const first = values[0];
  if (first === undefined) return { base: Number.NaN, perNeuron: null };
  if (typeof first !== "number") {
    if (values.every((v) => v === first))
      return { base: valueExprMean(first), perNeuron: { kind: "draw", expr: first } };
    ctx.diagnostics.report({ code: "mixed-per-neuron", span, format: { name } });
    return undefined;
  }
  if (values.every((v) => v === first)) return { base: first, perNeuron: null };
  if (values.some((v) => typeof v !== "number")) {
    ctx.diagnostics.report({ code: "mixed-per-neuron", span, format: { name } });
    return undefined;
  }
  return { base: first, perNeuron: { kind: "values", values: values as readonly number[] } };
}

/** The default of a quantity parameter (SI), or NaN for derived ones (handled by the caller). */
export function defaultNumber(spec: ParamSpec): number {
  const d = spec.default;
  return d?.kind === "value" ? d.value : Number.NaN;
}

/** The span of the first written slot, for messages. */
export function firstSpan(slots: Slots, fallback: Span): Span {
  for (const s of slots) if (s !== undefined) return s.span;
  return fallback;
}

/**
 * lif's tau_m, r_m and c_m per neuron. Where one of them is drawn per neuron, the one derived
 * from it cannot be an expression of its own (that would be an independent draw, and the neuron's
 * c_m would not be its tau_m / r_m): it is `derived`, left to the backends to compute per neuron
 * from the other two (docs/ir.md), and its arrays hold the value derived from the bases.
 */
export interface LifMembrane {
  readonly tau_m: NeuronValue[];
  readonly r_m: NeuronValue[];
  readonly c_m: NeuronValue[];
  readonly derived: "r_m" | "c_m" | null;
}

/**
 * lif's rule per neuron: values written win, with only c_m written tau_m keeps its default and
 * r_m = tau_m / c_m; all three written must agree. Returns the three per-neuron value arrays, or
 * undefined after reporting lif-membrane-mismatch (once, at the first disagreeing neuron) or
 * lif-membrane-random.
 */
export function resolveLifMembrane(
  tau: Slots,
  r: Slots,
  c: Slots,
  size: number,
  span: Span,
  ctx: PassContext,
): LifMembrane | undefined {
  const out = { tau_m: [] as NeuronValue[], r_m: [] as NeuronValue[], c_m: [] as NeuronValue[] };
  /** Per neuron: which member is derived from a random one (null: all three are numbers). */
  const derivedOf: ("tau_m" | "r_m" | "c_m" | null)[] = [];
  let randomSpan: Span | undefined;
  for (let i = 0; i < size; i++) {
    const t = tau[i];
    const rr = r[i];
    const cc = c[i];
    if (i > 0 && t === tau[i - 1] && rr === r[i - 1] && cc === c[i - 1]) {
      // Same written values as the previous neuron: share its results (and draw expressions).
      out.tau_m.push(out.tau_m[i - 1] as NeuronValue);
      out.r_m.push(out.r_m[i - 1] as NeuronValue);
      out.c_m.push(out.c_m[i - 1] as NeuronValue);
      derivedOf.push(derivedOf[i - 1] ?? null);
      continue;
    }
    const tv = slotValue(t, 20e-3);
    const rv = slotValue(rr, 100e6);
    const cv = slotValue(cc, Number.NaN);
    if (typeof tv === "number" && typeof rv === "number" && typeof cv === "number") {
      const res = resolveLifTimeConstants({
        ...(t !== undefined ? { tau_m: tv } : {}),
        ...(rr !== undefined ? { r_m: rv } : {}),
        ...(cc !== undefined ? { c_m: cv } : {}),
      });
      if (!res.ok) {
        ctx.diagnostics.report({
          code: "lif-membrane-mismatch",
          span: cc?.span ?? span,
          format: {
            tau_m: formatQuantity(tv, Time),
            r_m: formatQuantity(rv, Resistance),
            c_m: formatQuantity(cv, Capacitance),
            expected: formatQuantity(tv / rv, Capacitance),
          },
        });
        return undefined;
      }
      if (
        res.derived !== null &&
        !derivedInRange({ ...res, derived: res.derived }, { t, rr, cc }, span, ctx)
      )
        return undefined;
      out.tau_m.push(res.tau_m);
      out.r_m.push(res.r_m);
      out.c_m.push(res.c_m);
      derivedOf.push(null);
      continue;
    }
    // A random member of the triple: the missing one is derived per neuron by the backends.
    randomSpan ??= [t, rr, cc].find(
      (v) => v !== undefined && typeof slotValue(v, 0) !== "number",
    )?.span;
    const base = (v: NeuronValue): number => (typeof v === "number" ? v : valueExprMean(v));
    if (cc === undefined) {
      derivedOf.push("c_m");
      out.tau_m.push(tv);
      out.r_m.push(rv);
      out.c_m.push(base(tv) / base(rv));
    } else if (t === undefined && rr !== undefined) {
      derivedOf.push("tau_m");
      out.tau_m.push(base(rv) * base(cv));
      out.r_m.push(rv);
      out.c_m.push(cv);
    } else {
      derivedOf.push("r_m");
      out.tau_m.push(tv);
      out.r_m.push(base(tv) / base(cv));
      out.c_m.push(cv);
    }
  }
  const derived = derivedOf.find((d) => d !== null) ?? null;
  if (derived === null) return { ...out, derived: null };
  // backends derive c_m or r_m, one for the whole population; tau_m = r_m c_m they do not
  if (derived === "tau_m" || derivedOf.some((d) => d !== derived)) {
    ctx.diagnostics.report({ code: "lif-membrane-random", span: randomSpan ?? span });
    return undefined;
  }
  return { ...out, derived };
}

const lifFormulas = {
  tau_m: { text: "r_m * c_m", dim: Time },
  r_m: { text: "tau_m / c_m", dim: Resistance },
  c_m: { text: "tau_m / r_m", dim: Capacitance },
} as const;

/**
 * The derived member of a constant lif triple must be a float64 above 0, as a written one must:
 * `c_m = 1e-320 F` made r_m = tau_m / c_m infinite, which the IR wrote as JSON null and the
 * simulator turned into NaN. Reported at the written value that divides (or multiplies).
 */
function derivedInRange(
  res: {
    readonly tau_m: number;
    readonly r_m: number;
    readonly c_m: number;
    readonly derived: "tau_m" | "r_m" | "c_m";
  },
  written: {
    readonly t: ParamValue | undefined;
    readonly rr: ParamValue | undefined;
    readonly cc: ParamValue | undefined;
  },
  span: Span,
  ctx: PassContext,
): boolean {
  const x = res[res.derived];
  if (Number.isFinite(x) && x > 0) return true;
  const formula = lifFormulas[res.derived];
  const cause = res.derived === "c_m" ? (written.rr ?? written.t) : (written.cc ?? written.rr);
  const at = cause?.span ?? span;
  if (!Number.isFinite(x)) {
    ctx.diagnostics.report({
      code: "not-finite",
      span: at,
      format: { reason: `${res.derived} = ${formula.text} overflows` },
    });
  } else {
    const what = `'${res.derived}' (${formula.text})`;
    expectInBounds(x, { min: 0, minExclusive: true }, formula.dim, what, at, ctx.diagnostics);
  }
  return false;
}
