/**
 * The JS simulator's neurocorex_lif kernel and the bit-accurate core model agree exactly: same
 * spikes, same `v` samples, same weight samples, on random core networks with inputs, recurrent
 * weights and on-chip learning (SPEC §7 determinism across snnc's simulators).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import type { Network, Projection } from "../../compiler/ir/index.js";
import { simulate } from "../../runtime/index.js";
import { runCoreModel } from "../../runtime/ncx/index.js";
import { network, population, spikeTimes, stdpWindow } from "./networks.js";

const ms = 0.001;
const span = { file: 0, start: 0, end: 1 };

function explicit(
  id: number,
  pre: number,
  post: number,
  edges: readonly (readonly [number, number, number])[],
  delay: number,
  plasticity: number | null,
): Projection {
  return {
    id,
    name: `p${id}`,
    pre: { population: pre, indices: null },
    post: { population: post, indices: null },
    rule: {
      kind: "explicit",
      pre: edges.map((e) => e[0]),
      post: edges.map((e) => e[1]),
      weights: edges.map((e) => e[2]),
    },
    allowSelf: true,
    allowMultapses: false,
    weight: { kind: "const", value: 1 },
    delay: { kind: "const", value: delay },
    receptor: "exc",
    plasticity,
    origin: span,
  };
}

const arbNetwork: fc.Arbitrary<Network> = fc
  .record({
    neurons: fc.integer({ min: 2, max: 12 }),
    inputs: fc.integer({ min: 1, max: 5 }),
    steps: fc.integer({ min: 20, max: 120 }),
    inputSteps: fc.uniqueArray(fc.integer({ min: 1, max: 119 }), { minLength: 1, maxLength: 60 }),
    inputOf: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    thresholds: fc.array(fc.integer({ min: 5 * 1024, max: 40 * 1024 }), {
      minLength: 12,
      maxLength: 12,
    }),
    tRef: fc.integer({ min: 1, max: 4 }),
    leak: fc.constantFrom(0, 0.25, 1 / 1024),
    ff: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: -30, max: 40 })), {
      maxLength: 30,
    }),
    aa: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: -15, max: 30 })), {
      maxLength: 25,
    }),
    plasticShare: fc.integer({ min: 0, max: 3 }),
    learn: fc.option(
      fc.tuple(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
      ),
    ),
  })
  .map((r) => {
    const n = r.neurons;
    const times: number[][] = Array.from({ length: r.inputs }, () => []);
    r.inputSteps
      .filter((s) => s < r.steps)
      .forEach((s, k) => times[(r.inputOf[k] ?? 0) % r.inputs]!.push(s * ms));
    times.forEach((t) => t.sort((a, b) => a - b));
    const ffSeen = new Set<string>();
    const ff = r.ff
      .map(([i, j, w]) => [i % r.inputs, j % n, w] as const)
      .filter(([i, j]) => !ffSeen.has(`${i},${j}`) && ffSeen.add(`${i},${j}`));
    // Recurrent edges: no m -> m−1 (the core drops it), per-row sums within ±127.
    const aaSeen = new Set<string>();
    const pos = new Array<number>(n).fill(0);
    const aa = r.aa
      .map(([m, k, w]) => [m % n, k % n, w] as const)
      .filter(([m, k, w]) => {
        if (m === k + 1 || aaSeen.has(`${m},${k}`) || pos[k]! + Math.max(0, w) > 45) return false;
        aaSeen.add(`${m},${k}`);
        pos[k]! += Math.max(0, w);
        return true;
      });
    const plastic = r.learn === null ? [] : aa.filter((_, k) => k % 4 < r.plasticShare);
    const fixed = aa.filter((e) => !plastic.includes(e));
    const core = population(
      1,
      "core",
      { kind: "neurocorex_lif", params: { threshold: 10, leak: r.leak, t_ref: r.tRef * ms } },
      n,
    );
    const perNeuron = {
      threshold: { kind: "values" as const, values: r.thresholds.slice(0, n).map((t) => t / 1024) },
    };
    const projections: Projection[] = [
      explicit(0, 0, 1, ff, 0, null),
      explicit(1, 1, 1, fixed, ms, null),
    ];
    if (r.learn !== null) projections.push(explicit(2, 1, 1, plastic, ms, 0));
    return network({
      steps: r.steps,
      populations: [population(0, "src", spikeTimes(times), r.inputs), { ...core, perNeuron }],
      projections,
      plasticity: r.learn === null ? [] : [stdpWindow(...r.learn)],
      recordings: [
        {
          kind: "spikes",
          id: 0,
          targets: [
            { population: 1, indices: null },
            { population: 0, indices: null },
          ],
          origin: span,
        },
        {
          kind: "state",
          id: 1,
          variable: "v",
          targets: [{ population: 1, indices: null }],
          everySteps: 1,
          origin: span,
        },
        {
          kind: "weights",
          id: 2,
          projections: projections.slice(1).map((p) => p.id),
          everySteps: 1,
          origin: span,
        },
      ],
      core: {
        neurons: Array.from({ length: n }, (_, index) => ({ population: 1, index })),
        inputs: Array.from({ length: r.inputs }, (_, index) => ({ population: 0, index })),
      },
    });
  });

test("JS simulator and core model give identical spikes, v and weights", () => {
  fc.assert(
    fc.property(arbNetwork, (net) => {
      const model = runCoreModel(net);
      const js = simulate(net);
      expect(Array.from(js.spikes.step)).toEqual(Array.from(model.spikes.step));
      expect(Array.from(js.spikes.population)).toEqual(Array.from(model.spikes.population));
      expect(Array.from(js.spikes.index)).toEqual(Array.from(model.spikes.index));
      expect(js.spikeCounts).toEqual(model.spikeCounts);
      expect(js.state.map((s) => Array.from(s.values))).toEqual(
        model.state.map((s) => Array.from(s.values)),
      );
      expect(
        js.weights.map((w) => [Array.from(w.pre), Array.from(w.post), Array.from(w.values)]),
      ).toEqual(
        model.weights.map((w) => [Array.from(w.pre), Array.from(w.post), Array.from(w.values)]),
      );
    }),
    { numRuns: 150 },
  );
});

test("Poisson inputs drawn at compile time are the spikes the JS simulator draws", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 60, max: 400 }),
      fc.integer({ min: 1, max: 4 }),
      (seed, rate, size) => {
        const core = population(
          1,
          "core",
          { kind: "neurocorex_lif", params: { threshold: 12, leak: 0, t_ref: ms } },
          3,
        );
        const net = network({
          seed,
          steps: 200,
          populations: [
            population(0, "noise", { kind: "poisson", params: { rate } }, 1),
            core,
            population(2, "free", { kind: "poisson", params: { rate } }, size),
          ],
          projections: [
            explicit(
              0,
              0,
              1,
              [
                [0, 0, 7],
                [0, 2, 13],
              ],
              0,
              null,
            ),
          ],
          recordings: [
            {
              kind: "spikes",
              id: 0,
              targets: [0, 1, 2].map((population) => ({ population, indices: null })),
              origin: span,
            },
          ],
          core: {
            neurons: [0, 1, 2].map((index) => ({ population: 1, index })),
            inputs: [{ population: 0, index: 0 }],
          },
        });
        const model = runCoreModel(net);
        const js = simulate(net);
        expect(model.spikeCounts[0]).toBeGreaterThan(0);
        expect(Array.from(js.spikes.step)).toEqual(Array.from(model.spikes.step));
        expect(Array.from(js.spikes.population)).toEqual(Array.from(model.spikes.population));
        expect(Array.from(js.spikes.index)).toEqual(Array.from(model.spikes.index));
      },
    ),
    { numRuns: 40 },
  );
});

test("values halfway between two Q7.10 steps round the same way (half away from zero) in both", () => {
  // leak -2.5/1024 is stored as -3/1024: the value climbs 3 LSB per step and reaches the
  // threshold of 15 LSB in five steps; rounding -2.5 to -2 (Math.round) took eight.
  const climb = (threshold: number, leak: number) =>
    network({
      steps: 30,
      populations: [
        population(
          0,
          "core",
          { kind: "neurocorex_lif", params: { threshold, leak, t_ref: ms } },
          1,
        ),
      ],
      projections: [],
      recordings: [
        { kind: "spikes", id: 0, targets: [{ population: 0, indices: null }], origin: span },
      ],
      core: { neurons: [{ population: 0, index: 0 }], inputs: [] },
    });
  for (const net of [climb(15 / 1024, -2.5 / 1024), climb(-2.5 / 1024, 3 / 1024)]) {
    const model = runCoreModel(net);
    const js = simulate(net);
    expect(model.spikes.step.length).toBeGreaterThan(2);
    expect(Array.from(js.spikes.step)).toEqual(Array.from(model.spikes.step));
  }
  expect(Array.from(runCoreModel(climb(15 / 1024, -2.5 / 1024)).spikes.step).slice(0, 2)).toEqual([
    5, 11,
  ]);
});

test("synapses that share a core cell keep their own weights in the weight samples", () => {
  // two input projections and two recurrent ones onto the same cells: the core holds the sums
  // (3 + 4, 5 + 6), each synapse still has its own weight
  const core = population(
    1,
    "core",
    { kind: "neurocorex_lif", params: { threshold: 50, leak: 0, t_ref: ms } },
    3,
  );
  const net = network({
    steps: 10,
    populations: [population(0, "src", spikeTimes([[2 * ms]]), 1), core],
    projections: [
      explicit(0, 0, 1, [[0, 0, 3]], 0, null),
      explicit(1, 0, 1, [[0, 0, 4]], 0, null),
      explicit(2, 1, 1, [[0, 2, 5]], ms, null),
      explicit(3, 1, 1, [[0, 2, 6]], ms, null),
    ],
    recordings: [
      { kind: "weights", id: 0, projections: [0, 1, 2, 3], everySteps: 5, origin: span },
    ],
    core: {
      neurons: Array.from({ length: 3 }, (_, index) => ({ population: 1, index })),
      inputs: [{ population: 0, index: 0 }],
    },
  });
  const samples = (r: ReturnType<typeof simulate>) => r.weights.map((w) => Array.from(w.values));
  expect(samples(runCoreModel(net))).toEqual([
    [3, 3, 3],
    [4, 4, 4],
    [5, 5, 5],
    [6, 6, 6],
  ]);
  expect(samples(simulate(net))).toEqual(samples(runCoreModel(net)));
});
