/**
 * A connectome's chemical edges as projections (SPEC §4): one explicit projection per receptor
 * that has edges, `exc` first, named `NAME->NAME` and `NAME->NAME#2`; the block's weight is a
 * magnitude signed by the receptor, scaled per edge by the count when `per_synapse`.
 *
 * Reports: invalid-projection, missing-setting, delay-below-dt, value-rounded.
 */
import { valueExprMean } from "../eval/index.js";
import type { Projection, ValueExpr } from "../ir/index.js";
import type { ConnectomeLayout } from "./import-connectomes.js";
import { type ResolvedSelection } from "./select.js";

import { checkDelayValue, modelKind, type Env } from "./connection-values.js";
import type { CheckedProjection } from "./check-connections.js";

/** A connectome's chemical edges as projections: one per receptor that has edges, exc first. */
export function connectomeProjections(
  c: ConnectomeLayout,
  firstId: number,
  nameOf: (base: string) => string,
  env: Env,
): CheckedProjection[] {
  const { ctx, run } = env;
  const edges = c.data.chemical;
  if (edges.length === 0) return [];
  const w = c.chemical.weight;
  const kind = modelKind(c.population, env);
  if (kind !== "lif" && kind !== "izhikevich") {
    ctx.diagnostics.report({
      code: "invalid-projection",
      span: c.decl.name.span,
      format: {
        pre: c.decl.name.name,
        post: c.decl.name.name,
        reason: `chemical edges need lif or izhikevich members ('neurons = ...'), not ${kind}`,
      },
    });
    return [];
  }
  if (w === undefined) {
    if (c.chemical.weightMisspelled) return [];
    ctx.diagnostics.report({
      code: "missing-setting",
      span: c.decl.name.span,
      format: {
        where: `Connectome '${c.decl.name.name}' (it has chemical edges)`,
        name: "chemical { weight = ... }",
      },
    });
    return [];
  }
  let delay: ValueExpr = { kind: "const", value: run.dt };
  const d = c.chemical.delay;
  if (d !== undefined) {
    // a random delay as a connect's: its smallest draw at least one step
    if (run.dtOk && !checkDelayValue(d.q.value, d.span, env)) return [];
    delay = d.q.value;
  }
  const mean = valueExprMean(w.q.value);
  const neg = (e: ValueExpr): ValueExpr =>
    e.kind === "const" ? { kind: "const", value: -e.value } : { kind: "neg", operand: e };
  const out: CheckedProjection[] = [];
  const all: ResolvedSelection = { population: c.population, indices: null, span: c.decl.span };
  for (const receptor of ["exc", "inh"] as const) {
    const mine = edges.filter((e) => e.receptor === receptor);
    if (mine.length === 0) continue;
    const magnitudeSign = receptor === "exc" ? (mean >= 0 ? 1 : -1) : mean <= 0 ? 1 : -1;
    const projection: Projection = {
      id: firstId + out.length,
      name: nameOf(`${c.decl.name.name}->${c.decl.name.name}`),
      pre: { population: c.population, indices: null },
      post: { population: c.population, indices: null },
      rule: {
        kind: "explicit",
        pre: mine.map((e) => e.pre),
        post: mine.map((e) => e.post),
        ...(w.perSynapse ? { weightScale: mine.map((e) => e.count) } : {}),
      },
      allowSelf: true,
      allowMultapses: false,
      weight: magnitudeSign === 1 ? w.q.value : neg(w.q.value),
      delay,
      receptor,
      plasticity: null,
      origin: c.decl.span,
    };
    out.push({ projection, pre: all, post: all });
  }
  return out;
}
