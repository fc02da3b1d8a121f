/**
 * The IR's invariant checker. The front end guarantees these for every network it returns; tests
 * run it after each compile (and `--verify-ir` in the CLI), so a backend can rely on them without
 * re-checking: ids index their arrays, selections are in bounds and duplicate-free, per-neuron
 * arrays match population sizes, explicit edges index their selections, numbers are finite.
 * A violation is a compiler bug, never a user error.
 */
import {
  IR_VERSION,
  type Network,
  type PerNeuronValue,
  type PopulationSelection,
} from "./types.js";
import { selectionSize } from "./synapse-count.js";

/** Every broken invariant as a sentence; empty when the network is well-formed. */
export function verifyNetwork(net: Network): string[] {
  const problems: string[] = [];
  const fail = (m: string): void => {
    problems.push(m);
  };
  if (net.irVersion !== IR_VERSION) fail(`irVersion ${String(net.irVersion)} is not ${IR_VERSION}`);
  if (!(net.dt > 0)) fail(`dt ${net.dt} is not positive`);
  if (!Number.isInteger(net.steps) || net.steps < 0)
    fail(`steps ${net.steps} is not a whole number`);
  else if (Math.abs(net.steps * net.dt - net.duration) > 1e-9 * Math.max(1, net.duration))
    fail(`steps * dt differs from duration`);
  if (!Number.isInteger(net.seed)) fail(`seed ${net.seed} is not an integer`);
  checkFinite(net, "network", fail);

  const ids = (what: string, xs: readonly { id: number }[]): void =>
    xs.forEach((x, i) => {
      if (x.id !== i) fail(`${what} at index ${i} has id ${x.id}`);
    });
  ids("population", net.populations);
  ids("projection", net.projections);
  ids("gap", net.gaps);
  ids("plasticity rule", net.plasticity);
  ids("stimulus", net.stimuli);
  ids("recording", net.recordings);

  const sizeOf = (s: PopulationSelection): number => selectionSize(s, net.populations);
  const sel = (what: string, s: PopulationSelection): void => {
    const pop = net.populations[s.population];
    if (pop === undefined) return fail(`${what}: population ${s.population} does not exist`);
    if (s.indices === null) return;
    if (s.indices.length === 0) fail(`${what}: empty selection`);
    const seen = new Set<number>();
    for (const i of s.indices) {
      if (!Number.isInteger(i) || i < 0 || i >= pop.size)
        fail(`${what}: index ${i} out of 0..${pop.size - 1}`);
      if (seen.has(i)) fail(`${what}: index ${i} twice`);
      seen.add(i);
    }
  };

  for (const p of net.populations) {
    const what = `population ${p.name}`;
    if (!Number.isInteger(p.size) || p.size <= 0) fail(`${what}: size ${p.size}`);
    if (p.memberNames !== null) {
      if (p.memberNames.length !== p.size)
        fail(`${what}: ${p.memberNames.length} names for ${p.size} neurons`);
      if (new Set(p.memberNames).size !== p.memberNames.length)
        fail(`${what}: repeated member name`);
    }
    const perNeuron = (k: string, v: PerNeuronValue): void => {
      if (v.kind === "values" && v.values.length !== p.size)
        fail(`${what}: ${k} has ${v.values.length} values`);
    };
    for (const [k, v] of Object.entries(p.perNeuron)) perNeuron(k, v);
    for (const [k, v] of Object.entries(p.init)) perNeuron(`init ${k}`, v);
    if (p.homeostasis !== null && net.plasticity[p.homeostasis]?.kind !== "homeostasis")
      fail(`${what}: homeostasis ${p.homeostasis} is not a homeostasis rule`);
    if (p.model.kind === "spike_times") {
      const times = p.model.params.times;
      if (times.length !== p.size) fail(`${what}: ${times.length} spike lists`);
      times.forEach((ts, i) => {
        for (let k = 0; k < ts.length; k++) {
          const t = ts[k] as number;
          if (t < 0 || t >= net.duration) fail(`${what}[${i}]: spike time ${t} outside the run`);
          if (k > 0 && !(t > (ts[k - 1] as number)))
            fail(`${what}[${i}]: spike times not increasing`);
        }
      });
    }
  }

  for (const j of net.projections) {
    const what = `projection ${j.name}`;
    sel(`${what} pre`, j.pre);
    sel(`${what} post`, j.post);
    if (j.plasticity !== null) {
      const rule = net.plasticity[j.plasticity];
      if (rule === undefined || rule.kind === "homeostasis")
        fail(`${what}: plasticity ${j.plasticity} is not a synaptic rule`);
    }
    const r = j.rule;
    if (r.kind === "one_to_one" && sizeOf(j.pre) !== sizeOf(j.post))
      fail(`${what}: one_to_one sizes differ`);
    if (r.kind === "fixed_probability" && !(r.p >= 0 && r.p <= 1)) fail(`${what}: p = ${r.p}`);
    if (
      (r.kind === "fixed_indegree" || r.kind === "fixed_outdegree") &&
      (!Number.isInteger(r.k) || r.k < 0)
    )
      fail(`${what}: k = ${r.k}`);
    if (r.kind === "explicit") {
      const n = r.pre.length;
      if (r.post.length !== n) fail(`${what}: ${n} pre and ${r.post.length} post indices`);
      for (const extra of [r.weights, r.delays, r.weightScale])
        if (extra !== undefined && extra.length !== n)
          fail(`${what}: per-edge array of length ${extra.length}, expected ${n}`);
      const np = sizeOf(j.pre);
      const nq = sizeOf(j.post);
      r.pre.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= np)
          fail(`${what}: edge pre index ${i} out of range`);
      });
      r.post.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= nq)
          fail(`${what}: edge post index ${i} out of range`);
      });
    }
  }

  for (const g of net.gaps) {
    const what = `gap ${g.id}`;
    sel(`${what} a`, g.a);
    sel(`${what} b`, g.b);
    if (g.rule.kind === "one_to_one" && sizeOf(g.a) !== sizeOf(g.b))
      fail(`${what}: one_to_one sizes differ`);
    if (g.rule.kind === "explicit") {
      const r = g.rule;
      if (r.a.length !== r.b.length) fail(`${what}: pair arrays differ in length`);
      if (r.conductanceScale !== undefined && r.conductanceScale.length !== r.a.length)
        fail(`${what}: conductanceScale length`);
      r.a.forEach((i) => {
        if (i < 0 || i >= sizeOf(g.a)) fail(`${what}: a index ${i} out of range`);
      });
      r.b.forEach((i) => {
        if (i < 0 || i >= sizeOf(g.b)) fail(`${what}: b index ${i} out of range`);
      });
    }
  }

  for (const s of net.stimuli) sel(`stimulus ${s.name}`, s.target);
  for (const r of net.recordings) {
    if (r.kind === "weights") {
      for (const p of r.projections)
        if (net.projections[p] === undefined) fail(`recording ${r.id}: projection ${p}`);
    } else r.targets.forEach((t) => sel(`recording ${r.id}`, t));
    if (r.kind !== "spikes" && (!Number.isInteger(r.everySteps) || r.everySteps < 1))
      fail(`recording ${r.id}: everySteps ${r.everySteps}`);
  }

  if (net.core !== null) {
    const seen = new Set<string>();
    for (const n of net.core.neurons) {
      const pop = net.populations[n.population];
      if (pop?.model.kind !== "neurocorex_lif")
        fail(`core neuron in a non-core population ${n.population}`);
      else if (n.index < 0 || n.index >= pop.size)
        fail(`core neuron index ${n.index} out of range`);
      const key = `${n.population}:${n.index}`;
      if (seen.has(key)) fail(`core neuron ${key} twice`);
      seen.add(key);
    }
    const coreCount = net.populations
      .filter((p) => p.model.kind === "neurocorex_lif")
      .reduce((a, p) => a + p.size, 0);
    if (coreCount !== net.core.neurons.length)
      fail(`core lists ${net.core.neurons.length} of ${coreCount} core neurons`);
    for (const n of net.core.inputs) {
      const kind = net.populations[n.population]?.model.kind;
      if (kind !== "poisson" && kind !== "spike_times")
        fail(`core input from a non-source population ${n.population}`);
    }
  }
  return problems;
}

function checkFinite(value: unknown, path: string, fail: (m: string) => void): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(`${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkFinite(v, `${path}[${i}]`, fail));
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      checkFinite(v, `${path}.${k}`, fail);
  }
}
