/**
 * The constants of the exact `lif` update (SPEC §7 step 2), shared by the generated kernels (which
 * fold them into literals, or compute them per neuron when a parameter differs between neurons)
 * and by the reference simulator of the tests, so both integrate with the same float64 numbers.
 *
 * Over one step h with the input currents held, the linear system
 *   tau_m dv/dt = −(v − v_rest) + r_m (i_exc + i_inh + I),  di_x/dt = −i_x / tau_x
 * has the exact solution (as NEST's iaf_psc_exp):
 *   v' = v_rest + P22 (v − v_rest) + P21e i_exc + P21i i_inh + P20 I
 *   P22 = e^(−h/tau_m),  P20 = −r_m expm1(−h/tau_m),  Px = e^(−h/tau_x)
 *   P21x = e^(−h/tau_m) · expm1(h δ) / (δ c_m),  δ = 1/tau_m − 1/tau_x
 * which tends to the limit form h e^(−h/tau_m) / c_m as tau_x → tau_m. `expm1(hδ)/δ` stays
 * accurate however close the constants are, and is exactly `h` when δ = 0, so no special case
 * near equality is needed.
 *
 * Embedded verbatim into the JS backend's modules: the functions name nothing outside this file
 * but `toSteps`, which the generated module embeds too.
 */
import type { LifParams } from "../../compiler/ir/index.js";
import { toSteps as gridToSteps } from "../../compiler/ir/time-grid.js";

/** What the propagator of a lif neuron depends on. */
type LifTimeParams = Pick<
  LifParams,
  "tau_m" | "r_m" | "c_m" | "t_ref" | "tau_syn_exc" | "tau_syn_inh"
>;

// SPEC §7's rounding to whole steps, bound under its own name (runtime/instantiate/generate.ts
// says why an embedded function cannot call an import directly).
const toSteps = gridToSteps;

/** The propagator of one lif neuron for step `dt` (seconds, SI). */
export interface LifCoefficients {
  readonly p22: number;
  readonly p20: number;
  readonly p21e: number;
  readonly p21i: number;
  readonly pe: number;
  readonly pi: number;
  /**
   * Refractory steps, round(t_ref / dt) half away from zero, at most 2^31 − 1: no run is longer
   * (the check refuses more steps), and the simulator keeps the count in 32-bit integers.
   */
  readonly refSteps: number;
}

/** Computes the exact-integration constants of a lif neuron (see the file header). */
export function lifCoefficients(p: LifTimeParams, dt: number): LifCoefficients {
  const p22 = Math.exp(-dt / p.tau_m);
  const p21 = (tauSyn: number) => {
    const delta = 1 / p.tau_m - 1 / tauSyn;
    const f = delta === 0 ? dt : Math.expm1(dt * delta) / delta;
    return (p22 * f) / p.c_m;
  };
  // as every time: 0.15 ms / 0.1 ms is 2 steps, not 1.4999999999999998 rounded down
  const steps = toSteps(p.t_ref, dt);
  return {
    p22,
    p20: -p.r_m * Math.expm1(-dt / p.tau_m),
    p21e: p21(p.tau_syn_exc),
    p21i: p21(p.tau_syn_inh),
    pe: Math.exp(-dt / p.tau_syn_exc),
    pi: Math.exp(-dt / p.tau_syn_inh),
    // (a literal: this function is embedded in generated modules on its own)
    refSteps: Math.min(2147483647, Math.max(0, steps)),
  };
}

/**
 * Per-neuron propagator arrays for a lif population whose time constants or resistances differ
 * between neurons: the base parameters overridden by the per-neuron arrays, with `c_m` (or
 * `r_m`) re-derived from the other two when only they vary.
 */
export function lifArrays(
  base: LifTimeParams,
  perNeuron: Readonly<Record<string, Float64Array>>,
  size: number,
  dt: number,
): Record<"p22" | "p20" | "p21e" | "p21i" | "pe" | "pi" | "refSteps", Float64Array> {
  const out = {
    p22: new Float64Array(size),
    p20: new Float64Array(size),
    p21e: new Float64Array(size),
    p21i: new Float64Array(size),
    pe: new Float64Array(size),
    pi: new Float64Array(size),
    refSteps: new Float64Array(size),
  };
  const get = (name: string, fallback: number, i: number) => {
    const a = perNeuron[name];
    return a === undefined ? fallback : (a[i] ?? fallback);
  };
  for (let i = 0; i < size; i++) {
    const tau_m = get("tau_m", base.tau_m, i);
    let r_m = get("r_m", base.r_m, i);
    let c_m = get("c_m", base.c_m, i);
    if (
      perNeuron["c_m"] === undefined &&
      (perNeuron["tau_m"] !== undefined || perNeuron["r_m"] !== undefined)
    )
      c_m = tau_m / r_m;
    else if (perNeuron["r_m"] === undefined && perNeuron["c_m"] !== undefined) r_m = tau_m / c_m;
    const c = lifCoefficients(
      {
        tau_m,
        r_m,
        c_m,
        t_ref: get("t_ref", base.t_ref, i),
        tau_syn_exc: get("tau_syn_exc", base.tau_syn_exc, i),
        tau_syn_inh: get("tau_syn_inh", base.tau_syn_inh, i),
      },
      dt,
    );
    out.p22[i] = c.p22;
    out.p20[i] = c.p20;
    out.p21e[i] = c.p21e;
    out.p21i[i] = c.p21i;
    out.pe[i] = c.pe;
    out.pi[i] = c.pi;
    out.refSteps[i] = c.refSteps;
  }
  return out;
}

/**
 * Volts to millivolts for the izhikevich model, which runs in mV as the paper does: `x · 1000`
 * rounded to 15 significant digits, so a value written in mV comes back exactly (−0.065 V is −65,
 * not −65.00000000000001).
 */
export function toMillivolts(x: number): number {
  return Number((x * 1000).toPrecision(15));
}
