/** The exact lif propagator against the closed-form solution, including the limit form. */
import { describe, expect, it } from "vitest";
import { lifCoefficients, simulate } from "../../runtime/index.js";
import { NetBuilder, lif } from "./ir-builder.js";

/** v(h) of tau_m dv/dt = −v + r_m i(t), i = i0 e^(−t/tau_s), v(0) = 0, by the closed form. */
function closedForm(h: number, tauM: number, tauS: number, cM: number): number {
  if (tauM === tauS) return (h * Math.exp(-h / tauM)) / cM;
  return ((tauM * tauS) / (cM * (tauS - tauM))) * (Math.exp(-h / tauS) - Math.exp(-h / tauM));
}

/** The same by fine forward Euler (an independent check of the closed form itself). */
function euler(h: number, tauM: number, tauS: number, cM: number): number {
  const n = 200000;
  const d = h / n;
  let v = 0;
  let i = 1;
  for (let k = 0; k < n; k++) {
    v += d * (-v / tauM + i / cM);
    i -= (d * i) / tauS;
  }
  return v;
}

describe("lifCoefficients", () => {
  const base = {
    tau_m: 0.02,
    r_m: 1e8,
    c_m: 2e-10,
    t_ref: 0.002,
    tau_syn_exc: 0.005,
    tau_syn_inh: 0.01,
  };
  it("matches the closed form for distinct time constants", () => {
    const c = lifCoefficients(base, 1e-4);
    expect(c.p21e).toBeCloseTo(closedForm(1e-4, 0.02, 0.005, 2e-10), 6);
    expect(c.p21e / euler(1e-4, 0.02, 0.005, 2e-10)).toBeCloseTo(1, 6);
    expect(c.p22).toBe(Math.exp(-1e-4 / 0.02));
    expect(c.p20 / (1e8 * (1 - Math.exp(-1e-4 / 0.02)))).toBeCloseTo(1, 12);
    expect(c.pe).toBe(Math.exp(-1e-4 / 0.005));
    expect(c.refSteps).toBe(20);
  });
  it("uses the limit form when tau_m equals a synaptic constant (SPEC 9.4)", () => {
    const c = lifCoefficients({ ...base, tau_m: 0.01, c_m: 0.01 / 2e8, r_m: 2e8 }, 1e-4);
    const limit = (1e-4 * Math.exp(-1e-4 / 0.01)) / (0.01 / 2e8);
    expect(c.p21i).toBe(limit);
    expect(Number.isFinite(c.p21i)).toBe(true);
    expect(c.p21i / euler(1e-4, 0.01, 0.01, 0.01 / 2e8)).toBeCloseTo(1, 6);
  });
  it("stays accurate and continuous next to equality", () => {
    const c0 = lifCoefficients({ ...base, tau_m: 0.01, tau_syn_inh: 0.01 }, 1e-4).p21i;
    for (const eps of [1e-15, 1e-12, 1e-9, 1e-6]) {
      const c = lifCoefficients({ ...base, tau_m: 0.01, tau_syn_inh: 0.01 * (1 + eps) }, 1e-4).p21i;
      expect(Math.abs(c / c0 - 1)).toBeLessThan(Math.max(1e-12, eps));
    }
  });
  it("integrates a step of current exactly: v relaxes to v_rest + r_m I", () => {
    const c = lifCoefficients(base, 1e-4);
    let v = 0;
    for (let k = 0; k < 100000; k++) v = c.p22 * v + c.p20 * 1e-9;
    expect(v).toBeCloseTo(0.1, 10);
  });
  it("keeps a refractory period longer than any run, which 32 bits of steps would wrap", () => {
    // 2^31 steps of 0.1 ms, and per-neuron periods of 1e299 s: one spike each, then silence
    expect(lifCoefficients({ ...base, t_ref: 214748.3648 }, 1e-4).refSteps).toBe(2 ** 31 - 1);
    expect(lifCoefficients({ ...base, t_ref: 1e300 }, 1e-4).refSteps).toBe(2 ** 31 - 1);
    const b = new NetBuilder(1e-4, 0.1, 1);
    const a = b.pop("a", lif({ t_ref: 214748.3648 }), 1);
    const r = b.pop("r", lif(), 4, {
      perNeuron: { t_ref: { kind: "values", values: [1e299, 3e299, 1e300, 0.002] } },
    });
    b.stimulus(a, { kind: "current", amplitude: 1e-9 });
    b.stimulus(r, { kind: "current", amplitude: 1e-9 });
    b.recordSpikes(a, r);
    const res = simulate(b.build());
    expect(res.spikeCounts[0]).toBe(1);
    const perNeuron = [0, 1, 2, 3].map(
      (i) =>
        Array.from(res.spikes.index).filter((x, k) => x === i && res.spikes.population[k] === 1)
          .length,
    );
    expect(perNeuron.slice(0, 3)).toEqual([1, 1, 1]);
    expect(perNeuron[3]).toBeGreaterThan(3); // a 2 ms period fires on
  });
});
