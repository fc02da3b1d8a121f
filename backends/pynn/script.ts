/**
 * Emits the network-specific part of the PyNN script: one `sim.Population` per population with
 * its standard cell type and parameters in PyNN units, initial values, one `sim.Projection` per
 * projection with a `FromListConnector` over snnc's drawn synapses (weights in nA, delays in ms),
 * STDP as `STDPMechanism(SpikePairRule, Additive/MultiplicativeWeightDependence)`, gap junctions
 * as `ElectricalSynapse`, stimuli as PyNN current sources, and the recording tables the writers of
 * ./script-runtime.ts read. Precondition: `checkPynnLimits` reported no error.
 */
import { compilerAssert } from "../../common/index.js";
import type {
  Network,
  Population,
  PopulationSelection,
  Projection,
  Stimulus,
} from "../../compiler/ir/index.js";
import { DataArrays, scaled, uniformValue } from "./data.js";
import { pyNum, pyNumList, pyStr, wrapList } from "./python.js";
import type { PynnBuilt } from "./structure.js";
import {
  IZHIKEVICH_TO_PYNN,
  LIF_TO_PYNN,
  INIT_TO_PYNN,
  currentGain,
  perNeuronCm,
  toMs,
  toNa,
  toUs,
} from "./units.js";
import { pynnCellType } from "./limits.js";

/** The emitted build function and the arrays it reads from `data`. */
export interface EmittedNetwork {
  readonly lines: readonly string[];
  readonly data: DataArrays;
}

const I1 = "    ";

function popVar(pop: Population): string {
  return "pop_" + pop.id;
}

/** A PyNN expression for a selection: the population, or a view of some of its neurons. */
function selectionExpr(network: Network, sel: PopulationSelection): string {
  const pop = network.populations[sel.population];
  compilerAssert(pop !== undefined, "selection of an unknown population");
  if (sel.indices === null) return popVar(pop);
  const idx = sel.indices.map((i) => String(i));
  return `${popVar(pop)}[${wrapList(idx, 4)}]`;
}

function cellParams(
  pop: Population,
  built: PynnBuilt,
  data: DataArrays,
): { args: string[]; perNeuron: string[] } {
  const args: string[] = [];
  const perNeuron: string[] = [];
  const per = built.params[pop.id] ?? {};
  const m = pop.model;
  const table = m.kind === "lif" ? LIF_TO_PYNN : m.kind === "izhikevich" ? IZHIKEVICH_TO_PYNN : {};
  const gain = currentGain(pop);
  const base = m.params as unknown as Readonly<Record<string, number>>;
  for (const [irName, [pyName, factor0]] of Object.entries(table)) {
    const factor = irName === "i_bias" ? factor0 * gain : factor0;
    const extra = irName === "t_ref" ? " + REFRAC_EXTRA[opts.simulator] * DT_MS" : "";
    const values = per[irName] ?? (irName === "c_m" ? perNeuronCm(pop, per) : undefined);
    const u = values === undefined ? (base[irName] ?? 0) : uniformValue(values);
    if (u !== null || values === undefined) {
      args.push(`${pyName}=${pyNum((u ?? 0) * factor)}${extra}`);
      continue;
    }
    args.push(`${pyName}=${pyNum((base[irName] ?? 0) * factor)}${extra}`);
    const key = data.add(`param.${pop.id}.${pyName}`, "<f8", scaled(values, factor));
    perNeuron.push(`${pyName}=data[${pyStr(key)}]${extra}`);
  }
  if (m.kind === "poisson") {
    const rate = per["rate"];
    args.push(`rate=${pyNum(m.params.rate)}`);
    if (rate !== undefined)
      perNeuron.push(`rate=data[${pyStr(data.add(`param.${pop.id}.rate`, "<f8", rate))}]`);
  }
  if (m.kind === "spike_times") {
    const counts = new Int32Array(pop.size);
    const flat: number[] = [];
    m.params.times.forEach((ts, i) => {
      counts[i] = ts.length;
      for (const t of ts) flat.push(toMs(t));
    });
    const t = data.add(`times.${pop.id}`, "<f8", flat);
    const c = data.add(`times.${pop.id}.count`, "<i4", counts);
    args.push(`spike_times=spike_times_for(data[${pyStr(t)}], data[${pyStr(c)}], opts)`);
  }
  return { args, perNeuron };
}

