/** The SPEC §9 examples lower to the IR the spec describes (sizes, SI values, ids, core order). */
import { describe, expect, test } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { compileText, errorsOf } from "./helpers.js";
import { specExamples } from "./spec-examples.js";

function net(name: string): Network {
  const r = compileText(specExamples[name] ?? "");
  expect(errorsOf(r)).toEqual([]);
  if (r.network === null) throw new Error("no network");
  return r.network;
}

describe("SPEC §9 lowering", () => {
  test("9.1: one lif neuron driven by 0.25 nA", () => {
    const n = net("9.1");
    expect(n.dt).toBe(1e-4);
    expect(n.steps).toBe(10000);
    expect(n.seed).toBe(0);
    expect(n.populations).toHaveLength(1);
    const cell = n.populations[0]!;
    expect(cell.size).toBe(1);
    expect(cell.model.kind).toBe("lif");
    if (cell.model.kind !== "lif") return;
    expect(cell.model.params.tau_m).toBe(0.02);
    expect(cell.model.params.r_m).toBe(1e8);
    expect(cell.model.params.c_m).toBeCloseTo(2e-10, 20);
    expect(cell.model.params.t_ref).toBe(0.002);
    expect(n.stimuli[0]?.wave).toEqual({ kind: "current", amplitude: 2.5e-10 });
    expect(n.recordings).toEqual([
      {
        kind: "spikes",
        id: 0,
        targets: [{ population: 0, indices: null }],
        origin: expect.anything(),
      },
    ]);
  });

  test("9.2: CUBA, 4 projections with p = 0.02 and 16.2 pA / -90 pA", () => {
    const n = net("9.2");
    expect(n.seed).toBe(42);
    expect(n.populations.map((p) => [p.name, p.size])).toEqual([
      ["exc", 3200],
      ["inh", 800],
    ]);
    expect(n.populations[0]?.init["v"]).toEqual({
      kind: "draw",
      expr: {
        kind: "uniform",
        low: { kind: "const", value: -0.06 },
        high: { kind: "const", value: -0.05 },
      },
    });
    expect(n.projections).toHaveLength(4);
    for (const j of n.projections) {
      expect(j.rule).toEqual({ kind: "fixed_probability", p: 0.02 });
      expect(j.delay).toEqual({ kind: "const", value: 1e-4 });
      expect(j.allowSelf).toBe(false);
    }
    expect(n.projections.map((j) => [j.name, j.weight, j.receptor])).toEqual([
      ["exc->exc", { kind: "const", value: 16.2e-12 }, "exc"],
      ["exc->inh", { kind: "const", value: 16.2e-12 }, "exc"],
      ["inh->exc", { kind: "const", value: -90e-12 }, "inh"],
      ["inh->inh", { kind: "const", value: -90e-12 }, "inh"],
    ]);
    const cuba = n.populations[0]?.model;
    expect(cuba?.kind === "lif" && cuba.params.v_rest).toBe(-0.049);
    expect(n.core).toBeNull();
  });

  test("9.3: stdp on 1000 Poisson inputs, weights recorded every second", () => {
    const n = net("9.3");
    expect(n.steps).toBe(1_000_000);
    expect(n.populations.map((p) => [p.name, p.model.kind, p.size])).toEqual([
      ["inputs", "poisson", 1000],
      ["out", "lif", 1],
    ]);
    expect(n.plasticity).toEqual([
      expect.objectContaining({
        kind: "stdp",
        name: "stdp_e",
        w_min: 0,
        w_max: 6e-12,
        a_plus: 0.01,
        a_minus: 0.0105,
        dependence: "additive",
      }),
    ]);
    const j = n.projections[0]!;
    expect(j.plasticity).toBe(0);
    expect(j.weight).toEqual({
      kind: "uniform",
      low: { kind: "const", value: 0 },
      high: { kind: "const", value: 6e-12 },
    });
    expect(j.receptor).toBe("exc");
    expect(n.recordings[1]).toEqual(
      expect.objectContaining({ kind: "weights", projections: [0], everySteps: 10000 }),
    );
  });

  test("9.4: named members, gaps, steps and v every 1 ms", () => {
    const n = net("9.4");
    expect(n.populations.map((p) => p.memberNames)).toEqual([
      ["ALML", "ALMR", "AVM", "PLML", "PLMR"],
      ["AVDL", "AVDR", "PVCL", "PVCR"],
      ["AVAL", "AVAR", "AVBL", "AVBR"],
    ]);
    expect(n.gaps.map((g) => [g.a, g.b, g.rule.kind, g.conductance])).toEqual([
      [
        { population: 0, indices: [0, 1, 2] },
        { population: 1, indices: [0, 1] },
        "all_pairs",
        { kind: "const", value: 5e-10 },
      ],
      [
        { population: 0, indices: [3, 4] },
        { population: 1, indices: [2, 3] },
        "all_pairs",
        { kind: "const", value: 5e-10 },
      ],
    ]);
    expect(n.projections).toHaveLength(6);
    expect(n.projections[4]).toEqual(
      expect.objectContaining({
        name: "touch[ALML, ALMR, AVM]->inter[PVCL, PVCR]",
        receptor: "inh",
      }),
    );
    expect(n.stimuli.map((s) => s.wave)).toEqual([
      { kind: "step", amplitude: 1e-10, start: 0.1, stop: 0.3 },
      { kind: "step", amplitude: 1e-10, start: 0.6, stop: 0.8 },
    ]);
    expect(n.recordings[1]).toEqual(
      expect.objectContaining({ kind: "state", variable: "v", everySteps: 10 }),
    );
    const m = n.populations[0]?.model;
    expect(m?.kind === "lif" && [m.params.tau_m, m.params.r_m, m.params.tau_syn_inh]).toEqual([
      0.01, 2e8, 0.01,
    ]);
  });

  test("9.5: core order AVAL, AVBL, AVAR and inputs ALML, AVM, PLML", () => {
    const n = net("9.5");
    const name = (x: { population: number; index: number }): string =>
      n.populations[x.population]?.memberNames?.[x.index] ?? "?";
    expect(n.core?.neurons.map(name)).toEqual(["AVAL", "AVBL", "AVAR"]);
    expect(n.core?.inputs.map(name)).toEqual(["ALML", "AVM", "PLML"]);
    expect(n.projections.map((j) => [j.weight, j.delay])).toEqual([
      [
        { kind: "const", value: 6 },
        { kind: "const", value: 0 },
      ],
      [
        { kind: "const", value: 6 },
        { kind: "const", value: 0 },
      ],
      [
        { kind: "const", value: -4 },
        { kind: "const", value: 0 },
      ],
      [
        { kind: "const", value: 12 },
        { kind: "const", value: 0.001 },
      ],
    ]);
    expect(n.plasticity).toEqual([
      expect.objectContaining({
        kind: "stdp_window",
        window_pre_steps: 3,
        window_post_steps: 3,
        step_plus: 1,
        step_minus: 1,
      }),
    ]);
    const sensors = n.populations[0]?.model;
    expect(sensors?.kind === "spike_times" && sensors.params.times).toEqual([
      [0.005, 0.007, 0.009],
      [0.006, 0.008, 0.01],
      [0.03, 0.032, 0.034],
    ]);
    expect(n.targets).toEqual([expect.objectContaining({ name: "neurocorex", options: {} })]);
    expect(n.recordings[1]).toEqual(
      expect.objectContaining({ kind: "weights", projections: [3], everySteps: 1 }),
    );
  });
});
