/**
 * Every limit of the core (NEUROCOREX.md §4, §6.4; SPEC §8) reported with its code and the
 * construct's source range, and the quirk warnings found by running the core model.
 */
import { describe, expect, test } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import type { Network, Population, Projection } from "../../compiler/ir/index.js";
import { checkCoreLimits } from "../../backends/neurocorex/index.js";
import { limitCodes } from "./helpers.js";
import {
  coreModel,
  network,
  population,
  projection,
  spec95,
  spikeTimes,
  stdpWindow,
} from "./networks.js";

const ms = 0.001;

/** A small valid network: `inputs` spike-time sources → `neurons` core neurons, one to one. */
function small(options: {
  neurons?: number;
  times?: readonly (readonly number[])[];
  threshold?: number;
  leak?: number;
  steps?: number;
  projections?: (pops: { src: number; core: number }) => Projection[];
  extra?: Partial<Network>;
  core?: Partial<Population>;
}): Network {
  const n = options.neurons ?? 3;
  const times = options.times ?? [[5 * ms]];
  const core: Population = {
    ...population(1, "core", coreModel(options.threshold ?? 10, options.leak ?? 0), n),
    ...options.core,
  };
  const net = network({
    steps: options.steps ?? 50,
    populations: [population(0, "src", spikeTimes(times), times.length), core],
    projections: options.projections?.({ src: 0, core: 1 }) ?? [
      projection(0, [0, [0]], [1, [0]], 6, 0),
    ],
    plasticity: [stdpWindow()],
  });
  return { ...net, ...options.extra };
}

/** A gap junction between the first two core neurons of {@link small}'s network. */
const coreGap = {
  id: 0,
  a: { population: 1, indices: [0] },
  b: { population: 1, indices: [1] },
  rule: { kind: "all_pairs" as const },
  conductance: { kind: "const" as const, value: 1e-9 },
  origin: { file: 0, start: 700, end: 710 },
};

function codesOf(net: Network): string[] {
  return limitCodes(net);
}

