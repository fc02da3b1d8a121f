/**
 * SI → PyNN unit conversions. PyNN's standard models use ms, mV, nA, nF, µS and Hz; the IR holds
 * SI base units. Every conversion the PyNN export makes goes through here so the factors live in
 * one place (docs/targets.md lists them).
 */

import type { Population } from "../../compiler/ir/index.js";

/** Seconds → milliseconds. */
export const toMs = (s: number): number => s * 1e3;
/** Volts → millivolts. */
export const toMv = (v: number): number => v * 1e3;
/** Amperes → nanoamperes. */
export const toNa = (a: number): number => a * 1e9;
/** Farads → nanofarads. */
export const toNf = (f: number): number => f * 1e9;
/** Siemens → microsiemens (PyNN's gap-junction conductance). */
export const toUs = (s: number): number => s * 1e6;

/**
 * PyNN's Izhikevich input gain in SI (V/s per A): its NEST and NEURON versions add a current of
 * 1 pA as 1 mV/ms to dv/dt (NEST `I_e` in pA; NEURON's point process with Cm = 0.001 nF).
 * snnc's `k_in` (default 1 mV/ms/nA) is honoured by scaling every current into the population
 * by `k_in / PYNN_IZHIKEVICH_GAIN`.
 */
export const PYNN_IZHIKEVICH_GAIN = 1e12;

/**
 * The lif parameters and their IF_curr_exp names with the factor from SI. `c_m`, `tau_m` and
 * `r_m` are handled together (PyNN takes `cm`; snnc's `c_m = tau_m / r_m`).
 */
export const LIF_TO_PYNN: Readonly<Record<string, readonly [string, number]>> = {
  tau_m: ["tau_m", 1e3],
  c_m: ["cm", 1e9],
  v_rest: ["v_rest", 1e3],
  v_reset: ["v_reset", 1e3],
  v_th: ["v_thresh", 1e3],
  t_ref: ["tau_refrac", 1e3],
  tau_syn_exc: ["tau_syn_E", 1e3],
  tau_syn_inh: ["tau_syn_I", 1e3],
  i_bias: ["i_offset", 1e9],
};

/** The izhikevich parameters and their PyNN Izhikevich names with the factor from SI. */
export const IZHIKEVICH_TO_PYNN: Readonly<Record<string, readonly [string, number]>> = {
  a: ["a", 1],
  b: ["b", 1],
  c: ["c", 1e3],
  d: ["d", 1e3],
  i_bias: ["i_offset", 1e9],
};

/** Initial-state names of PyNN's cells and the factor from SI (u is stored in volts, SPEC §3). */
export const INIT_TO_PYNN: Readonly<Record<string, readonly [string, number]>> = {
  v: ["v", 1e3],
  u: ["u", 1e3],
  i_exc: ["isyn_exc", 1e9],
  i_inh: ["isyn_inh", 1e9],
};

/** Current gain into a population: izhikevich currents are rescaled by k_in (PYNN_IZHIKEVICH_GAIN). */
export function currentGain(pop: Population): number {
  return pop.model.kind === "izhikevich" ? pop.model.params.k_in / PYNN_IZHIKEVICH_GAIN : 1;
}

/**
 * A lif population's membrane capacitance per neuron (F), `tau_m / r_m`, when either is drawn per
 * neuron and `c_m` is not; undefined otherwise (the model's one value holds).
 */
export function perNeuronCm(
  pop: Population,
  per: Readonly<Record<string, ArrayLike<number>>>,
): Float64Array | undefined {
  const m = pop.model;
  if (m.kind !== "lif" || per["c_m"] !== undefined) return undefined;
  const tau = per["tau_m"];
  const r = per["r_m"];
  if (tau === undefined && r === undefined) return undefined;
  const cm = new Float64Array(pop.size);
  for (let i = 0; i < pop.size; i++)
    cm[i] = (tau?.[i] ?? m.params.tau_m) / (r?.[i] ?? m.params.r_m);
  return cm;
}
