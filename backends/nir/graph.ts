/**
 * Lowers a network to a NIR graph (neuromorphs/NIR 1.0): `lif` populations become `CubaLIF`
 * nodes (parameters per neuron, SI), spike sources become `Input` nodes, each projection a
 * `Linear` node (weights from snnc's drawn synapses) followed by a `Delay` node, and each
 * population with recorded spikes an `Output` node. NIR's CubaLIF integrates
 * `tau_syn dI/dt = −I + w_in·(W·S)` with spikes S as Dirac impulses, so a spike raises I by
 * W / tau_syn: the Linear weight is snnc's weight × the target's tau_syn, which makes I jump by
 * the weight as in SPEC §3. Constant currents (`i_bias`, `current` stimuli) fold exactly into
 * `v_leak = v_rest + r_m·I`. Reports `nir/unsupported-model`, `nir/unsupported-construct`
 * (errors) and `nir/dropped-construct` (warnings) at the construct's source range.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { Network, Population } from "../../compiler/ir/index.js";
import { networkTooLarge, type BuiltNetwork } from "../../runtime/index.js";

/** Node types of the NIR subset the export writes, with their parameter arrays. */
export type NirNode =
  | {
      readonly type: "CubaLIF";
      readonly size: number;
      readonly params: {
        readonly tau_syn: Float64Array;
        readonly tau_mem: Float64Array;
        readonly r: Float64Array;
        readonly v_leak: Float64Array;
        readonly v_threshold: Float64Array;
        readonly v_reset: Float64Array;
        readonly w_in: Float64Array;
      };
    }
  | { readonly type: "Input"; readonly size: number }
  | { readonly type: "Output"; readonly size: number }
  /** `weight[post][pre]`, row-major, shape [post size, pre size]. */
  | {
      readonly type: "Linear";
      readonly rows: number;
      readonly cols: number;
      readonly weight: Float64Array;
    }
  | { readonly type: "Delay"; readonly size: number; readonly delay: Float64Array };

export interface NirGraph {
  /** Node names in the order written (populations, projections, outputs). */
  readonly nodes: readonly (readonly [string, NirNode])[];
  readonly edges: readonly (readonly [string, string])[];
}

/** The part of the drawn network (the runtime's `BuiltNetwork`) that the NIR export reads. */
export type NirBuilt = Pick<BuiltNetwork, "projections" | "params">;

function dropped(sink: DiagnosticSink, span: Span, construct: string, reason: string): void {
  sink.report({ code: "nir/dropped-construct", span, format: { construct, reason } });
}

function refused(sink: DiagnosticSink, span: Span, construct: string, reason: string): void {
  sink.report({ code: "nir/unsupported-construct", span, format: { construct, reason } });
}

/** Per-neuron value of a lif parameter (per-neuron array when the IR lists one). */
function lifValues(pop: Population, built: NirBuilt | null, name: string): Float64Array {
  const out = new Float64Array(pop.size);
  const per = built?.params[pop.id]?.[name];
  const base =
    pop.model.kind === "lif"
      ? ((pop.model.params as unknown as Record<string, number>)[name] ?? 0)
      : 0;
  for (let i = 0; i < pop.size; i++) out[i] = per?.[i] ?? base;
  return out;
}

/** Which receptors each population receives, to choose its single NIR tau_syn. */
function receptorsInto(network: Network): Map<number, Set<"exc" | "inh">> {
  const m = new Map<number, Set<"exc" | "inh">>();
  for (const p of network.projections) {
    const s = m.get(p.post.population) ?? new Set();
    s.add(p.receptor);
    m.set(p.post.population, s);
  }
  return m;
}

/** Reports what NIR cannot carry (`built` null: limits only, no structure needed). */
export function checkNirLimits(network: Network, sink: DiagnosticSink): void {
  // the graph holds per-neuron parameters and the drawn weights: sized as a simulation is
  const tooLarge = networkTooLarge(network);
  if (tooLarge !== null) sink.add(tooLarge);
  else lowerToNir(network, null, sink);
}

