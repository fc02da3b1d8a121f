/**
 * Per-neuron parameter resolution for populations: each neuron's value of each parameter after
 * defaults, the model chain and the population's overrides (later lines win), collapsed into the
 * IR's shape (one value for all, explicit values per neuron, or one expression drawn per neuron),
 * plus lif's tau_m / r_m / c_m rule applied per neuron.
 *
 * Reports: mixed-per-neuron, lif-membrane-mismatch.
 */
import type { Span } from "../../common/index.js";
import { resolveLifTimeConstants, type ParamSpec } from "../builtins/index.js";
import { valueExprMean } from "../eval/index.js";
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

const div = (a: NeuronValue, b: NeuronValue): NeuronValue =>
  typeof a === "number" && typeof b === "number"
    ? a / b
    : { kind: "binary", op: "/", left: asExpr(a), right: asExpr(b) };
const mul = (a: NeuronValue, b: NeuronValue): NeuronValue =>
  typeof a === "number" && typeof b === "number"
    ? a * b
    : { kind: "binary", op: "*", left: asExpr(a), right: asExpr(b) };

function asExpr(v: NeuronValue): ValueExpr {
  return typeof v === "number" ? { kind: "const", value: v } : v;
}

/**
 * lif's rule per neuron: values written win, with only c_m written tau_m keeps its default and
 * r_m = tau_m / c_m; all three written must agree. Returns the three per-neuron value arrays, or
 * undefined after reporting lif-membrane-mismatch (once, at the first disagreeing neuron).
 */
export function resolveLifMembrane(
  tau: Slots,
  r: Slots,
  c: Slots,
  size: number,
  span: Span,
  ctx: PassContext,
): { tau_m: NeuronValue[]; r_m: NeuronValue[]; c_m: NeuronValue[] } | undefined {
  const out = { tau_m: [] as NeuronValue[], r_m: [] as NeuronValue[], c_m: [] as NeuronValue[] };
  for (let i = 0; i < size; i++) {
    const t = tau[i];
    const rr = r[i];
    const cc = c[i];
    if (i > 0 && t === tau[i - 1] && rr === r[i - 1] && cc === c[i - 1]) {
      // Same written values as the previous neuron: share its results (and draw expressions).
      out.tau_m.push(out.tau_m[i - 1] as NeuronValue);
      out.r_m.push(out.r_m[i - 1] as NeuronValue);
      out.c_m.push(out.c_m[i - 1] as NeuronValue);
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
      out.tau_m.push(res.tau_m);
      out.r_m.push(res.r_m);
      out.c_m.push(res.c_m);
      continue;
    }
    // A random member of the triple: derive the missing one as an expression (docs/language.md).
    if (cc === undefined) {
      out.tau_m.push(tv);
      out.r_m.push(rv);
      out.c_m.push(div(tv, rv));
    } else if (t === undefined && rr !== undefined) {
      out.tau_m.push(mul(rv, cv));
      out.r_m.push(rv);
      out.c_m.push(cv);
    } else {
      out.tau_m.push(tv);
      out.r_m.push(div(tv, cv));
      out.c_m.push(cv);
    }
  }
  return out;
}
