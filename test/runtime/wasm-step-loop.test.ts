/**
 * The WebAssembly step loop (runtime/codegen/wasm/step-loop.ts): where every part of a step has
 * a WebAssembly twin, run() steps in WebAssembly calls and empties their spike buffer after
 * each. Against the JS code: the same spike table, spike counts, state and weights, to the bit,
 * on random networks of lif and izhikevich populations (static and stdp projections, delays,
 * populations recorded or not, spike sources run ahead of each call, state and weights sampled
 * between calls), after steps taken one by one first, with progress reported
 * at the same steps; steps whose spikes overflow the buffer; stdp traces older than the decay
 * table (wasm/stdp.ts), which take Math.exp itself; a run that goes non-finite between scans.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { loadSimulator } from "../../runtime/codegen/index.js";
import { NetBuilder, izh, lif, poisson, spikeTimes, uniform } from "./ir-builder.js";

interface Spec {
  seed: number;
  pops: { izh: boolean; size: number; bias: number; recorded: boolean }[];
  projs: { pre: number; post: number; p: number; w: number; delay: number; stdp: 0 | 1 | 2 }[];
  stepsFirst: number;
  /** Spike sources (poisson, spike_times) as presynaptic populations, recorded or not. */
  sources: "none" | "unrecorded" | "recorded";
  /** Record v every `samples` steps and the plastic weights every `samples + 6`, or not (0). */
  samples: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  pops: fc.array(
    fc.record({
      izh: fc.boolean(),
      size: fc.integer({ min: 1, max: 40 }),
      bias: fc.constantFrom(0.21e-9, 0.25e-9, 0.4e-9),
      recorded: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  projs: fc.array(
    fc.record({
      pre: fc.integer({ min: 0, max: 5 }),
      post: fc.integer({ min: 0, max: 3 }),
      p: fc.double({ min: 0.1, max: 0.8, noNaN: true }),
      w: fc.double({ min: -2, max: 2, noNaN: true }),
      delay: fc.integer({ min: 1, max: 4 }),
      stdp: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    }),
    { maxLength: 6 },
  ),
  stepsFirst: fc.integer({ min: 0, max: 300 }),
  sources: fc.constantFrom<Spec["sources"]>("none", "unrecorded", "recorded"),
  samples: fc.constantFrom(0, 0, 1, 7, 300),
});

function buildNetwork(s: Spec, duration = 0.25): Network {
  const b = new NetBuilder(1e-4, duration, s.seed);
  const rules = [
    b.stdp({ w_max: 2e-9, a_plus: 0.05, a_minus: 0.06 }),
    b.stdp({ w_min: 0.1e-9, w_max: 2e-9, dependence: "multiplicative", tau_minus: 0.03 }),
  ];
  const pops = s.pops.map((p, k) =>
    p.izh
      ? b.pop(`p${k}`, izh({ i_bias: p.bias * 25 }), p.size, {
          init: { v: { kind: "draw", expr: uniform(-0.07, -0.05) } },
        })
      : b.pop(`p${k}`, lif({ i_bias: p.bias, tau_m: 0.02 }), p.size, {
          init: { v: { kind: "draw", expr: uniform(-0.07, -0.05) } },
        }),
  );
  const sources =
    s.sources === "none"
      ? []
      : [
          b.pop("src", poisson(400), 6),
          b.pop("times", spikeTimes([[0.001, 0.0101, 0.05], [0.0012, 0.2], [0.03]]), 3),
        ];
  const pres = [...pops, ...sources];
  const plastic: number[] = [];
  for (const p of s.projs) {
    const w = p.w * 1e-9;
    const rule = w > 0 && p.stdp > 0 ? rules[p.stdp - 1] : undefined;
    if (rule !== undefined) plastic.push(b.projs.length);
    b.connect(pres[p.pre % pres.length] as number, pops[p.post % pops.length] as number, {
      rule: { kind: "fixed_probability", p: p.p },
      weight: Math.abs(w) < 1e-12 ? 1e-12 : rule === undefined ? w : Math.min(w, 2e-9),
      receptor: w >= 0 ? "exc" : "inh",
      delay: p.delay * 1e-4,
      ...(rule === undefined ? {} : { plasticity: rule }),
    });
  }
  const recorded = pops.filter((_, k) => s.pops[k]?.recorded === true);
  if (s.sources === "recorded") recorded.push(...sources);
  if (recorded.length > 0) b.recordSpikes(...recorded);
  if (s.samples > 0) {
    b.recordState("v", s.samples, ...pops);
    if (plastic.length > 0) b.recordWeights(s.samples + 6, ...plastic);
  }
  return b.build();
}

const base64 = (a: Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

/** A run: `stepsFirst` steps one by one, then run(); its table, counts, state, as bytes. */
function run(net: Network, simd: boolean, stepsFirst = 0) {
  const loaded = loadSimulator(net, { injectable: false, simd });
  const sim = loaded.createNetwork();
  for (let k = 0; k < stepsFirst; k++) sim.step();
  const progress: number[] = [];
  const r = sim.run((step) => progress.push(step));
  const bytes = (a: Float64Array) =>
    Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    source: loaded.source,
    spikes: Array.from(r.spikes.step, (t, k) => [t, r.spikes.population[k], r.spikes.index[k]]),
    counts: r.spikeCounts,
    steps: r.steps,
    progress,
    // as base64 of their bytes: a string compares fast (every step of v is 3 MB of samples)
    samples: r.state.map((x) => base64(x.values)),
    weights: r.weights.map((x) => base64(x.values)),
    state: net.populations
      .filter((p) => p.model.kind === "lif" || p.model.kind === "izhikevich")
      .map((p) =>
        (p.model.kind === "lif" ? ["v", "i_exc", "i_inh"] : ["v", "u", "i_exc", "i_inh"]).map((v) =>
          bytes(sim.state(p.name, v)),
        ),
      ),
  };
}

describe("the WebAssembly step loop", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("gives the JS step's spikes, counts, state and progress reports, to the bit, on random networks", () => {
    let spikes = 0;
    let sourceSpikes = 0;
    let sampled = 0;
    let weighed = 0;
    let unrecordedCounts = 0;
    fc.assert(
      fc.property(specArb, (s) => {
        const net = buildNetwork(s);
        const js = run(net, false, s.stepsFirst);
        const wasm = run(net, true, s.stepsFirst);
        expect(wasm.source).toMatch(/WRUN\(n, count\)/);
        expect(js.source).not.toMatch(/WRUN/);
        expect(wasm.spikes).toEqual(js.spikes);
        expect(wasm.counts).toEqual(js.counts);
        expect(wasm.state).toEqual(js.state);
        expect(wasm.progress).toEqual(js.progress);
        expect(wasm.samples).toEqual(js.samples);
        expect(wasm.weights).toEqual(js.weights);
        sampled += js.samples.reduce((sum, x) => sum + (x.length * 3) / 4, 0);
        weighed += js.weights.reduce((sum, x) => sum + (x.length * 3) / 4, 0);
        expect(wasm.steps).toBe(net.steps);
        spikes += js.spikes.length;
        const sourceIds = net.populations.filter((p) => p.name === "src" || p.name === "times");
        sourceSpikes += js.spikes.filter(([, k]) => sourceIds.some((p) => p.id === k)).length;
        unrecordedCounts += js.counts.filter((c, k) => c > 0 && !s.pops[k]?.recorded).length;
      }),
      { numRuns: 40, seed: 20261128 },
    );
    // the runs spiked, and counted the spikes of populations that are not recorded
    expect(spikes).toBeGreaterThan(8000);
    expect(sourceSpikes).toBeGreaterThan(1000);
    // bytes of state and weight samples compared
    expect(sampled).toBeGreaterThan(100000);
    expect(weighed).toBeGreaterThan(100000);
    expect(unrecordedCounts).toBeGreaterThan(10);
  });

  it("records a step whose spikes overflow its buffer (65,536 entries) from the history ring", () => {
    const b = new NetBuilder(1e-4, 0.02, 3);
    // every neuron fires at step 1, together (its bias crosses threshold in one step)
    const at = (n: number) => ({ v: { kind: "values" as const, values: Array(n).fill(-0.0501) } });
    const a = b.pop("a", lif({ i_bias: 5e-9, t_ref: 0.005 }), 50000, { init: at(50000) });
    const c = b.pop("c", lif({ i_bias: 5e-9, t_ref: 0.004 }), 30000, { init: at(30000) });
    b.recordSpikes(a, c);
    const net = b.build();
    const js = run(net, false);
    const wasm = run(net, true);
    expect(wasm.source).toMatch(/WRUN/);
    const firstStep = js.spikes.filter(([t]) => t === 1).length;
    expect(firstStep).toBe(80000);
    expect(wasm.spikes.length).toBe(js.spikes.length);
    expect(wasm.spikes).toEqual(js.spikes);
    expect(wasm.counts).toEqual(js.counts);
    expect(wasm.state).toEqual(js.state);
  });

  it("decays stdp traces older than the decay table with Math.exp, as the JS code does", () => {
    // neurons just above rheobase fire every 0.4-0.6 s: traces 4,000-6,000 steps old
    const b = new NetBuilder(1e-4, 2, 5);
    // v_th δ below the bias's asymptote (20.004 mV above rest): a period of τ_m·ln(20 mV / δ),
    // 0.42-0.58 s for δ of 0.2-4.6 µV
    const vth = Array.from({ length: 12 }, (_, i) => -0.07 + 0.020004 - 2e-7 * (1 + 2 * i));
    const slow = lif({ tau_m: 0.05, i_bias: 0.20004e-9, t_ref: 0.002 });
    const a = b.pop("a", slow, 12, { perNeuron: { v_th: { kind: "values", values: vth } } });
    // each c neuron fires once on its a neuron's spike, so both see traces of that age
    const c = b.pop("c", lif({ tau_m: 0.01 }), 12);
    const rule = b.stdp({ w_max: 2e-9, a_plus: 0.3, a_minus: 0.3 });
    const mult = b.stdp({ w_max: 1e-9, dependence: "multiplicative", a_plus: 0.3 });
    const oneToOne = { kind: "one_to_one" as const };
    b.connect(a, c, { rule: oneToOne, weight: 1.5e-9, plasticity: rule });
    b.connect(c, a, { rule: oneToOne, weight: 0.2e-9, plasticity: mult, delay: 3e-4 });
    b.recordSpikes(a, c);
    const net = b.build();
    const js = run(net, false);
    const wasm = run(net, true);
    expect(wasm.source).toMatch(/WRUN/);
    // intervals between a neuron's spikes longer than the table (4,096 steps)
    const last = new Map<string, number>();
    let long = 0;
    for (const [t, k, i] of js.spikes) {
      const key = `${k}:${i}`;
      const before = last.get(key);
      if (before !== undefined && (t ?? 0) - before > 4096) long++;
      last.set(key, t ?? 0);
    }
    expect(long).toBeGreaterThan(10);
    expect(wasm.spikes).toEqual(js.spikes);
    expect(wasm.state).toEqual(js.state);
  });

  it("stops a run whose state becomes NaN at the step the JS code names, between scans", () => {
    const b = new NetBuilder(1e-4, 0.1);
    // a's two neurons fire together (on its bias alone); b's i_exc gets 2 × 1e308: infinite
    const a = b.pop("a", lif({ i_bias: 0.3e-9 }), 2);
    const c = b.pop("b", lif(), 3);
    b.connect(a, c, { weight: 1e308 });
    b.connect(a, c, { weight: -1e308, receptor: "inh" });
    b.recordSpikes(a, c);
    const net = b.build();
    const failureOf = (simd: boolean) => {
      const loaded = loadSimulator(net, { injectable: false, simd });
      const r = loaded.createNetwork().run();
      return { source: loaded.source, failure: r.failure, steps: r.steps, spikes: r.spikes.length };
    };
    const js = failureOf(false);
    const wasm = failureOf(true);
    expect(wasm.source).toMatch(/WRUN/);
    expect(js.failure).toMatchObject({ population: 1, variable: "i_exc", value: "Infinity" });
    // not a multiple of 128: found by the scan, then located by the replay, step by step
    expect((js.failure?.step ?? 0) % 128).not.toBe(0);
    expect(wasm.failure).toEqual(js.failure);
    expect(wasm.steps).toBe(js.steps);
    expect(wasm.spikes).toBe(js.spikes);
  });

  it("takes currents set and spikes forced from run()'s progress reports in a built module", () => {
    const s: Spec = {
      seed: 11,
      pops: [
        { izh: false, size: 20, bias: 0.21e-9, recorded: true },
        { izh: true, size: 9, bias: 0.25e-9, recorded: true },
      ],
      projs: [
        { pre: 0, post: 1, p: 0.5, w: 1, delay: 2, stdp: 2 },
        { pre: 2, post: 0, p: 0.5, w: 0.5, delay: 1, stdp: 1 },
      ],
      stepsFirst: 0,
      sources: "recorded",
      samples: 0,
    };
    const net = buildNetwork(s, 0.6);
    // the module API of `snnc build`: at each report, a current set and a spike forced
    const drive = (simd: boolean) => {
      const loaded = loadSimulator(net, { injectable: true, simd });
      const sim = loaded.createNetwork();
      const r = sim.run((step) => {
        sim.setCurrent?.("p0", step % 20, (step % 3000) * 1e-13);
        sim.injectSpike?.("p1", (step / 1000) % 9);
        sim.injectSpike?.("src", 2);
      });
      return {
        source: loaded.source,
        spikes: Array.from(r.spikes.step, (t, k) => [t, r.spikes.population[k], r.spikes.index[k]]),
        v: base64(sim.state("p0", "v")),
      };
    };
    const js = drive(false);
    const wasm = drive(true);
    expect(wasm.source).toMatch(/WRUN\(n, count\)/);
    // the forced spikes are in the table, at the step after each report
    for (const step of [1001, 2001, 3001, 4001, 5001])
      expect(js.spikes).toContainEqual([step, 1, ((step - 1) / 1000) % 9]);
    expect(wasm.spikes).toEqual(js.spikes);
    expect(wasm.v).toBe(js.v);
  });

  it("leaves the steps to the JS code where there is no WebAssembly, with the same result", () => {
    const s: Spec = {
      seed: 8,
      pops: [
        { izh: false, size: 30, bias: 0.25e-9, recorded: true },
        { izh: true, size: 20, bias: 0.4e-9, recorded: true },
      ],
      projs: [
        { pre: 0, post: 1, p: 0.5, w: 1, delay: 2, stdp: 1 },
        { pre: 1, post: 0, p: 0.5, w: -0.1, delay: 1, stdp: 0 },
      ],
      stepsFirst: 0,
      sources: "recorded",
      samples: 5,
    };
    const net = buildNetwork(s);
    const wasm = run(net, true);
    vi.stubGlobal("WebAssembly", undefined);
    const without = run(net, true);
    expect(without.spikes.length).toBeGreaterThan(100);
    expect(without.spikes).toEqual(wasm.spikes);
    expect(without.counts).toEqual(wasm.counts);
    expect(without.state).toEqual(wasm.state);
  });
});