describe("errors", () => {
  test("SPEC 9.5 is within every limit and draws no warning", () => {
    expect(codesOf(spec95())).toEqual([]);
  });

  test("a non-core model on the core names the population and its span", () => {
    const net = small({});
    const lif: Population = {
      ...population(2, "cells", { kind: "poisson", params: { rate: 1 } }, 1),
      model: {
        kind: "lif",
        params: {
          tau_m: 0.02,
          r_m: 1e8,
          c_m: 2e-10,
          v_rest: -0.07,
          v_reset: -0.07,
          v_th: -0.05,
          t_ref: 0.002,
          tau_syn_exc: 0.005,
          tau_syn_inh: 0.01,
          i_bias: 0,
        },
      },
    };
    const sink = new DiagnosticSink();
    checkCoreLimits({ ...net, populations: [...net.populations, lif] }, sink);
    expect(sink.items.map((d) => d.code)).toEqual(["fpga/model-not-on-core"]);
    expect(sink.items[0]!.span).toEqual(lif.origin);
    expect(sink.items[0]!.message).toMatch(/'cells'.*lif/);
  });

  test("more than 90 neurons, more than 95 inputs", () => {
    expect(codesOf(small({ neurons: 91 }))).toEqual(["fpga/too-many-neurons"]);
    const times = Array.from({ length: 96 }, (_, k) => [(k + 1) * ms]);
    const net = small({
      times,
      steps: 200,
      projections: () => [projection(0, [0, null], [1, [0]], 1, 0)],
    });
    const core = {
      neurons: [0, 1, 2].map((index) => ({ population: 1, index })),
      inputs: times.map((_, index) => ({ population: 0, index })),
    };
    expect(codesOf({ ...net, core })).toEqual(["fpga/too-many-inputs"]);
  });

  test("gap junctions, stimuli and init values on core neurons", () => {
    const net = small({});
    const origin = coreGap.origin;
    expect(codesOf({ ...net, gaps: [coreGap] })).toEqual(["fpga/gap-junction"]);
    const stim = {
      id: 0,
      name: "drive",
      target: { population: 1, indices: null },
      wave: { kind: "current" as const, amplitude: 1e-9 },
      origin,
    };
    expect(codesOf({ ...net, stimuli: [stim] })).toEqual(["fpga/stimulus-on-core"]);
    expect(
      codesOf(small({ core: { init: { v: { kind: "values", values: [1, 2, 3] } } } })),
    ).toEqual(["fpga/init-on-core"]);
  });

  test("what the core cannot hold is reported with the plan's and the values' errors", () => {
    const net = small({ threshold: 200 });
    expect(codesOf({ ...net, gaps: [coreGap] })).toEqual(["fpga/gap-junction", "fpga/value-range"]);
    const delayed = small({
      projections: () => [projection(0, [0, [0]], [1, [0]], 6, 1 * ms)],
      core: { init: { v: { kind: "values", values: [1, 2, 3] } } },
    });
    expect(codesOf(delayed)).toEqual(["fpga/init-on-core", "fpga/delay"]);
  });

  test("delays: input projections have none, recurrent ones exactly one step", () => {
    expect(
      codesOf(small({ projections: () => [projection(0, [0, [0]], [1, [0]], 6, 1 * ms)] })),
    ).toEqual(["fpga/delay"]);
    const rec = small({
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [0]], [1, [2]], 20, 2 * ms),
      ],
    });
    expect(codesOf(rec)).toEqual(["fpga/delay"]);
  });

  test("plasticity: other rules, input projections, rules that differ, windows and steps out of range", () => {
    const stdp = {
      kind: "stdp" as const,
      id: 1,
      name: "classic",
      tau_plus: 0.02,
      tau_minus: 0.02,
      a_plus: 0.01,
      a_minus: 0.01,
      w_min: 0,
      w_max: 1,
      dependence: "additive" as const,
      origin: { file: 0, start: 900, end: 910 },
    };
    const rec = (rule: number) =>
      small({
        projections: () => [
          projection(0, [0, [0]], [1, [0]], 6, 0),
          projection(1, [1, [0]], [1, [2]], 20, ms, rule),
        ],
      });
    expect(codesOf({ ...rec(1), plasticity: [stdpWindow(), stdp] })).toEqual([
      "fpga/plasticity-not-supported",
    ]);
    expect(
      codesOf(small({ projections: () => [projection(0, [0, [0]], [1, [0]], 6, 0, 0)] })),
    ).toEqual(["fpga/plasticity-on-input"]);
    const two = small({
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [0]], [1, [2]], 20, ms, 0),
        projection(2, [1, [2]], [1, [0]], 20, ms, 1),
      ],
    });
    expect(
      codesOf({ ...two, plasticity: [stdpWindow(), { ...stdpWindow(4), id: 1, name: "other" }] }),
    ).toEqual(["fpga/plasticity-differs"]);
    expect(codesOf({ ...rec(0), plasticity: [stdpWindow(300, 3, 1, 200)] })).toEqual([
      "fpga/window-range",
      "fpga/window-range",
    ]);
    // 128..255 steps are SPEC's, but the board's 8-bit counters read bit 7 as idle
    expect(codesOf({ ...rec(0), plasticity: [stdpWindow(127, 128)] })).toEqual([
      "fpga/window-unconfirmed",
    ]);
    expect(codesOf({ ...rec(0), plasticity: [stdpWindow(127, 127)] })).toEqual([]);
  });

  test("input timing: two spikes in one step, a spike at 0 ms", () => {
    const both = small({
      times: [[5 * ms], [5 * ms]],
      projections: () => [projection(0, [0, null], [1, [0]], 3, 0)],
    });
    const sink = new DiagnosticSink();
    checkCoreLimits(both, sink);
    expect(sink.items.map((d) => d.code)).toEqual(["fpga/input-collision"]);
    expect(sink.items[0]!.message).toBe(
      "Spike sources 'src[0]' and 'src[1]' both spike at 5 ms (step 5); the core takes one input spike per step",
    );
    expect(codesOf(small({ times: [[0, 5 * ms]] }))).toEqual(["fpga/input-at-zero"]);
  });

  test("more events than the queue holds, unless upload paces them", () => {
    const times = [Array.from({ length: 1100 }, (_, k) => (k + 1) * 2 * ms)];
    const net = small({
      times,
      steps: 2300,
      projections: () => [projection(0, [0, [0]], [1, [0]], 1, 0)],
    });
    expect(codesOf(net)).toEqual(["fpga/too-many-events"]);
    const paced = { ...net, targets: [{ ...net.targets[0]!, options: { pace_upload: true } }] };
    expect(codesOf(paced)).toEqual([]);
  });

  test("leaks that differ; a leak that wraps a silent neuron within the run", () => {
    expect(
      codesOf(small({ core: { perNeuron: { leak: { kind: "values", values: [0, 0.5, 0] } } } })),
    ).toEqual(["fpga/leaks-differ"]);
    expect(codesOf(small({ leak: 1, steps: 200 }))).toEqual(["fpga/leak-wraps"]);
    expect(codesOf(small({ leak: 1, steps: 100 }))).toEqual([]);
  });

  test("a leak wraps only a value that no spike resets: rising values fire at their threshold", () => {
    // A negative leak drives the neuron: it fires at 10 and restarts from 0, long before +128.
    expect(codesOf(small({ leak: -1, threshold: 10, steps: 1000 }))).toEqual([]);
    // A falling value fires at a negative threshold as well.
    expect(codesOf(small({ leak: 1, threshold: -5, steps: 1000 }))).toEqual([]);
    // While a 200-step refractory period holds the spike back, the value climbs past +127.999.
    const sink = new DiagnosticSink();
    checkCoreLimits(
      small({ leak: -1, threshold: 10, steps: 1000, core: { model: coreModel(10, -1, 200 * ms) } }),
      sink,
    );
    expect(sink.items.map((d) => d.message)).toEqual([
      "A leak of -1 per step takes the value of 'core[0]', without input, past +127.999 in step 138 of the 1201 steps of the run, where it wraps",
    ]);
  });

  test("weights: outside int8, not integers, summed cells out of range", () => {
    expect(
      codesOf(small({ projections: () => [projection(0, [0, [0]], [1, [0]], 200, 0)] })),
    ).toEqual(["fpga/weight-range"]);
    expect(
      codesOf(small({ projections: () => [projection(0, [0, [0]], [1, [0]], 1.5, 0)] })),
    ).toEqual(["fpga/weight-range"]);
    const summed = small({
      threshold: 1,
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 100, 0),
        projection(1, [0, [0]], [1, [0]], 100, 0),
      ],
    });
    expect(codesOf(summed)).toEqual(["fpga/weight-range"]);
  });

  test("recurrent sums outside -128..127; threshold + largest single-step input reaching 128", () => {
    const sum = small({
      threshold: 1,
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [0, 1]], [1, [2]], 100, ms),
      ],
    });
    expect(codesOf(sum)).toEqual(["fpga/recurrent-sum"]);
    expect(
      codesOf(
        small({ threshold: 100, projections: () => [projection(0, [0, [0]], [1, [0]], 28, 0)] }),
      ),
    ).toEqual(["fpga/threshold-headroom"]);
    expect(
      codesOf(
        small({ threshold: 100, projections: () => [projection(0, [0, [0]], [1, [0]], 27, 0)] }),
      ),
    ).toEqual([]);
  });

  test("Q7.10 range of thresholds; a rounded threshold is stored at 1/1024", () => {
    expect(codesOf(small({ threshold: 200 }))).toEqual(["fpga/value-range"]);
    const sink = new DiagnosticSink();
    checkCoreLimits(small({ threshold: 10.0001 }), sink);
    expect(sink.items.map((d) => d.message)).toEqual([
      "The threshold of 'core[0]' is 10.0001; the core stores 10",
    ]);
  });

  test("a leak that Q7.10 cannot hold is stored rounded, with a warning as for thresholds", () => {
    const sink = new DiagnosticSink();
    checkCoreLimits(small({ leak: 0.0001 }), sink);
    expect(sink.items.map((d) => d.message)).toEqual([
      "The leak of 'core' is 0.0001; the core stores 0",
    ]);
    expect(codesOf(small({ leak: 0.5 }))).toEqual([]);
  });

  test("refractory periods up to 2^17 - 1 steps: Tref_max is a signed 18-bit register", () => {
    const withRef = (steps: number) => small({ core: { model: coreModel(10, 0, steps * ms) } });
    expect(codesOf(withRef(131071))).toEqual([]);
    const sink = new DiagnosticSink();
    checkCoreLimits(withRef(131072), sink);
    expect(sink.items.map((d) => d.message)).toEqual([
      "The refractory period of 'core[0]' is 131072 steps; the core allows 0..131071 steps",
    ]);
  });

  test("recurrent connections the core drops or cannot hold", () => {
    const back = small({
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [2]], [1, [1]], 20, ms),
      ],
    });
    const sink = new DiagnosticSink();
    checkCoreLimits(back, sink);
    expect(sink.items.map((d) => d.code)).toEqual(["fpga/predecessor-connection"]);
    expect(sink.items[0]!.message).toBe(
      "The core drops the recurrent connection from 'core[2]' to its predecessor 'core[1]' in the core order",
    );
    const last = small({
      neurons: 90,
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [0]], [1, [88]], 20, ms),
      ],
    });
    expect(codesOf(last)).toEqual(["fpga/recurrent-row-reserved"]);
  });

  test("a projection the core has no place for (into a spike source)", () => {
    const net = small({
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 6, 0),
        projection(1, [1, [0]], [0, [0]], 6, 0),
      ],
    });
    expect(codesOf(net)).toEqual(["fpga/projection-not-supported"]);
  });

  test("only v of core neurons can be recorded", () => {
    const net = small({});
    const origin = { file: 0, start: 800, end: 810 };
    const rec = {
      kind: "state" as const,
      id: 0,
      variable: "i_exc" as const,
      targets: [{ population: 1, indices: null }],
      everySteps: 1,
      origin,
    };
    expect(codesOf({ ...net, recordings: [rec] })).toEqual(["fpga/state-not-recordable"]);
    expect(codesOf({ ...net, recordings: [{ ...rec, variable: "v" }] })).toEqual([]);
  });
});

