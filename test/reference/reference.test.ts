/**
 * The optimised simulator (generated code) against the plain reference simulator, on many small
 * random networks: spikes, sampled state and weights must be identical, bit for bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { simulate } from "../../runtime/index.js";
import { referenceSimulate } from "./reference-sim.js";
import { stimuliArb, stimulusWave, type StimulusSpec } from "../helpers/random-stimuli.js";
import { compileFixture } from "../runtime/helpers.js";
import {
  NetBuilder,
  core,
  izh,
  lif,
  poisson,
  sel,
  spikeTimes,
  uniform,
} from "../runtime/ir-builder.js";

interface Spec {
  seed: number;
  pops: { kind: "lif" | "izh"; size: number; tauM: number; homeo: boolean }[];
  rate: number;
  times: number[];
  projs: {
    pre: number;
    post: number;
    rule: number;
    p: number;
    w: number;
    random: boolean;
    delay: number;
    hetero: boolean;
    stdp: number;
  }[];
  gaps: { a: number; b: number; g: number }[];
  stims: StimulusSpec[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  pops: fc.array(
    fc.record({
      kind: fc.constantFrom("lif" as const, "izh" as const),
      size: fc.integer({ min: 1, max: 6 }),
      tauM: fc.constantFrom(0.01, 0.02, 0.005),
      homeo: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  rate: fc.constantFrom(0, 50, 200),
  times: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
  projs: fc.array(
    fc.record({
      pre: fc.integer({ min: 0, max: 4 }),
      post: fc.integer({ min: 0, max: 2 }),
      rule: fc.integer({ min: 0, max: 2 }),
      p: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      w: fc.double({ min: -1, max: 2, noNaN: true }),
      random: fc.boolean(),
      delay: fc.integer({ min: 1, max: 4 }),
      hetero: fc.boolean(),
      stdp: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 5 },
  ),
  gaps: fc.array(
    fc.record({
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
      g: fc.double({ min: 0.1, max: 5, noNaN: true }),
    }),
    { maxLength: 2 },
  ),
  stims: stimuliArb,
});

/** Builds a network from a random spec (population indices wrap around what exists). */
function buildNetwork(s: Spec): Network {
  const b = new NetBuilder(1e-4, 0.03, s.seed);
  const h = b.homeostasis(5, 0.05, 0.5e-3);
  const neurons = s.pops.map((p, k) =>
    b.pop(
      `p${k}`,
      p.kind === "lif" ? lif({ tau_m: p.tauM, c_m: p.tauM / 100e6, tau_syn_inh: 0.01 }) : izh(),
      p.size,
      p.kind === "lif"
        ? {
            ...(p.homeo ? { homeostasis: h } : {}),
            // per-neuron time constant and threshold (PARAM[selection] = value in a file)
            ...(p.size > 2
              ? {
                  perNeuron: {
                    tau_m: {
                      kind: "values" as const,
                      values: Array.from({ length: p.size }, (_, i) => p.tauM * (1 + i / 10)),
                    },
                    v_th: {
                      kind: "values" as const,
                      values: Array.from({ length: p.size }, (_, i) => -0.05 - i * 1e-3),
                    },
                  },
                }
              : {}),
          }
        : {},
    ),
  );
  const src = b.pop("src", poisson(s.rate), 5);
  const st = b.pop("st", spikeTimes([s.times.map((t) => t * 1e-4), [2e-4, 9e-4]]), 2);
  const pres = [...neurons, src, st];
  const rules = [
    b.stdp({ w_max: 1.5e-9 }),
    b.stdp({ w_max: 1.5e-9, dependence: "multiplicative" }),
  ];
  for (const p of s.projs) {
    const pre = pres[p.pre % pres.length] as number;
    const post = neurons[p.post % neurons.length] as number;
    const w = p.w * 1e-9;
    const rule =
      p.rule === 0
        ? ({ kind: "all_to_all" } as const)
        : p.rule === 1
          ? ({ kind: "fixed_probability", p: p.p } as const)
          : ({ kind: "fixed_indegree", k: 1 } as const);
    const plastic = p.stdp > 0 && w > 0 ? rules[p.stdp - 1] : undefined;
    b.connect(pre, post, {
      rule,
      weight: p.random ? uniform(Math.min(0, w) * 0.5, Math.max(0, w)) : w,
      receptor: w >= 0 ? "exc" : "inh",
      delay: p.hetero ? uniform(1e-4, p.delay * 1e-4) : p.delay * 1e-4,
      allowSelf: true,
      ...(plastic !== undefined ? { plasticity: plastic } : {}),
    });
  }
  for (const g of s.gaps) {
    const a = neurons[g.a % neurons.length] as number;
    const c = neurons[g.b % neurons.length] as number;
    b.gap(a, c, g.g * 1e-9);
  }
  s.stims.forEach((st, k) => {
    b.stimulus(neurons[st.target % neurons.length] as number, stimulusWave(st), `stim${k}`);
  });
  b.recordSpikes(...neurons, src, st);
  b.recordState("v", 3, ...neurons);
  b.recordState("i_exc", 5, ...neurons);
  const plastic = b.projs.filter((p) => p.plasticity !== null).map((p) => p.id);
  if (plastic.length > 0) b.recordWeights(7, ...plastic);
  return b.build();
}

let neuronSpikes = 0;