function emitPopulation(pop: Population, built: PynnBuilt, data: DataArrays, out: string[]): void {
  const cell = pynnCellType(pop);
  compilerAssert(cell !== null, `population '${pop.name}' has no PyNN cell type`);
  const { args, perNeuron } = cellParams(pop, built, data);
  const v = popVar(pop);
  out.push(
    `${I1}# population ${pop.name} = ${pop.modelName}[${pop.size}] (${pop.model.kind} -> ${cell})`,
  );
  out.push(`${I1}${v} = sim.Population(${pop.size}, sim.${cell}(`);
  for (const a of args) out.push(`${I1}${I1}${a},`);
  out.push(`${I1}), label=${pyStr(pop.name)})`);
  if (perNeuron.length > 0) out.push(`${I1}${v}.set(${perNeuron.join(", ")})`);
  if (pop.model.kind === "lif") {
    const p = pop.model.params;
    if (p.tau_m === p.tau_syn_exc || p.tau_m === p.tau_syn_inh)
      out.push(`${I1}refuse_on_brian2(opts, ${pyStr(pop.name)})`);
  }
  const init = built.init[pop.id] ?? {};
  const inits: string[] = [];
  for (const key of Object.keys(init).sort()) {
    const conv = INIT_TO_PYNN[key];
    const values = init[key];
    if (conv === undefined || values === undefined) continue;
    const [pyName, factor] = conv;
    const u = uniformValue(values);
    if (u !== null) {
      if (key.startsWith("i_") && u === 0) continue;
      inits.push(`${pyName}=${pyNum(u * factor)}`);
    } else {
      const k = data.add(`init.${pop.id}.${pyName}`, "<f8", scaled(values, factor));
      inits.push(`${pyName}=data[${pyStr(k)}]`);
    }
  }
  if (inits.length > 0) out.push(`${I1}${v}.initialize(${inits.join(", ")})`);
  out.push(`${I1}${v}.record("spikes")`);
  out.push(`${I1}pops.append((${pyStr(pop.name)}, ${v}))`);
}

function synapseExpr(network: Network, proj: Projection): string {
  if (proj.plasticity === null) return "sim.StaticSynapse()";
  const rule = network.plasticity[proj.plasticity];
  compilerAssert(
    rule !== undefined && rule.kind === "stdp",
    "non-stdp rule reached the PyNN emitter",
  );
  // SPEC §5: additive Δ = a·w_max·trace, as PyNN's AdditiveWeightDependence; multiplicative
  // Δ⁺ = a_plus·w_max·x·(w_max − w)/(w_max − w_min): PyNN's is A_plus·x·(w_max − w), so scale.
  const span = rule.w_max - rule.w_min;
  const scale = rule.dependence === "additive" ? 1 : rule.w_max / span;
  const dep =
    rule.dependence === "additive" ? "AdditiveWeightDependence" : "MultiplicativeWeightDependence";
  return [
    "sim.STDPMechanism(",
    `${I1}${I1}timing_dependence=sim.SpikePairRule(tau_plus=${pyNum(toMs(rule.tau_plus))}, tau_minus=${pyNum(toMs(rule.tau_minus))}, A_plus=${pyNum(rule.a_plus * scale)}, A_minus=${pyNum(rule.a_minus * scale)}),`,
    `${I1}${I1}weight_dependence=sim.${dep}(w_min=${pyNum(toNa(rule.w_min))}, w_max=${pyNum(toNa(rule.w_max))}),`,
    `${I1}${I1}dendritic_delay_fraction=stdp_ddf)`,
  ].join("\n" + I1);
}

function emitProjection(
  network: Network,
  proj: Projection,
  built: PynnBuilt,
  data: DataArrays,
  out: string[],
): void {
  const b = built.projections.find((p) => p.id === proj.id);
  compilerAssert(b !== undefined, `projection '${proj.name}' was not instantiated`);
  const pre = network.populations[proj.pre.population];
  const post = network.populations[proj.post.population];
  compilerAssert(pre !== undefined && post !== undefined, "projection between unknown populations");
  const key = `p${proj.id}`;
  const dtMs = toMs(network.dt);
  data.add(`${key}.pre`, "<i4", b.pre);
  data.add(`${key}.post`, "<i4", b.post);
  data.add(`${key}.weight`, "<f8", scaled(b.weight, 1e9));
  const delays = new Float64Array(b.delaySteps.length);
  for (let i = 0; i < delays.length; i++) delays[i] = (b.delaySteps[i] ?? 1) * dtMs;
  data.add(`${key}.delay`, "<f8", delays);
  const receptor = proj.receptor === "exc" ? "excitatory" : "inhibitory";
  out.push(`${I1}# connect ${proj.name}: ${b.pre.length} synapses (snnc's drawn list)`);
  out.push(
    `${I1}projections.append(connect(sim, ${popVar(pre)}, ${popVar(post)}, data, ${pyStr(key)}, ${pyStr(proj.name)}, ${pyStr(receptor)},`,
  );
  out.push(`${I1}${I1}${synapseExpr(network, proj)}, opts, rank))`);
}

