/**
 * SPEC §5-7 semantics checked on small networks written as .snn text, against values computed by
 * hand from SPEC's own formulas (not from snnc's code): the rounding of times onto the step grid,
 * and what the simulator does at each instant.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";
import {
  instantiateNetwork,
  lifCoefficients,
  recordingFiles,
  simulate,
  type RunResult,
} from "../../runtime/index.js";
import { roundHalfAway, stepsOf } from "../../compiler/ir/time-grid.js";
import { expectedSynapses } from "../../compiler/ir/synapse-count.js";
import { toSteps } from "../../runtime/instantiate/index.js";

/** Compiles .snn text; throws with the messages when it has errors. */
function compileText(
  text: string,
  files: Record<string, string> = {},
): { network: Network; warnings: string[] } {
  const path = "/virtual/net.snn";
  const r = compile(path, {
    readFile: (p: string) => (p === path ? text : files[p.replace("/virtual/", "")]),
  });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.network === null || errors.length > 0)
    throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return {
    network: r.network,
    warnings: r.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message),
  };
}

/** The recorded spikes of population `pop` as steps. */
function spikeSteps(res: RunResult, pop: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < res.spikes.length; k++)
    if (res.spikes.population[k] === pop) out.push(res.spikes.step[k] ?? -1);
  return out;
}

describe("a time on the grid's half rounds away from zero (SPEC §7), as written, not as float64 divides it", () => {
  it("puts 0.15 ms at step 2 of dt = 0.1 ms for spike times, delays and t_ref alike", () => {
    // 0.15e-3 / 0.1e-3 is 1.4999999999999998 in float64; the written quotient is 1.5
    expect(0.15e-3 / 0.1e-3).toBeLessThan(1.5);
    expect(stepsOf(0.15e-3, 0.1e-3).steps).toBe(2);
    expect(toSteps(0.15e-3, 0.1e-3)).toBe(2);
    expect(
      lifCoefficients(
        {
          tau_m: 0.02,
          r_m: 1e8,
          c_m: 2e-10,
          t_ref: 0.15e-3,
          tau_syn_exc: 0.005,
          tau_syn_inh: 0.01,
        },
        0.1e-3,
      ).refSteps,
    ).toBe(2);
    const { network, warnings } = compileText(`
      population src = spike_times[1] { times = [0.15 ms] }
      population cell = lif[1] { t_ref = 0.15 ms }
      connect src -> cell { weight = 1 nA; delay = 0.15 ms }
      stimulus drive = current -> cell { amplitude = 100 nA }
      record spikes of src, cell
      simulate { dt = 0.1 ms; duration = 1 ms }
    `);
    const res = simulate(network);
    expect(spikeSteps(res, 0)).toEqual([2]);
    // 100 nA crosses threshold within any step: a spike, 2 refractory steps, a spike, ...
    expect(spikeSteps(res, 1)).toEqual([1, 4, 7, 10]);
    // the warnings name the step the value lands on
    expect(warnings.filter((w) => /0\.15 ms/.test(w)).every((w) => /becomes 0\.2 ms/.test(w))).toBe(
      true,
    );
    // spike time, delay and t_ref
    expect(warnings.filter((w) => /0\.15 ms/.test(w))).toHaveLength(3);
  });
  it("rounds the compiler's grid and the simulator's delays by one rule", () => {
    for (const dt of [0.1e-3, 0.2e-3, 0.3e-3, 1e-3, 0.05e-3, 0.025e-3])
      for (let m = -400; m <= 400; m++) {
        const x = (m * 0.05e-3) / 1;
        expect(roundHalfAway(x / dt)).toBe(toSteps(x, dt));
      }
  });
});

