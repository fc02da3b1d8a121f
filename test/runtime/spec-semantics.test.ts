/**
 * SPEC §5-7 semantics checked on small networks written as .snn text, against values computed by
 * hand from SPEC's own formulas (not from snnc's code): the rounding of times onto the step grid,
 * and what the simulator does at each instant.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { lifCoefficients, simulate, type RunResult } from "../../runtime/index.js";
import { roundHalfAway, stepsOf } from "../../compiler/ir/time-grid.js";
import { toSteps } from "../../runtime/instantiate/index.js";

/** Compiles .snn text; throws with the messages when it has errors. */
function compileText(text: string): { network: Network; warnings: string[] } {
  const path = "/virtual/net.snn";
  const r = compile(path, { readFile: (p: string) => (p === path ? text : undefined) });
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
    expect(warnings.filter((w) => /0\.15 ms/.test(w))).toHaveLength(2);
  });
  it("rounds the compiler's grid and the simulator's delays by one rule", () => {
    for (const dt of [0.1e-3, 0.2e-3, 0.3e-3, 1e-3, 0.05e-3, 0.025e-3])
      for (let m = -400; m <= 400; m++) {
        const x = (m * 0.05e-3) / 1;
        expect(roundHalfAway(x / dt)).toBe(toSteps(x, dt));
      }
  });
});