function emitGap(
  network: Network,
  gapIndex: number,
  built: PynnBuilt,
  data: DataArrays,
  out: string[],
): void {
  const gap = network.gaps[gapIndex];
  compilerAssert(gap !== undefined, "unknown gap junction");
  const b = built.gaps.find((g) => g.id === gap.id);
  compilerAssert(b !== undefined, "gap junction was not instantiated");
  const a = network.populations[gap.a.population];
  const bb = network.populations[gap.b.population];
  compilerAssert(a !== undefined && bb !== undefined, "gap between unknown populations");
  const key = `g${gap.id}`;
  const n = b.a.length;
  data.add(`${key}.pre`, "<i4", b.a);
  data.add(`${key}.post`, "<i4", b.b);
  data.add(`${key}.weight`, "<f8", scaled(b.g, toUs(1)));
  out.push(`${I1}# gap ${a.name} <-> ${bb.name}: ${n} pairs, conductance in uS`);
  out.push(
    `${I1}gaps.append(connect_gap(sim, ${popVar(a)}, ${popVar(bb)}, data, ${pyStr(key)}, ${pyStr(`${a.name}<->${bb.name}`)}, opts, rank))`,
  );
}

function emitStimulus(network: Network, stim: Stimulus, out: string[]): void {
  const pop = network.populations[stim.target.population];
  compilerAssert(pop !== undefined, "stimulus onto an unknown population");
  const g = currentGain(pop) * 1e9;
  const end = "opts.duration + DT_MS";
  const w = stim.wave;
  let src: string;
  switch (w.kind) {
    case "current":
      src = `sim.DCSource(amplitude=${pyNum(w.amplitude * g)}, start=0.0, stop=${end})`;
      break;
    case "step":
      src = `sim.DCSource(amplitude=${pyNum(w.amplitude * g)}, start=${pyNum(toMs(w.start))}, stop=${pyNum(toMs(w.stop))})`;
      break;
    case "sine":
      src = `sim.ACSource(amplitude=${pyNum(w.amplitude * g)}, offset=${pyNum(w.offset * g)}, frequency=${pyNum(w.frequency)}, phase=${pyNum((w.phase * 180) / Math.PI)}, start=0.0, stop=${end})`;
      break;
    case "noise":
      src = `sim.NoisyCurrentSource(mean=${pyNum(w.mean * g)}, stdev=${pyNum(w.sd * g)}, start=0.0, stop=${end}, dt=DT_MS)`;
      break;
    default: {
      const never: never = w;
      return never;
    }
  }
  const gainNote =
    pop.model.kind === "izhikevich" ? " (scaled by k_in to PyNN's Izhikevich gain)" : "";
  out.push(`${I1}# stimulus ${stim.name} = ${w.kind} -> ${pop.name}, nA${gainNote}`);
  out.push(`${I1}${src}.inject_into(${selectionExpr(network, stim.target)})`);
}