describe("the core's dimensionless values beside physical ones (SPEC §6: v and w bare for the core)", () => {
  it("writes each in its own unit: the core's to v_core.csv and weights_core.csv", () => {
    const { network } = compileText(`
      model Core = neurocorex_lif { threshold = 10; leak = 0; t_ref = 2 ms }
      population src = spike_times[1] { times = [1 ms] }
      population c = Core[2]
      population l = lif[1]
      connect src -> c[0] { weight = 6 }
      connect c[0] -> c[1] { weight = 12 }
      connect src -> l { weight = 0.5 nA }
      record v of c, l
      record weights of c[0] -> c[1]
      record weights of src -> l
      simulate { dt = 1 ms; duration = 2 ms }
      target js { }
    `);
    const files = new Map(recordingFiles(simulate(network)).map((f) => [f.path, f.text]));
    expect([...files.keys()].sort()).toEqual([
      "v.csv",
      "v_core.csv",
      "weights.csv",
      "weights_core.csv",
    ]);
    // the input of 6 reaches c[0] in the core step of 1 ms (inputs have no delay)
    expect(files.get("v_core.csv")).toBe(
      "time_ms,population,index,name,v\n" +
        "0,c,0,,0\n0,c,1,,0\n1,c,0,,6\n1,c,1,,0\n2,c,0,,6\n2,c,1,,0\n",
    );
    expect(files.get("v.csv")).toBe(
      "time_ms,population,index,name,v_mV\n0,l,0,,-70\n1,l,0,,-70\n2,l,0,,-70\n",
    );
    expect(files.get("weights_core.csv")).toBe(
      "time_ms,projection,pre,post,pre_name,post_name,w\n" +
        "0,c[0]->c[1],0,1,,,12\n1,c[0]->c[1],0,1,,,12\n2,c[0]->c[1],0,1,,,12\n",
    );
    expect(files.get("weights.csv")).toBe(
      "time_ms,projection,pre,post,pre_name,post_name,w_nA\n" +
        "0,src->l,0,0,,,0.5\n1,src->l,0,0,,,0.5\n2,src->l,0,0,,,0.5\n",
    );
  });
});

describe("reordering declarations does not change a network (SPEC §7)", () => {
  it("keeps each projection's drawn synapses and weights when two of one spelling swap places", () => {
    const sparse = "connect a -> b { rule = fixed_probability(0.1); weight = uniform(1 nA, 2 nA) }";
    const dense = "connect a -> b { rule = fixed_probability(0.5); weight = uniform(3 nA, 4 nA) }";
    /** Synapses as pre-post=weight, per declaration (told apart by their weights' ranges). */
    const drawn = (order: string[]) => {
      const { network } = compileText(`
        population a = lif[20]
        population b = lif[20]
        ${order.join("\n")}
        simulate { dt = 0.1 ms; duration = 1 ms }
      `);
      const out = { sparse: [] as string[], dense: [] as string[] };
      for (const p of instantiateNetwork(network).projections)
        for (let s = 0; s < p.pre.length; s++) {
          const w = p.weight[s] ?? 0;
          (w < 2.5e-9 ? out.sparse : out.dense).push(`${p.pre[s]}-${p.post[s]}=${w}`);
        }
      return out;
    };
    const forward = drawn([sparse, dense]);
    expect(forward.sparse.length).toBeGreaterThan(10);
    expect(forward.dense.length).toBeGreaterThan(100);
    expect(drawn([dense, sparse])).toEqual(forward);
  });

  it("keeps each gap's drawn conductances when two gaps between the same populations swap places", () => {
    const gaps = [
      "gap p[0, 1] <-> q { conductance = uniform(1 nS, 2 nS) }",
      "gap p[2, 3] <-> q { conductance = uniform(1 nS, 2 nS) }",
    ];
    const conductances = (order: string[]) => {
      const { network } = compileText(`
        population p = lif[4]
        population q = lif[2]
        ${order.join("\n")}
        simulate { dt = 0.1 ms; duration = 1 ms }
      `);
      const map = new Map<string, number>();
      for (const g of instantiateNetwork(network).gaps)
        for (let k = 0; k < g.g.length; k++) map.set(`${g.a[k]}-${g.b[k]}`, g.g[k] ?? 0);
      return map;
    };
    const forward = conductances(gaps);
    expect(forward.size).toBe(8);
    expect(conductances([...gaps].reverse())).toEqual(forward);
  });
  it("and when two gaps of the same sides with different conductances swap places", () => {
    const gaps = [
      "gap p <-> q { conductance = uniform(1 nS, 2 nS) }",
      "gap p <-> q { conductance = uniform(5 nS, 6 nS) }",
    ];
    /** The conductances of each declaration (told apart by their ranges), per pair. */
    const conductances = (order: string[]) => {
      const { network } = compileText(`
        population p = lif[3]
        population q = lif[2]
        ${order.join("\n")}
        simulate { dt = 0.1 ms; duration = 1 ms }
      `);
      const low: string[] = [];
      const high: string[] = [];
      for (const g of instantiateNetwork(network).gaps)
        for (let k = 0; k < g.g.length; k++)
          ((g.g[k] ?? 0) < 3e-9 ? low : high).push(`${g.a[k]}-${g.b[k]}=${g.g[k]}`);
      return { low, high };
    };
    const forward = conductances(gaps);
    expect(forward.low).toHaveLength(6);
    expect(conductances([...gaps].reverse())).toEqual(forward);
  });
});

