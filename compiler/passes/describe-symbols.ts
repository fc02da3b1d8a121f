/**
 * Pass: describe-symbols.
 *
 * Input: the results of the checking passes (whatever succeeded, even with errors elsewhere).
 * Output: each symbol's `detail` (markdown for hovers) filled in, plus `param` symbols for every
 * parameter line of a model or population block.
 * Preconditions: all checking passes ran.
 * Reports: nothing.
 *
 * Details show resolved values in natural units: a constant's value, a model's chain and full
 * parameter table, a population's size, model, membrane time constant and refractory period in
 * steps and the expected synapse count of each projection it sends, a member's index (and CSV
 * line and wiring summary for connectome members), a rule's parameters in natural units.
 */
import { findParam, lookupPlasticity, type ModelSpec } from "../builtins/index.js";
import { formatMemberSummary, summarizeMembers, type MemberSummary } from "../connectome/index.js";
import {
  expectedSynapses,
  selectionSize,
  type PerNeuronValue,
  type Population,
  type Projection,
  type Stimulus,
} from "../ir/index.js";
import { formatValueExpr } from "../ir/print.js";
import type { Declarations } from "./collect-declarations.js";
import type { CheckedProjection } from "./check-connections.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import type { PassContext } from "./context.js";
import {
  Current,
  Dimensionless,
  Frequency,
  Time,
  formatDimension,
  formatQuantity,
  type Dimension,
} from "./deps.js";
import type { PopulationLayout } from "./layout-populations.js";
import type { ParamValue } from "./param-values.js";
import type { Models, ResolvedModel } from "./resolve-models.js";
import { stepsOf } from "../ir/time-grid.js";
import type { Values } from "./values.js";
import { selectionText } from "./selection-text.js";

const stimulusDims: Readonly<Record<string, Dimension>> = {
  amplitude: Current,
  offset: Current,
  mean: Current,
  sd: Current,
  start: Time,
  stop: Time,
  frequency: Frequency,
};

export interface DescribeInput {
  readonly decls: Declarations;
  readonly values: Values;
  readonly models: Models;
  readonly plasticity: PlasticityTable;
  readonly layout: PopulationLayout;
  readonly connections: readonly CheckedProjection[];
  readonly run: RunSettings;
  readonly stimuli: readonly Stimulus[];
}

function paramDim(spec: ModelSpec, name: string): Dimension {
  const p = findParam(spec.params, name);
  return p !== undefined && (p.type.kind === "quantity" || p.type.kind === "list")
    ? p.type.dim
    : Dimensionless;
}

function showParamValue(v: ParamValue, dim: Dimension): string {
  switch (v.kind) {
    case "quantity":
      return v.q.value.kind === "const"
        ? formatQuantity(v.q.value.value, dim)
        : `${formatValueExpr(v.q.value)} (SI, drawn per neuron)`;
    case "list":
      return `[${v.items.map((q) => (q.value.kind === "const" ? formatQuantity(q.value.value, dim) : "?")).join(", ")}]`;
    case "word":
      return v.word;
    default: {
      const never: never = v;
      return never;
    }
  }
}

function modelTable(model: ResolvedModel): string[] {
  const lines: string[] = [];
  for (const p of model.spec.params) {
    const written = model.params.get(p.name);
    const dim = paramDim(model.spec, p.name);
    let text: string;
    if (written !== undefined) text = showParamValue(written, dim);
    else if (p.default?.kind === "value")
      text = `${formatQuantity(p.default.value, dim)} (default)`;
    else if (p.default?.kind === "list")
      text = `[${p.default.values.map((x) => formatQuantity(x, dim)).join(", ")}] (default)`;
    else if (p.default?.kind === "derived") text = `= ${p.default.doc}`;
    else text = "(required)";
    lines.push(`| \`${p.name}\` | ${text} |`);
  }
  return ["| parameter | value |", "| --- | --- |", ...lines];
}

function perNeuronText(v: PerNeuronValue | undefined, base: number, dim: Dimension): string {
  if (v === undefined) return formatQuantity(base, dim);
  return v.kind === "draw"
    ? `drawn per neuron: ${formatValueExpr(v.expr)} (SI)`
    : `per neuron (${v.values.length} values)`;
}