function compare(net: Network): void {
  const fast = simulate(net);
  net.populations.forEach((p, k) => {
    if (p.model.kind !== "poisson" && p.model.kind !== "spike_times")
      neuronSpikes += fast.spikeCounts[k] ?? 0;
  });
  const ref = referenceSimulate(net);
  const spikes: [number, number, number][] = [];
  for (let k = 0; k < fast.spikes.length; k++)
    spikes.push([
      fast.spikes.step[k] ?? 0,
      fast.spikes.population[k] ?? 0,
      fast.spikes.index[k] ?? 0,
    ]);
  expect(spikes).toEqual(ref.spikes);
  expect(fast.spikeCounts).toEqual(ref.spikeCounts);
  const stateRecs = net.recordings.filter((r) => r.kind === "state");
  stateRecs.forEach((r, j) => {
    expect(Array.from(fast.state[j]?.values ?? [])).toEqual(ref.state.get(r.id) ?? []);
  });
  for (const wt of fast.weights) {
    const r = net.recordings.find((x) => x.kind === "weights");
    expect(Array.from(wt.values)).toEqual(ref.weights.get(`${r?.id}:${wt.projection}`) ?? []);
  }
}

describe("generated simulator = reference simulator", () => {
  it("on random small networks (lif, izhikevich, sources, delays, gaps, stdp, stimuli, homeostasis)", () => {
    fc.assert(
      fc.property(specArb, (s) => {
        compare(buildNetwork(s));
      }),
      { numRuns: 60, seed: 20261127 },
    );
    // The comparison means something only if the neurons fire.
    expect(neuronSpikes).toBeGreaterThan(200);
  });

  it("on a recurrent network that actually spikes a lot", () => {
    const b = new NetBuilder(1e-4, 0.05, 3);
    const e = b.pop("e", lif({ tau_m: 0.01, c_m: 1e-10 }), 20);
    const i = b.pop("i", izh(), 5);
    const src = b.pop("src", poisson(400), 10);
    const rule = b.stdp({ w_max: 2e-9 });
    b.connect(src, e, {
      rule: { kind: "fixed_probability", p: 0.5 },
      weight: uniform(0, 2e-9),
      plasticity: rule,
    });
    b.connect(e, e, {
      rule: { kind: "fixed_probability", p: 0.2 },
      weight: 0.3e-9,
      delay: uniform(1e-4, 5e-4),
    });
    b.connect(e, i, { weight: 0.5e-9, delay: 2e-4 });
    b.connect(i, e, { weight: -0.8e-9, receptor: "inh" });
    b.gap(e, sel(e, [0, 1, 2]), 1e-9);
    b.stimulus(i, { kind: "noise", mean: 5e-9, sd: 5e-9 }, "drive");
    b.recordSpikes(e, i, src);
    b.recordState("v", 1, e, i);
    b.recordState("u", 1, i);
    b.recordWeights(10, 0);
    const net = b.build();
    compare(net);
    expect(simulate(net).spikeCounts[0]).toBeGreaterThan(20);
  });

  it("on stdp traces read across short and long gaps (0.1 ms to 1.3 s)", () => {
    // pre and post spikes from one step to 13,000 steps apart, two rules with their own time
    // constants, one with a delay: every decayed trace must give the reference's bits
    const b = new NetBuilder(1e-4, 1.5, 11);
    const times = [
      [0.001, 0.0012, 0.9, 0.9003, 1.4],
      [0.0011, 0.25, 1.2, 1.2004],
      [0.5, 1.3],
    ];
    const pre = b.pop("pre", spikeTimes(times), 3);
    const post = b.pop(
      "post",
      spikeTimes([
        [0.0013, 0.9001, 1.35],
        [0.0004, 1.2002],
      ]),
      2,
    );
    const e = b.pop("e", lif({ tau_m: 0.01, c_m: 1e-10 }), 2);
    const add = b.stdp({ w_max: 1.5e-9, tau_plus: 0.02, tau_minus: 0.03 });
    const mul = b.stdp({ w_max: 1.5e-9, dependence: "multiplicative", tau_plus: 0.3 });
    b.connect(pre, e, { weight: 0.8e-9, plasticity: add });
    b.connect(pre, e, { weight: 0.6e-9, delay: 3e-4, plasticity: mul });
    b.connect(post, e, { weight: 3e-9 }); // makes e fire: the post side of the rules
    b.recordSpikes(e);
    b.recordWeights(500, 0, 1);
    const net = b.build();
    compare(net);
    const r = simulate(net);
    expect(r.spikeCounts[2]).toBeGreaterThan(4);
    // the weights moved, both rules
    for (const wt of r.weights) expect(new Set(wt.values).size).toBeGreaterThan(2);
  });

  it("on the NeuroCoreX core (recurrent accumulation, lost inputs, stdp_window)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.array(fc.integer({ min: -20, max: 40 }), { minLength: 9, maxLength: 9 }),
        (seed, ws) => {
          const b = new NetBuilder(1e-3, 0.06, seed);
          const win = b.window(3, 3, 1, 1);
          const src = b.pop("src", poisson(150), 3);
          const c = b.pop("c", core(10, 0.5, 0.002), 3);
          b.connect(src, c, { weight: 6, receptor: "exc", delay: 0 });
          for (let k = 0; k < 3; k++)
            b.connect(sel(c, [k]), sel(c, [(k + 1) % 3, (k + 2) % 3]), {
              rule: { kind: "one_to_one" },
              weight: ws[k] ?? 0,
              receptor: (ws[k] ?? 0) >= 0 ? "exc" : "inh",
              plasticity: win,
              allowSelf: true,
            });
          b.recordSpikes(c, src);
          b.recordState("v", 1, c);
          b.recordWeights(1, 1, 2, 3);
          compare(b.build());
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe("generated simulator = reference simulator, through the front end", () => {
  it("on a file that uses every feature (features.snn)", () => {
    const net = compileFixture("features.snn");
    compare(net);
    const r = simulate(net);
    for (const k of [1, 2, 3]) expect(r.spikeCounts[k]).toBeGreaterThan(0);
  });
});
