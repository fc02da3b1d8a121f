/**
 * The WebAssembly part of the JS backend (runtime/codegen/emit-simd.ts), the SIMD kernels of
 * lif and izhikevich populations and the arrivals of one-delay projections (static or with
 * stdp, additive or multiplicative, and its postsynaptic side), against the JS code it stands
 * in for: the same spikes, state and weights, to the bit, on random networks that reach every
 * branch of the kernel (sizes that leave 1-3 lanes of padding, refractory and not, thresholds
 * per neuron and adapted by homeostasis, bias, stimuli, gap currents, currents and spikes forced
 * through the module API) and of the arrivals (one weight or one per synapse, delays, sources of
 * every kind, weights that reach both bounds); and the JS code where there is no WebAssembly.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { loadSimulator } from "../../runtime/codegen/index.js";
import { s32, u32 } from "../../runtime/codegen/wasm/encode.js";
import { stimuliArb, stimulusWave, type StimulusSpec } from "../helpers/random-stimuli.js";
import { NetBuilder, izh, lif, poisson, spikeTimes, uniform } from "./ir-builder.js";

interface Spec {
  seed: number;
  pops: {
    izh: boolean;
    size: number;
    bias: number;
    tRef: number;
    homeo: boolean;
    perVth: boolean;
  }[];
  projs: {
    pre: number;
    post: number;
    p: number;
    w: number;
    delay: number;
    random: boolean;
    stdp: boolean;
    multiplicative: boolean;
  }[];
  gap: boolean;
  stims: StimulusSpec[];
  forced: { step: number; pop: number; index: number; current: number }[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  pops: fc.array(
    fc.record({
      izh: fc.boolean(),
      size: fc.integer({ min: 1, max: 13 }),
      bias: fc.constantFrom(0, 0.1e-9, 0.3e-9),
      tRef: fc.constantFrom(0, 1e-4, 2e-3),
      homeo: fc.boolean(),
      perVth: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  projs: fc.array(
    fc.record({
      pre: fc.integer({ min: 0, max: 4 }),
      post: fc.integer({ min: 0, max: 2 }),
      p: fc.double({ min: 0.2, max: 0.9, noNaN: true }),
      w: fc.double({ min: -1.5, max: 3, noNaN: true }),
      delay: fc.integer({ min: 1, max: 3 }),
      random: fc.boolean(),
      stdp: fc.boolean(),
      multiplicative: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  gap: fc.boolean(),
  stims: stimuliArb,
  forced: fc.array(
    fc.record({
      step: fc.integer({ min: 0, max: 299 }),
      pop: fc.integer({ min: 0, max: 2 }),
      index: fc.integer({ min: 0, max: 12 }),
      current: fc.double({ min: -0.5, max: 1, noNaN: true }),
    }),
    { maxLength: 6 },
  ),
});

function buildNetwork(s: Spec): Network {
  const b = new NetBuilder(1e-4, 0.03, s.seed);
  const h = b.homeostasis(5, 0.05, 0.5e-3);
  const neurons = s.pops.map((p, k) =>
    p.izh
      ? b.pop(`p${k}`, izh({ i_bias: p.bias * 30 }), p.size, {
          init: { v: { kind: "draw", expr: uniform(-0.07, -0.05) } },
        })
      : b.pop(`p${k}`, lif({ i_bias: p.bias, t_ref: p.tRef, tau_m: 0.01, c_m: 1e-10 }), p.size, {
          init: { v: { kind: "draw", expr: uniform(-0.07, -0.05) } },
          ...(p.homeo ? { homeostasis: h } : {}),
          ...(p.perVth
            ? {
                perNeuron: {
                  v_th: {
                    kind: "values" as const,
                    values: Array.from({ length: p.size }, (_, i) => -0.052 + (i % 3) * 2e-3),
                  },
                },
              }
            : {}),
        }),
  );
  const src = b.pop("src", poisson(300), 8);
  const times = b.pop("times", spikeTimes([[1e-3, 2e-3, 2.5e-3], [1.5e-3]]), 2);
  const pres = [...neurons, src, times];
  // traces that last a few steps, and steps large enough to reach both weight bounds
  const rules = {
    additive: b.stdp({ w_max: 3e-9, tau_plus: 2e-3, a_plus: 0.2, a_minus: 0.25 }),
    multiplicative: b.stdp({ w_min: 0.2e-9, w_max: 3e-9, dependence: "multiplicative" }),
  };
  const plasticIds: number[] = [];
  for (const p of s.projs) {
    const w = p.w * 1e-9;
    const plastic = p.stdp && w > 0;
    const rule = p.multiplicative ? rules.multiplicative : rules.additive;
    const id = b.connect(
      pres[p.pre % pres.length] as number,
      neurons[p.post % neurons.length] as number,
      {
        rule: { kind: "fixed_probability", p: p.p },
        weight: p.random ? uniform(Math.min(0, w), Math.max(0, w)) : w,
        receptor: w >= 0 ? "exc" : "inh",
        delay: p.delay * 1e-4,
        allowSelf: true,
        ...(plastic ? { plasticity: rule } : {}),
      },
    );
    if (plastic) plasticIds.push(id);
  }
  if (plasticIds.length > 0) b.recordWeights(3, ...plasticIds);
  b.connect(src, neurons[0] as number, { weight: 2e-9 });
  if (s.gap) b.gap(neurons[0] as number, neurons[neurons.length - 1] as number, 2e-9);
  s.stims.forEach((st, k) => {
    b.stimulus(neurons[st.target % neurons.length] as number, stimulusWave(st), `stim${k}`);
  });
  b.recordSpikes(...neurons);
  return b.build();
}

/**
 * Spikes, final state and recorded weights of a run, state and weights as bytes (so -0 and NaN
 * payloads count too).
 */