function lifNode(
  network: Network,
  pop: Population,
  built: NirBuilt | null,
  sink: DiagnosticSink,
): NirNode | null {
  if (pop.model.kind !== "lif") return null;
  if (lifValues(pop, built, "t_ref").some((t) => t > 0))
    dropped(
      sink,
      pop.origin,
      `The refractory period of '${pop.name}'`,
      "NIR's CubaLIF has no refractory period",
    );
  if (Object.keys(pop.init).length > 0)
    dropped(
      sink,
      pop.origin,
      `The initial state of '${pop.name}'`,
      "NIR nodes carry no initial state",
    );
  const receptors = receptorsInto(network).get(pop.id) ?? new Set();
  const exc = lifValues(pop, built, "tau_syn_exc");
  const inh = lifValues(pop, built, "tau_syn_inh");
  if (receptors.has("exc") && receptors.has("inh") && exc.some((t, i) => t !== inh[i])) {
    refused(
      sink,
      pop.origin,
      `Population '${pop.name}'`,
      "NIR's CubaLIF has one synaptic time constant, but it receives exc and inh input with different tau_syn_exc and tau_syn_inh",
    );
    return null;
  }
  const tauSyn = receptors.has("inh") && !receptors.has("exc") ? inh : exc;
  const tauMem = lifValues(pop, built, "tau_m");
  const r = lifValues(pop, built, "r_m");
  const perR = built?.params[pop.id];
  // r_m is derived per neuron only where c_m is given per neuron; with c_m absent it is c_m that
  // is derived (docs/ir.md), and r_m keeps its value
  if (perR !== undefined && perR["r_m"] === undefined && perR["c_m"] !== undefined) {
    const c = lifValues(pop, built, "c_m");
    for (let i = 0; i < pop.size; i++) r[i] = (tauMem[i] ?? 0) / (c[i] ?? 1);
  }
  const current = lifValues(pop, built, "i_bias");
  for (const stim of network.stimuli) {
    if (stim.target.population !== pop.id || stim.wave.kind !== "current") continue;
    for (const i of stim.target.indices ?? [...Array(pop.size).keys()])
      current[i] = (current[i] ?? 0) + stim.wave.amplitude;
  }
  const vRest = lifValues(pop, built, "v_rest");
  const vLeak = new Float64Array(pop.size);
  for (let i = 0; i < pop.size; i++) vLeak[i] = (vRest[i] ?? 0) + (r[i] ?? 0) * (current[i] ?? 0);
  return {
    type: "CubaLIF",
    size: pop.size,
    params: {
      tau_syn: tauSyn,
      tau_mem: tauMem,
      r,
      v_leak: vLeak,
      v_threshold: lifValues(pop, built, "v_th"),
      v_reset: lifValues(pop, built, "v_reset"),
      w_in: new Float64Array(pop.size).fill(1),
    },
  };
}

function populationNode(
  network: Network,
  pop: Population,
  built: NirBuilt | null,
  sink: DiagnosticSink,
): NirNode | null {
  switch (pop.model.kind) {
    case "lif":
      return lifNode(network, pop, built, sink);
    case "poisson":
    case "spike_times":
      dropped(
        sink,
        pop.origin,
        pop.model.kind === "poisson"
          ? `The rate of Poisson source '${pop.name}'`
          : `The spike times of '${pop.name}'`,
        "a NIR Input node only declares where external spikes enter",
      );
      return { type: "Input", size: pop.size };
    case "izhikevich":
    case "neurocorex_lif":
      sink.report({
        code: "nir/unsupported-model",
        span: pop.origin,
        format: { model: pop.model.kind, population: pop.name },
      });
      return null;
  }
}

/**
 * Node names, which are HDF5 group names in the file: a `/` would nest groups, so it is written
 * `%2F` (and `%` itself `%25`); a name already given (a projection into member `b.delay` beside
 * the `Delay` node of `a->b`) gets `#2`, `#3`, ... Populations are named first and keep their names.
 */
class NodeNames {
  readonly #taken = new Set<string>();