describe("quirk warnings from the core model", () => {
  test("an input lost because the target's predecessor spikes in that step", () => {
    // core[0] fires in frame 6 (input at 5); the input to core[1] at 6 ms is lost.
    const net = small({
      times: [[5 * ms], [6 * ms]],
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 10, 0),
        projection(1, [0, [1]], [1, [1]], 10, 0),
      ],
    });
    const sink = new DiagnosticSink();
    const checked = checkCoreLimits(net, sink);
    expect(checked).not.toBeNull();
    expect(sink.items.map((d) => [d.code, d.severity])).toEqual([["fpga/input-lost", "warning"]]);
    expect(sink.items[0]!.message).toBe(
      "The input from address 3 to 'core[1]' at 6 ms is lost because its predecessor 'core[0]' spikes in that step",
    );
  });

  test("recurrent current that a quiet step clears before it made the neuron fire", () => {
    const net = small({
      projections: () => [
        projection(0, [0, [0]], [1, [0]], 10, 0),
        projection(1, [1, [0]], [1, [2]], 5, ms),
      ],
    });
    expect(codesOf(net)).toEqual(["fpga/current-cleared"]);
  });

  test("a value driven past -128 by inhibition", () => {
    const times = [Array.from({ length: 10 }, (_, k) => (k + 1) * 2 * ms)];
    const net = small({ times, projections: () => [projection(0, [0, [0]], [1, [0]], -20, 0)] });
    expect(codesOf(net)).toEqual(["fpga/value-wraps"]);
  });
});