function run(net: Network, simd: boolean, injectable: boolean, forced: Spec["forced"] = []) {
  const loaded = loadSimulator(net, { injectable, simd });
  const sim = loaded.createNetwork();
  const { setCurrent, injectSpike } = sim;
  if (injectable && (setCurrent === undefined || injectSpike === undefined))
    throw new Error("an injectable simulator without setCurrent or injectSpike");
  const neurons = net.populations.filter(
    (p) => p.model.kind === "lif" || p.model.kind === "izhikevich",
  );
  while (sim.time < net.steps) {
    for (const f of forced) {
      if (f.step !== sim.time) continue;
      const pop = neurons[f.pop % neurons.length];
      if (pop === undefined) continue;
      setCurrent?.call(sim, pop.name, f.index % pop.size, f.current * 1e-9);
      injectSpike?.call(sim, pop.name, (f.index + 1) % pop.size);
    }
    sim.step();
  }
  const r = sim.result();
  const bytes = (a: Float64Array) =>
    Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    source: loaded.source,
    spikes: Array.from(r.spikes.step, (t, k) => [t, r.spikes.population[k], r.spikes.index[k]]),
    state: neurons.map((p) =>
      (p.model.kind === "lif" ? ["v", "i_exc", "i_inh"] : ["v", "u", "i_exc", "i_inh"]).map((v) =>
        bytes(sim.state(p.name, v)),
      ),
    ),
    weights: r.weights.map((w) => bytes(w.values)),
    weightTraces: r.weights.map((w) => ({
      projection: w.projection,
      synapses: w.post.length,
      values: Array.from(w.values),
    })),
  };
}

/** Counts the recorded weights' moves between snapshots, and those that sit on a bound. */
function countChanges(net: Network, traces: ReturnType<typeof run>["weightTraces"]): void {
  for (const t of traces) {
    const proj = net.projections[t.projection];
    const rule = proj?.plasticity == null ? undefined : net.plasticity[proj.plasticity];
    if (rule === undefined || rule.kind !== "stdp") throw new Error("not an stdp projection");
    for (let k = t.synapses; k < t.values.length; k++) {
      const [now, before] = [t.values[k] ?? 0, t.values[k - t.synapses] ?? 0];
      if (now > before) plasticChanges.up++;
      if (now < before) plasticChanges.down++;
      if (now !== before && now === rule.w_min) plasticChanges.atMin++;
      if (now !== before && now === rule.w_max) plasticChanges.atMax++;
    }
  }
}

/** Whether the engine takes a module (the project's types have no WebAssembly value). */
function validates(bytes: Uint8Array): boolean {
  const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
  return wasm !== undefined && wasm.validate(bytes);
}

/** The WebAssembly module embedded in a generated simulator. */
function moduleOf(source: string): Uint8Array {
  const m = /simdKernels\(WMEM, "([A-Za-z0-9+/=]+)"\)/.exec(source);
  if (m === null || m[1] === undefined) throw new Error("no WebAssembly module in the source");
  return new Uint8Array(Buffer.from(m[1], "base64"));
}

let neuronSpikes = 0;
let izhSpikes = 0;
let wasmArrivals = 0;
let wasmStdp = 0;
const plasticChanges = { up: 0, down: 0, atMin: 0, atMax: 0 };