  claim(wanted: string): string {
    const base = wanted.replace(/%/g, "%25").replace(/\//g, "%2F");
    let name = base;
    for (let k = 2; this.#taken.has(name); k++) name = `${base}#${k}`;
    this.#taken.add(name);
    return name;
  }
}

/** Lowers the network; returns null when `built` is null or an error was reported. */
export function lowerToNir(
  network: Network,
  built: NirBuilt | null,
  sink: DiagnosticSink,
): NirGraph | null {
  const before = sink.errorCount;
  const nodes: [string, NirNode][] = [];
  const edges: [string, string][] = [];
  const popNodes = new Map<number, NirNode>();
  const names = new NodeNames();
  const popName = new Map<number, string>();
  for (const pop of network.populations) popName.set(pop.id, names.claim(pop.name));
  for (const pop of network.populations) {
    const node = populationNode(network, pop, built, sink);
    if (node === null) continue;
    popNodes.set(pop.id, node);
    nodes.push([popName.get(pop.id)!, node]);
    if (pop.homeostasis !== null)
      dropped(sink, pop.origin, `Homeostasis on '${pop.name}'`, "NIR has no plasticity rules");
  }
  for (const proj of network.projections) {
    const pre = network.populations[proj.pre.population];
    const post = network.populations[proj.post.population];
    const postNode = popNodes.get(proj.post.population);
    if (pre === undefined || post === undefined) continue;
    if (postNode !== undefined && postNode.type === "Input") {
      refused(sink, proj.origin, `Projection '${proj.name}'`, "its target is a spike source");
      continue;
    }
    if (proj.plasticity !== null)
      dropped(
        sink,
        proj.origin,
        `The plasticity of '${proj.name}'`,
        "NIR has no learning rules; the initial weights are exported",
      );
    const b = built?.projections.find((p) => p.id === proj.id);
    if (b === undefined || postNode === undefined || postNode.type !== "CubaLIF") continue;
    const d0 = b.delaySteps[0] ?? 1;
    if (b.delaySteps.some((d) => d !== d0)) {
      refused(
        sink,
        proj.origin,
        `Projection '${proj.name}'`,
        "its delays differ between synapses, and a NIR Delay node delays a whole target neuron",
      );
      continue;
    }
    const weight = new Float64Array(post.size * pre.size);
    for (let k = 0; k < b.pre.length; k++) {
      const i = b.pre[k] ?? 0;
      const j = b.post[k] ?? 0;
      weight[j * pre.size + i] =
        (weight[j * pre.size + i] ?? 0) + (b.weight[k] ?? 0) * (postNode.params.tau_syn[j] ?? 0);
    }
    const linearName = names.claim(proj.name);
    const delayName = names.claim(`${proj.name}.delay`);
    nodes.push([linearName, { type: "Linear", rows: post.size, cols: pre.size, weight }]);
    nodes.push([
      delayName,
      { type: "Delay", size: post.size, delay: new Float64Array(post.size).fill(d0 * network.dt) },
    ]);
    edges.push(
      [popName.get(pre.id)!, linearName],
      [linearName, delayName],
      [delayName, popName.get(post.id)!],
    );
  }
  for (const gap of network.gaps)
    refused(sink, gap.origin, "Gap junctions", "NIR has no electrical coupling between neurons");
  for (const stim of network.stimuli)
    if (stim.wave.kind !== "current")
      dropped(
        sink,
        stim.origin,
        `Stimulus '${stim.name}' (${stim.wave.kind})`,
        "NIR has no time-varying current sources",
      );
  const outputs = new Set<number>();
  for (const rec of network.recordings) {
    if (rec.kind === "spikes") for (const t of rec.targets) outputs.add(t.population);
    else
      dropped(
        sink,
        rec.origin,
        `The ${rec.kind === "state" ? rec.variable : "weights"} recording`,
        "NIR Output nodes carry spikes only",
      );
  }
  for (const p of [...outputs].sort((a, b) => a - b)) {
    const pop = network.populations[p];
    if (pop === undefined || !popNodes.has(p)) continue;
    const outName = names.claim(`${pop.name}.out`);
    nodes.push([outName, { type: "Output", size: pop.size }]);
    edges.push([popName.get(p)!, outName]);
  }
  if (built === null || sink.errorCount > before) return null;
  return { nodes, edges };
}