describe("a weight of the opposite sign to its receptor (SPEC §3: draws become 0)", () => {
  /** i_exc of q at 2 ms, one step after the spike of 1 ms arrives (delay 1 ms). */
  const iExcAt2ms = (network: Network) => {
    const res = simulate(network);
    const trace = res.state.find((t) => t.variable === "i_exc");
    const k = trace?.steps.indexOf(2) ?? -1;
    return Array.from(trace?.values.subarray(k * 2, k * 2 + 2) ?? []);
  };
  it("keeps a constant one as written, and the warning says so", () => {
    const { network, warnings } = compileText(`
      population p = spike_times[1] { times = [1 ms] }
      population q = lif[2]
      connect p -> q { receptor = exc; weight = -0.1 nA }
      record i_exc of q
      simulate { dt = 1 ms; duration = 2 ms }
    `);
    expect(warnings).toEqual([
      "A negative weight on an exc receptor: it is kept as written, a negative current into i_exc",
    ]);
    expect(iExcAt2ms(network)).toEqual([-0.1e-9, -0.1e-9]);
  });
  it("keeps per-edge weights of a from_csv file as written, and the warning counts them", () => {
    const { network, warnings } = compileText(
      `
      population p = spike_times[1] { times = [1 ms] }
      population q = lif[2]
      connect p -> q { rule = from_csv("e.csv"); weight = 1 nA }
      record i_exc of q
      simulate { dt = 1 ms; duration = 2 ms }
    `,
      { "e.csv": "pre,post,weight_nA\n0,0,0.5\n0,1,-0.1\n" },
    );
    expect(warnings).toEqual([
      "The weight's range [-0.1 nA, 0.5 nA] crosses 0: 1 of its 2 weights has the opposite sign to the exc receptor and is kept as written, into i_exc",
    ]);
    expect(iExcAt2ms(network)).toEqual([0.5e-9, -0.1e-9]);
  });
  it("still zeroes draws, and the warning says so", () => {
    const { network, warnings } = compileText(`
      population p = spike_times[1] { times = [1 ms] }
      population q = lif[2]
      connect p -> q { receptor = exc; weight = uniform(-0.2 nA, -0.1 nA) }
      record i_exc of q
      simulate { dt = 1 ms; duration = 2 ms }
    `);
    expect(warnings).toEqual(["A negative weight on an exc receptor: its draws below 0 become 0"]);
    expect(iExcAt2ms(network)).toEqual([0, 0]);
  });
});

describe("allow_self applies to every generated rule, one_to_one too (SPEC §4)", () => {
  it("drops the pairs of a neuron with itself unless allow_self = true", () => {
    const { network } = compileText(`
      population q = lif[3]
      connect q -> q[1, 0, 2] { rule = one_to_one; weight = 1 nA }
      connect q -> q { rule = one_to_one; weight = 2 nA }
      connect q -> q { rule = one_to_one; weight = 3 nA; allow_self = true }
      simulate { dt = 1 ms; duration = 1 ms }
    `);
    const pairs = instantiateNetwork(network).projections.map((p) =>
      Array.from(p.pre, (i, s) => `${i}-${p.post[s]}`),
    );
    expect(pairs).toEqual([["0-1", "1-0"], [], ["0-0", "1-1", "2-2"]]);
    expect(network.projections.map((p) => expectedSynapses(p, network.populations))).toEqual([
      2, 0, 3,
    ]);
  });
});

