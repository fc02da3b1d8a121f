/** The behaviours SPEC §9 promises, run through the real front end and the JS simulator. */
import { describe, expect, it } from "vitest";
import { simulate, type RunResult } from "../../runtime/index.js";
import { compileFixture } from "./helpers.js";

function spikesOf(r: RunResult, population: string, name?: string): number[] {
  const k = r.network.populations.findIndex((p) => p.name === population);
  const pop = r.network.populations[k];
  const out: number[] = [];
  for (let s = 0; s < r.spikes.length; s++) {
    if (r.spikes.population[s] !== k) continue;
    const i = r.spikes.index[s] ?? 0;
    if (name !== undefined && pop?.memberNames?.[i] !== name) continue;
    out.push(r.spikes.step[s] ?? 0);
  }
  return out;
}

const within = (steps: number[], fromMs: number, toMs: number) =>
  steps.filter((s) => s / 10 >= fromMs && s / 10 < toMs).length;

describe("SPEC 9.1: one neuron, constant drive", () => {
  const r = simulate(compileFixture("one-neuron.snn"));
  it("fires 29 times, first at 32.2 ms, every 34.2 ms", () => {
    const s = spikesOf(r, "cell");
    expect(s.length).toBe(29);
    expect(s[0]).toBe(322);
    const isi = s.slice(1).map((x, i) => x - (s[i] ?? 0));
    expect(new Set(isi)).toEqual(new Set([342]));
    // the LIF formula: t_ref + tau_m ln(RI / (RI − (v_th − v_reset))) = 34.19 ms, within one step
    const formula = 2 + 20 * Math.log(25 / (25 - 20));
    expect(Math.abs(isi[0]! / 10 - formula)).toBeLessThan(0.1);
  });
});

describe("SPEC 9.2: CUBA", () => {
  it("runs, both populations fire at a few hertz, and the same seed gives the same spikes", () => {
    const net = compileFixture("cuba.snn", { duration: 0.3 });
    const a = simulate(net);
    const b = simulate(net);
    expect(a.diagnostics).toBeUndefined();
    for (const k of [0, 1]) {
      const rate = (a.spikeCounts[k] ?? 0) / ((net.populations[k]?.size ?? 1) * 0.3);
      expect(rate).toBeGreaterThan(1);
      expect(rate).toBeLessThan(50);
    }
    expect(Array.from(a.spikes.step)).toEqual(Array.from(b.spikes.step));
    expect(Array.from(a.spikes.index)).toEqual(Array.from(b.spikes.index));
    const c = simulate(compileFixture("cuba.snn", { duration: 0.3, seed: 43 }));
    expect(Array.from(c.spikes.index.slice(0, 50))).not.toEqual(
      Array.from(a.spikes.index.slice(0, 50)),
    );
  });
});

describe("SPEC 9.4: tap withdrawal", () => {
  const r = simulate(compileFixture("tap-withdrawal.snn"));
  it("head touch: AVA fires tens of spikes in 100-350 ms, AVB silent", () => {
    const ava = [...spikesOf(r, "command", "AVAL"), ...spikesOf(r, "command", "AVAR")];
    const avb = [...spikesOf(r, "command", "AVBL"), ...spikesOf(r, "command", "AVBR")];
    expect(within(ava, 100, 350)).toBeGreaterThanOrEqual(20);
    expect(within(avb, 100, 350)).toBe(0);
    expect(within(avb, 600, 850)).toBeGreaterThanOrEqual(20);
    expect(within(ava, 600, 850)).toBe(0);
  });
  it("records v of the command neurons every 1 ms up to and including 1 s", () => {
    const tr = r.state[0];
    expect(tr?.variable).toBe("v");
    expect(tr?.steps.length).toBe(1001);
    expect(tr?.steps[1000]).toBe(10000);
    expect(tr?.values[0]).toBe(-0.065);
  });
});

describe("SPEC 9.5: the NeuroCoreX example on the JS simulator", () => {
  const r = simulate(compileFixture("neurocorex-touch.snn"));
  it("gives the spikes the core's VHDL gave", () => {
    expect(spikesOf(r, "command", "AVAL")).toEqual([7, 10]);
    expect(spikesOf(r, "command", "AVAR")).toEqual([9, 12]);
    expect(spikesOf(r, "command", "AVBL")).toEqual([33]);
  });
  it("and the recurrent weight goes 12 → 13 → 12 → 13", () => {
    const w = r.weights[0];
    const at = (ms: number) => w?.values[w.steps.indexOf(ms)];
    expect([at(8), at(9), at(10), at(11), at(12), at(50)]).toEqual([12, 13, 12, 12, 13, 13]);
  });
});

describe("SPEC 9.3: STDP shapes a U-shaped weight distribution (100 s of simulated time)", () => {
  it("ends U-shaped with the output at 10-60 Hz", () => {
    const r = simulate(compileFixture("stdp-song.snn"));
    const w = r.weights[0];
    expect(w?.steps.length).toBe(101);
    const last = w?.values.slice(100 * 1000, 101 * 1000) ?? new Float64Array(0);
    const wMax = 0.006e-9;
    const tenths = new Array<number>(10).fill(0);
    for (const x of last) tenths[Math.min(9, Math.floor((x / wMax) * 10))]! += 1;
    const inner = Math.max(...tenths.slice(1, 9));
    expect(tenths[0]).toBeGreaterThan(inner);
    expect(tenths[9]).toBeGreaterThan(inner);
    const rate = (r.spikeCounts[1] ?? 0) / 100;
    expect(rate).toBeGreaterThanOrEqual(10);
    expect(rate).toBeLessThanOrEqual(60);
  });
});