function describePopulation(
  pop: Population,
  model: ResolvedModel,
  out: readonly Projection[],
  input: DescribeInput,
): string {
  const lines = [
    `**population** \`${pop.name}\` = \`${pop.modelName}\`[${pop.size}] (${model.chain.join(" → ")})`,
    "",
  ];
  lines.push(
    `- size: ${pop.size}${pop.memberNames !== null ? ` (named: ${pop.memberNames.slice(0, 12).join(", ")}${pop.memberNames.length > 12 ? ", …" : ""})` : ""}`,
  );
  const m = pop.model;
  const dt = input.run.dt;
  if (m.kind === "lif") {
    lines.push(
      `- membrane time constant tau_m: ${perNeuronText(pop.perNeuron["tau_m"], m.params.tau_m, paramDim(model.spec, "tau_m"))}`,
    );
    lines.push(
      `- r_m: ${formatQuantity(m.params.r_m, paramDim(model.spec, "r_m"))}, c_m: ${formatQuantity(m.params.c_m, paramDim(model.spec, "c_m"))}`,
    );
    lines.push(
      `- threshold v_th: ${formatQuantity(m.params.v_th, paramDim(model.spec, "v_th"))}, reset: ${formatQuantity(m.params.v_reset, paramDim(model.spec, "v_reset"))}`,
    );
  }
  if (m.kind === "lif" || m.kind === "neurocorex_lif") {
    const steps = stepsOf(m.params.t_ref, dt).steps;
    const shown = m.kind === "neurocorex_lif" ? Math.max(1, steps) : steps;
    lines.push(
      `- refractory period: ${formatQuantity(m.params.t_ref, paramDim(model.spec, "t_ref"))} = ${shown} steps of ${formatQuantity(dt, paramDim(model.spec, "t_ref"))}`,
    );
  }
  if (m.kind === "neurocorex_lif")
    lines.push(`- threshold: ${m.params.threshold}, leak: ${m.params.leak} (core units)`);
  if (m.kind === "poisson")
    lines.push(`- rate: ${formatQuantity(m.params.rate, paramDim(model.spec, "rate"))}`);
  if (m.kind === "spike_times")
    lines.push(`- spikes: ${m.params.times.reduce((a, t) => a + t.length, 0)}`);
  for (const [k, v] of Object.entries(pop.init).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const dim = model.spec.state.find((s) => s.name === k)?.dim ?? Dimensionless;
    lines.push(
      `- init ${k}: ${v.kind === "draw" && v.expr.kind === "const" ? formatQuantity(v.expr.value, dim) : perNeuronText(v, Number.NaN, dim)}`,
    );
  }
  for (const j of out) {
    const n = expectedSynapses(j, input.layout.byId);
    lines.push(
      `- projection \`${j.name}\`: ${j.rule.kind === "fixed_probability" || j.rule.kind === "fixed_indegree" || j.rule.kind === "fixed_outdegree" ? "~" : ""}${Number(n.toPrecision(6))} synapses expected (${j.rule.kind}), receptor ${j.receptor}`,
    );
  }
  return lines.join("\n");
}