describe("the events of one instant (SPEC §5, §7): deliver → depress → x += 1, then potentiate → y += 1", () => {
  /** pre's spike arrives over 1 ms; kick's 100 nA makes post fire at 15.2 ms (step 152). */
  const run = (preMs: number) => {
    const { network } = compileText(`
      plasticity p = stdp { tau_plus = 20 ms; tau_minus = 30 ms; a_plus = 0.1; a_minus = 0.12; w_min = 0 nA; w_max = 1 nA }
      population pre = spike_times[1] { times = [${preMs} ms] }
      population kick = spike_times[1] { times = [15 ms] }
      population post = lif[1]
      connect pre -> post { weight = 0.4 nA; delay = 1 ms; plasticity = p }
      connect kick -> post { weight = 100 nA }
      record spikes of post
      record i_exc of post
      record weights of pre -> post
      simulate { dt = 0.1 ms; duration = 16.5 ms }
    `);
    const res = simulate(network);
    const w = res.weights[0]!;
    const i = res.state[0]!;
    return {
      post: spikeSteps(res, 2),
      w: (step: number) => w.values[w.steps.indexOf(step)],
      iExc: (step: number) => i.values[i.steps.indexOf(step)],
    };
  };
  it("an arrival at the post spike's instant is depressed before y steps and potentiated after x steps", () => {
    const r = run(14.2); // arrives at 15.2 ms, the instant post spikes
    expect(r.post[0]).toBe(152);
    // depression with y = 0 (post's y steps after), then potentiation with x = 1 (just stepped):
    // 0.4 + 0.1 · 1 nA · 1; the other order would give 0.4 − 0.12 · 1 nA · 1 = 0.28 nA
    expect(r.w(152)).toBeCloseTo(0.5e-9, 24);
  });
  it("an arrival delivers the weight it had before its own depression", () => {
    const r = run(15.5); // arrives at 16.5 ms, 1.3 ms after post's spike at 15.2
    expect(r.post).toEqual([152]);
    const before = r.w(164)!;
    const y = Math.exp(-1.3 / 30);
    expect(r.w(165)).toBeCloseTo(before - 0.12 * 1e-9 * y, 22);
    // i_exc: the step's decay, then the arrival adds the undepressed weight
    expect(r.iExc(165)).toBeCloseTo(r.iExc(164)! * Math.exp(-0.1 / 5) + before, 22);
  });
});

describe("homeostasis (SPEC §5): r decays, gains 1/tau per spike, and moves v_th by eta (r − target) dt", () => {
  it("gives the spike times of the formula, with r starting at 0", () => {
    const { network } = compileText(`
      plasticity h = homeostasis { target_rate = 5 Hz; tau = 100 ms; eta = 1 mV }
      population n = lif[1] { plasticity = h }
      stimulus drive = current -> n { amplitude = 0.25 nA }
      record spikes of n
      simulate { dt = 0.1 ms; duration = 2 s }
    `);
    // SPEC §3's lif (defaults) and §7's step, written out
    const dt = 1e-4;
    const [tauM, rM, vRest, vReset, i] = [0.02, 1e8, -0.07, -0.07, 0.25e-9];
    const p22 = Math.exp(-dt / tauM);
    const p20 = -rM * Math.expm1(-dt / tauM);
    let [v, vTh, r, refractory] = [vRest, -0.05, 0, 0];
    const expected: number[] = [];
    for (let n = 0; n < 20000; n++) {
      let spiked = false;
      if (refractory > 0) refractory--;
      else {
        v = vRest + p22 * (v - vRest) + p20 * i;
        if (v >= vTh) {
          spiked = true;
          v = vReset;
          refractory = 20;
          expected.push(n + 1);
        }
      }
      r *= Math.exp(-dt / 0.1);
      if (spiked) r += 1 / 0.1;
      vTh += 1e-3 * (r - 5) * dt;
    }
    // the threshold first drifts down (r = 0 < 5 Hz), then settles near 5 Hz: the intervals grow
    expect(expected.length).toBe(16);
    expect(spikeSteps(simulate(network), 0)).toEqual(expected);
  });
});
