/**
 * The canonical text dump of a {@link Network} (golden files, `snnc build --target ir --text`)
 * and its canonical JSON (`snnc build --target ir`). Both are pure functions of the network:
 * keys are sorted, numbers use JavaScript's shortest round-trip form, and spans (`origin`) are
 * left out of the text unless asked for, so a dump changes only when the meaning does.
 */
import type { Span } from "../../common/index.js";
import type {
  ConnectionRule,
  GapRule,
  Network,
  PerNeuronValue,
  PopulationSelection,
  ValueExpr,
} from "./types.js";

export interface PrintOptions {
  /** Include each entity's `origin` as `@file:start-end` (offsets). */
  readonly withSpans?: boolean;
}

/** A value expression in the language's own notation, SI numbers (`uniform(-0.06, -0.05)`). */
export function formatValueExpr(e: ValueExpr): string {
  switch (e.kind) {
    case "const":
      return num(e.value);
    case "uniform":
      return `uniform(${formatValueExpr(e.low)}, ${formatValueExpr(e.high)})`;
    case "normal":
      return `normal(${formatValueExpr(e.mean)}, ${formatValueExpr(e.sd)})`;
    case "binary":
      return `(${formatValueExpr(e.left)} ${e.op} ${formatValueExpr(e.right)})`;
    case "neg":
      return `-${formatValueExpr(e.operand)}`;
    case "call":
      return `${e.fn}(${e.args.map(formatValueExpr).join(", ")})`;
    default:
      return unreachable(e);
  }
}

function unreachable(x: never): never {
  throw new Error(`internal error: unexpected ${JSON.stringify(x)}`);
}

function num(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

function nums(xs: readonly number[]): string {
  return `[${xs.map(num).join(", ")}]`;
}

function selection(net: Network, s: PopulationSelection): string {
  const pop = net.populations[s.population];
  const name = pop === undefined ? `#${s.population}` : pop.name;
  return s.indices === null ? name : `${name}${nums(s.indices)}`;
}

function rule(r: ConnectionRule): string {
  switch (r.kind) {
    case "all_to_all":
    case "one_to_one":
      return r.kind;
    case "fixed_probability":
      return `fixed_probability(p = ${num(r.p)})`;
    case "fixed_indegree":
    case "fixed_outdegree":
      return `${r.kind}(k = ${num(r.k)})`;
    case "explicit": {
      const parts = [`pre = ${nums(r.pre)}`, `post = ${nums(r.post)}`];
      if (r.weights !== undefined) parts.push(`weights = ${nums(r.weights)}`);
      if (r.delays !== undefined) parts.push(`delays = ${nums(r.delays)}`);
      if (r.weightScale !== undefined) parts.push(`weightScale = ${nums(r.weightScale)}`);
      return `explicit(${parts.join(", ")})`;
    }
    default:
      return unreachable(r);
  }
}

function gapRule(r: GapRule): string {
  switch (r.kind) {
    case "all_pairs":
    case "one_to_one":
      return r.kind;
    case "explicit": {
      const parts = [`a = ${nums(r.a)}`, `b = ${nums(r.b)}`];
      if (r.conductanceScale !== undefined)
        parts.push(`conductanceScale = ${nums(r.conductanceScale)}`);
      return `explicit(${parts.join(", ")})`;
    }
    default:
      return unreachable(r);
  }
}

function perNeuron(v: PerNeuronValue): string {
  return v.kind === "values" ? nums(v.values) : formatValueExpr(v.expr);
}

function scalar(v: unknown): string {
  if (typeof v === "number") return num(v);
  if (Array.isArray(v)) return `[${v.map(scalar).join(", ")}]`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function sortedEntries<T>(o: Readonly<Record<string, T>>): [string, T][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k] as T]);
}