/** Fills in every symbol's detail. */
export function describeSymbols(input: DescribeInput, ctx: PassContext): void {
  const { decls, values, models, plasticity, layout } = input;
  const connectomeOf = new Map(layout.connectomes.map((c) => [c.population, c]));
  const outgoing = new Map<number, Projection[]>();
  for (const c of input.connections) {
    const list = outgoing.get(c.projection.pre.population) ?? [];
    list.push(c.projection);
    outgoing.set(c.projection.pre.population, list);
  }
  for (const entry of decls.entries) {
    switch (entry.node.kind) {
      case "const": {
        const q = values.constants.get(entry.name);
        ctx.symbols.describe(entry.symbol, () =>
          q === undefined || q.dim === null
            ? `**const** \`${entry.name}\` (invalid)`
            : q.value.kind === "const"
              ? `**const** \`${entry.name}\` = ${formatQuantity(q.value.value, q.dim)} (${formatDimension(q.dim)})`
              : `**const** \`${entry.name}\` = ${formatValueExpr(q.value)} (SI; ${formatDimension(q.dim)}, drawn at each use)`,
        );
        break;
      }
      case "model": {
        const model = models.byName.get(entry.name);
        ctx.symbols.describe(entry.symbol, () =>
          model === undefined
            ? `**model** \`${entry.name}\` (invalid)`
            : [
                `**model** \`${entry.name}\`: ${model.chain.join(" → ")}`,
                "",
                model.spec.doc,
                "",
                ...modelTable(model),
              ].join("\n"),
        );
        if (model !== undefined)
          declareParams(entry.node.decl.body?.stmts ?? [], model, entry.name, ctx);
        break;
      }
      case "population":
      case "connectome": {
        const info = layout.pops.get(entry.name);
        const pop = info === undefined ? undefined : layout.populations[info.id];
        const model = pop === undefined ? undefined : layout.models[pop.id];
        if (pop === undefined || model === undefined) {
          ctx.symbols.describe(
            entry.symbol,
            () => `**${entry.node.kind}** \`${entry.name}\` (invalid)`,
          );
          break;
        }
        const c = connectomeOf.get(pop.id);
        const head =
          c === undefined
            ? ""
            : `**connectome** from \`${c.data.path}\`: ${c.data.members.length} members, ${c.data.chemical.length} chemical and ${c.data.electrical.length} electrical connections\n\n`;
        ctx.symbols.describe(
          entry.symbol,
          () => head + describePopulation(pop, model, outgoing.get(pop.id) ?? [], input),
        );
        // Summaries of a connectome's members: computed once, on the first member hover.
        let summaries: readonly MemberSummary[] | undefined;
        const summaryOf = (i: number): string => {
          if (c === undefined) return "";
          summaries ??= summarizeMembers(c.data);
          const s = summaries[i];
          return s === undefined ? "" : `\n\n${formatMemberSummary(s)}`;
        };
        pop.memberNames?.forEach((name, i) => {
          const s = info?.memberSymbols?.[i];
          if (s === undefined) return;
          const ms = ctx.symbols.get(s);
          const line = ms.csv === undefined ? "" : ` (CSV \`${ms.csv.path}\` line ${ms.csv.line})`;
          ctx.symbols.describe(
            s,
            () =>
              `**member** \`${pop.name}.${name}\`: neuron ${i} of ${pop.size}, model \`${pop.modelName}\`${line}${summaryOf(i)}`,
          );
        });
        if (entry.node.kind === "population")
          declareParams(entry.node.decl.body?.stmts ?? [], model, entry.name, ctx);
        break;
      }
      case "plasticity": {
        const rule = plasticity.byName.get(entry.name);
        if (rule === undefined) {
          ctx.symbols.describe(entry.symbol, () => `**plasticity** \`${entry.name}\` (invalid)`);
          break;
        }
        const { id: _id, name: _name, origin: _origin, kind, ...rest } = rule;
        void _id;
        void _name;
        void _origin;
        ctx.symbols.describe(entry.symbol, () => {
          const used = input.connections
            .filter((c) => c.projection.plasticity === rule.id)
            .map((c) => `\`${c.projection.name}\``);
          return [
            `**plasticity** \`${entry.name}\` = ${kind}`,
            "",
            ...Object.entries(rest).map(([k, v]) => `- ${k}: ${ruleValueText(kind, k, v)}`),
            ...(used.length > 0 ? ["", `on ${used.join(", ")}`] : []),
          ].join("\n");
        });
        break;
      }
      case "stimulus": {
        const decl = entry.node.decl;
        const stim = input.stimuli.find((s) => s.name === entry.name);
        ctx.symbols.describe(entry.symbol, () => {
          const head = `**stimulus** \`${entry.name}\` = ${decl.stimulusKind.name} -> \`${selectionText(decl.target)}\``;
          if (stim === undefined) return `${head} (invalid)`;
          const size = selectionSize(stim.target, layout.byId);
          const { kind: _kind, ...params } = stim.wave;
          void _kind;
          const lines = Object.entries(params).map(
            ([k, v]) => `- ${k}: ${formatQuantity(v, stimulusDims[k] ?? Dimensionless)}`,
          );
          return [head, "", `- drives ${size} neuron${size === 1 ? "" : "s"}`, ...lines].join("\n");
        });
        break;
      }
      default: {
        const never: never = entry.node;
        return never;
      }
    }
  }
}

/**
 * One field of a checked plasticity rule for its hover: SI numbers in natural units (`20 ms`,
 * `6 pA`) using the rule's parameter dimensions, step counts as steps, words as written.
 */
function ruleValueText(kind: string, field: string, v: unknown): string {
  if (typeof v !== "number") return String(v);
  if (field.endsWith("_steps")) return `${v} steps`;
  const spec = lookupPlasticity(kind);
  const p = spec === undefined ? undefined : findParam(spec.params, field);
  const dim = p !== undefined && p.type.kind === "quantity" ? p.type.dim : Dimensionless;
  return formatQuantity(v, dim);
}

function declareParams(
  stmts: readonly import("../../grammar/ast.js").Stmt[],
  model: ResolvedModel,
  owner: string,
  ctx: PassContext,
): void {
  for (const stmt of stmts) {
    if (stmt.kind !== "Assign") continue;
    const name = stmt.target.name;
    const spec = findParam(model.spec.params, name.name);
    if (spec === undefined || name.missing === true) continue;
    const id = ctx.symbols.declare(name.name, "param", name.span, stmt.span);
    const written = model.params.get(name.name);
    const dim =
      spec.type.kind === "quantity" || spec.type.kind === "list" ? spec.type.dim : Dimensionless;
    ctx.symbols.describe(id, () =>
      [
        `**parameter** \`${name.name}\` of \`${owner}\` (${model.spec.name}, ${formatDimension(dim)})`,
        "",
        spec.doc,
        ...(written !== undefined && model.name === owner
          ? ["", `value: ${showParamValue(written, dim)}`]
          : []),
      ].join("\n"),
    );
  }
}