/** The state recordings: `{(population, variable): {index: every_steps}}` and sampling intervals. */
function emitStateRecordings(network: Network, out: string[]): string[] {
  const table = new Map<string, Map<number, number>>();
  const order: string[] = [];
  for (const rec of network.recordings) {
    if (rec.kind !== "state") continue;
    for (const t of rec.targets) {
      const key = `${t.population}:${rec.variable}`;
      if (!table.has(key)) {
        table.set(key, new Map());
        order.push(key);
      }
      const pop = network.populations[t.population];
      const m = table.get(key);
      if (pop === undefined || m === undefined) continue;
      for (const i of t.indices ?? [...Array(pop.size).keys()]) {
        const prev = m.get(i);
        m.set(i, prev === undefined ? rec.everySteps : gcd(prev, rec.everySteps));
      }
    }
  }
  const entries: string[] = [];
  for (const key of order) {
    const [p, variable] = key.split(":") as [string, string];
    const pop = network.populations[Number(p)];
    const m = table.get(key);
    if (pop === undefined || m === undefined) continue;
    const idx = [...m.keys()].sort((a, b) => a - b);
    const every = idx.reduce((g, i) => gcd(g, m.get(i) ?? 1), 0);
    const view =
      idx.length === pop.size ? popVar(pop) : `${popVar(pop)}[${wrapList(idx.map(String), 4)}]`;
    out.push(`${I1}${view}.record(${pyStr(variable)}, sampling_interval=${every} * DT_MS)`);
    const dict = idx.map((i) => `${i}: ${m.get(i) ?? 1}`);
    entries.push(`(${pyStr(pop.name)}, ${pyStr(variable)}): {${dict.join(", ")}}`);
  }
  return entries;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Emits `build(sim, data, opts, rank)` and the module-level recording tables. */
export function emitNetwork(network: Network, built: PynnBuilt): EmittedNetwork {
  const data = new DataArrays();
  const body: string[] = [];
  body.push("def build(sim, data, opts, rank):");
  body.push(`${I1}pops, projections, gaps = [], [], []`);
  body.push(
    `${I1}stdp_ddf = 1.0 if sim.num_processes() == 1 or opts.simulator != "neuron" else 0.0`,
  );
  if (network.projections.some((p) => p.plasticity !== null))
    body.push(
      `${I1}if stdp_ddf == 0.0:`,
      `${I1}${I1}warn(rank, "PyNN's NEURON backend runs STDP across processes only with axonal delays: STDP sees presynaptic spikes at emission, not arrival")`,
    );
  for (const pop of network.populations) emitPopulation(pop, built, data, body);
  for (const proj of network.projections) emitProjection(network, proj, built, data, body);
  network.gaps.forEach((_, k) => emitGap(network, k, built, data, body));
  for (const stim of network.stimuli) emitStimulus(network, stim, body);
  const stateEntries = emitStateRecordings(network, body);
  body.push(`${I1}return pops, projections`);

  const tables: string[] = [];
  const spikes = new Map<number, Set<number> | "all">();
  for (const rec of network.recordings) {
    if (rec.kind !== "spikes") continue;
    for (const t of rec.targets) {
      const prev = spikes.get(t.population);
      if (t.indices === null || prev === "all") spikes.set(t.population, "all");
      else spikes.set(t.population, new Set([...(prev ?? []), ...t.indices]));
    }
  }
  const spikeEntries = [...spikes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([p, s]) => {
      const name = pyStr(network.populations[p]?.name ?? "");
      return s === "all"
        ? `${name}: "all"`
        : `${name}: {${[...s].sort((a, b) => a - b).join(", ")}}`;
    });
  tables.push(`RECORD_SPIKES = {${spikeEntries.join(", ")}}`);
  tables.push(`RECORD_STATE = {${stateEntries.join(", ")}}`);
  const variables: string[] = [];
  for (const rec of network.recordings)
    if (rec.kind === "state" && !variables.includes(rec.variable)) variables.push(rec.variable);
  tables.push(
    `STATE_VARIABLES = [${variables.map((v) => `(${pyStr(v)}, ${pyStr(v.startsWith("i_") ? "nA" : "mV")})`).join(", ")}]`,
  );
  const weightRecs: string[] = [];
  const sampleSteps = new Set<number>();
  for (const rec of network.recordings) {
    if (rec.kind !== "weights") continue;
    for (const id of rec.projections) {
      const proj = network.projections[id];
      if (proj === undefined) continue;
      const pre = network.populations[proj.pre.population]?.name ?? "";
      const post = network.populations[proj.post.population]?.name ?? "";
      weightRecs.push(`(${id}, ${pyStr(proj.name)}, ${pyStr(pre)}, ${pyStr(post)})`);
    }
    for (let s = 0; s <= network.steps; s += rec.everySteps) sampleSteps.add(s);
  }
  tables.push(`WEIGHT_RECORDINGS = [${weightRecs.join(", ")}]`);
  tables.push(
    `WEIGHT_SAMPLE_STEPS = ${pyNumList(
      [...sampleSteps].sort((a, b) => a - b),
      0,
    )}`,
  );
  const members = network.populations
    .filter((p) => p.memberNames !== null)
    .map((p) => `${pyStr(p.name)}: ${wrapList((p.memberNames ?? []).map(pyStr), 4)}`);
  tables.push(`MEMBERS = {${members.join(", ")}}`);
  const gapNames = network.gaps.map((g) => {
    const a = network.populations[g.a.population]?.name ?? "";
    const b = network.populations[g.b.population]?.name ?? "";
    return pyStr(`${a} <-> ${b}`);
  });
  tables.push(`GAPS = [${gapNames.join(", ")}]`);
  return { lines: [...tables, "", "", ...body], data };
}
