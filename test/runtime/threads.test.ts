/**
 * A network's step split between two threads (runtime/parallel.ts) gives the spikes of one
 * thread, bit for bit: on random partitionable networks, on CUBA, and when a run fails.
 */
import { availableParallelism } from "node:os";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { simulate } from "../../runtime/index.js";
import { planNetwork } from "../../runtime/codegen/index.js";
import { runPartitioned } from "../../runtime/parallel.js";
import type { RunResult } from "../../runtime/results.js";
import { stimuliArb, stimulusWave, type StimulusSpec } from "../helpers/random-stimuli.js";
import { referenceSimulate } from "../reference/reference-sim.js";
import { cubaNetwork } from "./cuba.js";
import { NetBuilder, izh, lif, poisson, sel, spikeTimes, uniform } from "./ir-builder.js";

function spikeRows(r: RunResult): [number, number, number][] {
  const rows: [number, number, number][] = [];
  for (let k = 0; k < r.spikes.length; k++)
    rows.push([r.spikes.step[k] ?? 0, r.spikes.population[k] ?? 0, r.spikes.index[k] ?? 0]);
  return rows;
}

interface Spec {
  seed: number;
  pops: { kind: "lif" | "izh"; size: number }[];
  rate: number;
  projs: { pre: number; post: number; rule: number; p: number; w: number; random: boolean }[];
  delays: number[];
  stims: StimulusSpec[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  pops: fc.array(
    fc.record({
      kind: fc.constantFrom("lif" as const, "izh" as const),
      size: fc.integer({ min: 1, max: 40 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  rate: fc.constantFrom(50, 400),
  projs: fc.array(
    fc.record({
      pre: fc.integer({ min: 0, max: 4 }),
      post: fc.integer({ min: 0, max: 2 }),
      rule: fc.integer({ min: 0, max: 2 }),
      p: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      w: fc.double({ min: -1, max: 2, noNaN: true }),
      random: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  delays: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
  stims: stimuliArb,
});

/** A random network the two-thread step accepts: static one-delay projections, spikes only. */
function buildNetwork(s: Spec): Network {
  const b = new NetBuilder(1e-4, 0.03, s.seed);
  const neurons = s.pops.map((p, k) =>
    b.pop(`p${k}`, p.kind === "lif" ? lif({ tau_m: 0.01, c_m: 1e-10 }) : izh(), p.size, {
      init: { v: { kind: "draw", expr: uniform(-0.065, -0.05) } },
    }),
  );
  const src = b.pop("src", poisson(s.rate), 10);
  const st = b.pop("st", spikeTimes([[1e-4, 5e-4, 2e-3], [9e-4]]), 2);
  const pres = [...neurons, src, st];
  s.projs.forEach((p, k) => {
    const w = p.w * 1e-9;
    const postPop = neurons[p.post % neurons.length] as number;
    const size = s.pops[p.post % neurons.length]?.size ?? 1;
    // every third projection onto a selection: the split then falls inside or outside it
    const post = k % 3 === 2 ? sel(postPop, [size - 1, 0]) : postPop;
    b.connect(pres[p.pre % pres.length] as number, post, {
      rule:
        p.rule === 0
          ? { kind: "all_to_all" }
          : p.rule === 1
            ? { kind: "fixed_probability", p: p.p }
            : { kind: "fixed_indegree", k: 2 },
      // random weights reach a little past zero: the wrong-sign draws are zeroed with a warning
      weight: p.random ? (w >= 0 ? uniform(-0.3 * w, w) : uniform(w, -0.3 * w)) : w,
      receptor: w >= 0 ? "exc" : "inh",
      delay: (s.delays[k] ?? 1) * 1e-4,
      allowSelf: true,
    });
  });
  for (const x of s.stims)
    b.stimulus(neurons[x.target % neurons.length] as number, stimulusWave(x));
  b.recordSpikes(...neurons, src, st);
  return b.build();
}

describe("two threads = one thread", () => {
  it("on random partitionable networks (lif, izhikevich, sources, delays, stimuli, selections)", () => {
    let spikes = 0;
    let warned = 0;
    fc.assert(
      fc.property(specArb, (s) => {
        const net = buildNetwork(s);
        expect(planNetwork(net).partitionable).toBe(true);
        const one = simulate(net, { threads: 1 });
        const two = simulate(net, { threads: 2 });
        expect(one.timing?.threads).toBe(1);
        expect(two.timing?.threads).toBe(2);
        expect(spikeRows(two)).toEqual(spikeRows(one));
        expect(two.spikeCounts).toEqual(one.spikeCounts);
        // build warnings (wrong-sign draws) of projections the worker drew are reported too
        expect(two.diagnostics ?? []).toEqual(one.diagnostics ?? []);
        warned += one.diagnostics?.length ?? 0;
        // and both are the reference simulator's
        expect(spikeRows(one)).toEqual(referenceSimulate(net).spikes);
        spikes += one.spikes.length;
      }),
      { numRuns: 25, seed: 20261128 },
    );
    expect(spikes).toBeGreaterThan(1000);
    expect(warned).toBeGreaterThan(0);
  });

  it("when the split moves during the run (balancing), even to one side entirely", () => {
    const net = cubaNetwork(3000, 0.1, 11);
    const one = simulate(net, { threads: 1 });
    expect(one.spikes.length).toBeGreaterThan(500);
    for (const shares of [
      [0.2, 0.9, 0.5, 0, 1, 0.37],
      [1, 0],
    ]) {
      const run = runPartitioned(net, planNetwork(net), undefined, {
        every: 7,
        shares,
      });
      expect(run).not.toBeNull();
      if (run === null) continue;
      const r = run.result;
      const rows: [number, number, number][] = [];
      for (let k = 0; k < r.spikes.length; k++)
        rows.push([r.spikes.step[k] ?? 0, r.spikes.population[k] ?? 0, r.spikes.index[k] ?? 0]);
      expect(rows).toEqual(spikeRows(one));
    }
  });

  it("on CUBA (SPEC 9.2) with 40,000 neurons, which one thread steps unless asked (SIMD kernels)", () => {
    const net = cubaNetwork(40000, 0.05, 7);
    const auto = simulate(net);
    const two = simulate(net, { threads: 2 });
    expect(auto.timing?.threads).toBe(1);
    expect(two.timing?.threads).toBe(availableParallelism() >= 2 ? 2 : 1);
    expect(auto.spikes.length).toBeGreaterThan(1000);
    expect(spikeRows(two)).toEqual(spikeRows(auto));
  });

  it("by default for a large network without SIMD kernels (parameters per neuron), on 2+ CPUs", () => {
    const b = new NetBuilder(1e-4, 0.01, 3);
    const src = b.pop("src", poisson(500), 100);
    const d = Array.from({ length: 40000 }, (_, i) => 0.006 + (i % 5) * 1e-3);
    const e = b.pop("e", izh(), 40000, { perNeuron: { d: { kind: "values", values: d } } });
    b.connect(src, e, { rule: { kind: "fixed_indegree", k: 2 }, weight: 20e-9 });
    b.recordSpikes(e);
    const net = b.build();
    const auto = simulate(net);
    expect(auto.timing?.threads).toBe(availableParallelism() >= 2 ? 2 : 1);
    expect(auto.spikes.length).toBeGreaterThan(1000);
    expect(spikeRows(auto)).toEqual(spikeRows(simulate(net, { threads: 1 })));
  });

  it("keeps one thread for networks the split does not cover (stdp, gap junctions, state recordings)", () => {
    const b = new NetBuilder(1e-4, 0.01);
    const a = b.pop("a", lif(), 10);
    const d = b.pop("d", lif(), 10);
    b.connect(a, d, { weight: 1e-9, plasticity: b.stdp() });
    b.recordSpikes(a, d);
    expect(simulate(b.build(), { threads: 2 }).timing?.threads).toBe(1);
    const g = new NetBuilder(1e-4, 0.01);
    const x = g.pop("x", lif(), 10);
    g.gap(x, x, 1e-9);
    g.recordSpikes(x);
    expect(simulate(g.build(), { threads: 2 }).timing?.threads).toBe(1);
    const r = new NetBuilder(1e-4, 0.01);
    const y = r.pop("y", lif(), 10);
    r.recordState("v", 1, y);
    expect(simulate(r.build(), { threads: 2 }).timing?.threads).toBe(1);
  });

  it("reports a NaN in the second thread's half exactly as one thread does", () => {
    const b = new NetBuilder(1e-4, 0.1);
    const src = b.pop("src", spikeTimes([[0.0123]]), 1);
    const e = b.pop("e", lif(), 4);
    // only neuron 3, in the second half, receives the overflowing input
    b.connect(src, sel(e, [3]), { weight: 1e308 });
    b.connect(src, sel(e, [3]), { weight: -1e308, receptor: "inh" });
    b.recordSpikes(e);
    const net = b.build();
    const one = simulate(net, { threads: 1 });
    const two = simulate(net, { threads: 2 });
    const message = (r: RunResult) =>
      r.diagnostics?.find((x) => x.code === "non-finite-state")?.message;
    expect(message(one)).toBe(
      "The state of 'e'[3] became NaN (variable 'v') at 12.5 ms; the run stopped there",
    );
    expect(message(two)).toBe(message(one));
    expect(two.steps).toBe(one.steps);
  });
});