/** The canonical, line-oriented dump of a network (SI values). */
export function printNetwork(net: Network, options: PrintOptions = {}): string {
  const out: string[] = [];
  const at = (s: Span): string =>
    options.withSpans === true ? ` @${s.file}:${s.start}-${s.end}` : "";
  out.push(`network ${net.name} (ir ${net.irVersion})`);
  out.push(
    `  seed ${net.seed}, dt ${num(net.dt)} s, duration ${num(net.duration)} s, ${net.steps} steps`,
  );
  for (const p of net.populations) {
    out.push(
      `population #${p.id} ${p.name}: ${p.modelName} (${p.model.kind}) x ${p.size}${at(p.origin)}`,
    );
    if (p.memberNames !== null) out.push(`  members ${p.memberNames.join(", ")}`);
    for (const [k, v] of sortedEntries(
      p.model.params as unknown as Readonly<Record<string, unknown>>,
    ))
      out.push(`  ${k} = ${scalar(v)}`);
    for (const [k, v] of sortedEntries(p.perNeuron))
      out.push(`  per neuron ${k} = ${perNeuron(v)}`);
    for (const [k, v] of sortedEntries(p.init)) out.push(`  init ${k} = ${perNeuron(v)}`);
    if (p.homeostasis !== null) out.push(`  homeostasis #${p.homeostasis}`);
  }
  for (const j of net.projections) {
    out.push(`projection #${j.id} ${j.name}${at(j.origin)}`);
    out.push(`  ${selection(net, j.pre)} -> ${selection(net, j.post)}`);
    out.push(`  rule ${rule(j.rule)}`);
    out.push(`  allow_self ${j.allowSelf}, allow_multapses ${j.allowMultapses}`);
    out.push(
      `  weight ${formatValueExpr(j.weight)}, delay ${formatValueExpr(j.delay)}, receptor ${j.receptor}`,
    );
    if (j.plasticity !== null) out.push(`  plasticity #${j.plasticity}`);
  }
  for (const g of net.gaps) {
    out.push(`gap #${g.id}${at(g.origin)}`);
    out.push(`  ${selection(net, g.a)} <-> ${selection(net, g.b)}`);
    out.push(`  rule ${gapRule(g.rule)}, conductance ${formatValueExpr(g.conductance)}`);
  }
  for (const r of net.plasticity) {
    const { id, name, kind, origin, ...rest } = r;
    out.push(`plasticity #${id} ${name}: ${kind}${at(origin)}`);
    for (const [k, v] of sortedEntries(rest as Readonly<Record<string, unknown>>))
      out.push(`  ${k} = ${scalar(v)}`);
  }
  for (const s of net.stimuli) {
    const { kind, ...rest } = s.wave;
    out.push(`stimulus #${s.id} ${s.name}: ${kind} -> ${selection(net, s.target)}${at(s.origin)}`);
    for (const [k, v] of sortedEntries(rest as Readonly<Record<string, unknown>>))
      out.push(`  ${k} = ${scalar(v)}`);
  }
  for (const r of net.recordings) {
    switch (r.kind) {
      case "spikes":
        out.push(
          `record #${r.id} spikes of ${r.targets.map((t) => selection(net, t)).join(", ")}${at(r.origin)}`,
        );
        break;
      case "state":
        out.push(
          `record #${r.id} ${r.variable} of ${r.targets.map((t) => selection(net, t)).join(", ")} every ${r.everySteps} steps${at(r.origin)}`,
        );
        break;
      case "weights":
        out.push(
          `record #${r.id} weights of ${r.projections.map((p) => `#${p}`).join(", ")} every ${r.everySteps} steps${at(r.origin)}`,
        );
        break;
      default:
        unreachable(r);
    }
  }
  for (const t of net.targets) {
    out.push(`target ${t.name}${at(t.origin)}`);
    for (const [k, v] of sortedEntries(t.options)) out.push(`  ${k} = ${scalar(v)}`);
  }
  if (net.core !== null) {
    const ref = (n: { population: number; index: number }): string => {
      const pop = net.populations[n.population];
      const member = pop?.memberNames?.[n.index];
      return `${pop?.name ?? `#${n.population}`}${member !== undefined ? `.${member}` : `[${n.index}]`}`;
    };
    out.push(`core neurons ${net.core.neurons.map(ref).join(", ")}`);
    out.push(`core inputs ${net.core.inputs.map(ref).join(", ")}`);
  }
  return out.join("\n") + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      const v = o[k];
      if (v !== undefined) sorted[k] = sortKeys(v);
    }
    return sorted;
  }
  if (typeof value === "number" && Object.is(value, -0)) return 0;
  return value;
}

/**
 * The network as canonical JSON (sorted keys, two-space indent, trailing newline), so the same
 * file and seed give byte-identical output. Spans are kept (`origin: {file, start, end}`).
 */
export function serializeNetwork(network: Network): string {
  return JSON.stringify(sortKeys(network), null, 2) + "\n";
}