describe("the SIMD kernels of lif and izhikevich populations", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("give the JS kernels' spikes and state, to the bit, on random networks", () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const net = buildNetwork(s);
        const js = run(net, false, false);
        const simd = run(net, true, false);
        expect(simd.source).toMatch(/SK0\(/);
        // a module that failed to validate would leave the JS code running, and this test blind
        expect(validates(moduleOf(simd.source))).toBe(true);
        expect(js.source).not.toMatch(/SK0\(|SA\d+\(/);
        wasmArrivals += (simd.source.match(/ SA\d+\(/g) ?? []).length;
        expect(simd.spikes).toEqual(js.spikes);
        expect(simd.state).toEqual(js.state);
        expect(simd.weights).toEqual(js.weights);
        wasmStdp += (simd.source.match(/ SP\d+\(/g) ?? []).length;
        countChanges(net, simd.weightTraces);
        neuronSpikes += js.spikes.length;
        izhSpikes += js.spikes.filter(
          ([, k]) => net.populations[k ?? 0]?.model.kind === "izhikevich",
        ).length;
      }),
      { numRuns: 80, seed: 20261128 },
    );
    // only a run with spikes tests the spike path (reset, refractory, history)
    expect(neuronSpikes).toBeGreaterThan(2000);
    expect(izhSpikes).toBeGreaterThan(200);
    expect(wasmArrivals).toBeGreaterThan(100);
    // the stdp twins ran, and moved weights both ways and onto both bounds
    expect(wasmStdp).toBeGreaterThan(30);
    expect(plasticChanges.up).toBeGreaterThan(1000);
    expect(plasticChanges.down).toBeGreaterThan(1000);
    expect(plasticChanges.atMin).toBeGreaterThan(50);
    expect(plasticChanges.atMax).toBeGreaterThan(50);
  });

  it("give the JS kernels' result with currents set and spikes forced through the module API", () => {
    let forcedRuns = 0;
    fc.assert(
      fc.property(specArb, (s) => {
        const net = buildNetwork(s);
        const js = run(net, false, true, s.forced);
        const simd = run(net, true, true, s.forced);
        expect(simd.spikes).toEqual(js.spikes);
        expect(simd.state).toEqual(js.state);
        expect(simd.weights).toEqual(js.weights);
        if (s.forced.length > 0) forcedRuns++;
      }),
      { numRuns: 40, seed: 20261129 },
    );
    expect(forcedRuns).toBeGreaterThan(20);
  });

  it("give the same result where the step calls its parts instead of holding them (40 populations)", () => {
    const b = new NetBuilder(1e-4, 0.05, 9);
    const src = b.pop("src", poisson(400), 10);
    const pops = Array.from({ length: 40 }, (_, k) =>
      b.pop(`p${k}`, k % 3 === 0 ? izh({ i_bias: 2e-9 }) : lif({ i_bias: 0.15e-9 }), 3 + (k % 5)),
    );
    pops.forEach((p, k) => {
      b.connect(k === 0 ? src : (pops[k - 1] as number), p, { weight: 1.5e-9, delay: 2e-4 });
    });
    b.recordSpikes(...pops);
    const net = b.build();
    const js = run(net, false, false);
    const simd = run(net, true, false);
    expect(simd.source).toMatch(/^\s*kern0\(T\);$|^\s*kern1\(T\);$/m);
    expect(simd.spikes.length).toBeGreaterThan(500);
    expect(simd.spikes).toEqual(js.spikes);
    expect(simd.state).toEqual(js.state);
  });

  it("leave a population whose time constants differ per neuron to its JS kernel", () => {
    const b = new NetBuilder(1e-4, 0.01, 1);
    b.pop("a", lif(), 5, {
      perNeuron: { tau_m: { kind: "values", values: [0.01, 0.02, 0.03, 0.04, 0.05] } },
    });
    b.pop("b", lif(), 5);
    const source = loadSimulator(b.build()).source;
    expect(source).not.toMatch(/SK0/);
    expect(source).toMatch(/SK1\(/);
  });

  it("fall back to the JS kernels where there is no WebAssembly, with the same result", () => {
    const net = buildNetwork({
      seed: 4,
      pops: [
        { izh: false, size: 7, bias: 0.3e-9, tRef: 2e-3, homeo: true, perVth: false },
        { izh: true, size: 5, bias: 0.3e-9, tRef: 0, homeo: false, perVth: false },
      ],
      projs: [
        {
          pre: 1,
          post: 0,
          p: 0.5,
          w: 2,
          delay: 1,
          random: true,
          stdp: true,
          multiplicative: false,
        },
      ],
      gap: false,
      stims: [],
      forced: [],
    });
    const withSimd = run(net, true, false);
    vi.stubGlobal("WebAssembly", undefined);
    const without = run(net, true, false);
    expect(without.spikes.length).toBeGreaterThan(10);
    expect(without.spikes).toEqual(withSimd.spikes);
    expect(without.state).toEqual(withSimd.state);
  });
});

describe("the WebAssembly encoder", () => {
  it("writes LEB128 as the specification's examples", () => {
    expect(u32(0)).toEqual([0]);
    expect(u32(127)).toEqual([0x7f]);
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(s32(-1)).toEqual([0x7f]);
    expect(s32(63)).toEqual([0x3f]);
    expect(s32(64)).toEqual([0xc0, 0x00]);
    expect(s32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});
