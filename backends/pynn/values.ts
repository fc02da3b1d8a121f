/**
 * Values that stop being numbers when the PyNN export converts them from SI to PyNN's units (ms,
 * mV, nA, nF, µS): `tau_m = 1e306 s` is 1e309 ms, which float64 holds only as infinity. Each is an
 * error (`pynn/value-not-finite`) at the construct that holds it, found before the script is
 * written: inline it stopped the export with an internal error, in the side file it became `inf`.
 * The factors are the emitter's own (./units.ts, ./script.ts).
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { Network, Population } from "../../compiler/ir/index.js";
import {
  IZHIKEVICH_TO_PYNN,
  INIT_TO_PYNN,
  LIF_TO_PYNN,
  currentGain,
  perNeuronCm,
} from "./units.js";
import type { PynnBuilt } from "./structure.js";

/** Reports the first value of each construct whose PyNN value is not finite. */
export function checkPynnValues(network: Network, built: PynnBuilt, sink: DiagnosticSink): void {
  const check: Check = (span, what, values, factor, unit) => {
    const list = typeof values === "number" ? [values] : values;
    for (let i = 0; i < list.length; i++) {
      const si = list[i] ?? 0;
      if (Number.isFinite(si * factor)) continue;
      // PyNN's units are SI units with a prefix: 'ms' is a conversion from 's'.
      sink.report({
        code: "pynn/value-not-finite",
        span,
        format: { what, value: `${si} ${unit.slice(1)}`, unit },
      });
      return;
    }
  };
  for (const pop of network.populations) checkPopulation(pop, built, check);
  for (const proj of network.projections) {
    const b = built.projections.find((p) => p.id === proj.id);
    if (b !== undefined) check(proj.origin, `A weight of '${proj.name}'`, b.weight, 1e9, "nA");
    const rule = proj.plasticity === null ? undefined : network.plasticity[proj.plasticity];
    if (rule?.kind === "stdp") {
      const what = (p: string) => `'${p}' of '${rule.name}'`;
      check(rule.origin, what("tau_plus"), rule.tau_plus, 1e3, "ms");
      check(rule.origin, what("tau_minus"), rule.tau_minus, 1e3, "ms");
      check(rule.origin, what("w_min"), rule.w_min, 1e9, "nA");
      check(rule.origin, what("w_max"), rule.w_max, 1e9, "nA");
    }
  }
  for (const gap of network.gaps) {
    const b = built.gaps.find((g) => g.id === gap.id);
    if (b !== undefined) check(gap.origin, "A gap-junction conductance", b.g, 1e6, "uS");
  }
  for (const stim of network.stimuli) {
    const pop = network.populations[stim.target.population];
    if (pop === undefined) continue;
    const g = currentGain(pop) * 1e9;
    const what = (p: string) => `'${p}' of stimulus '${stim.name}'`;
    const w = stim.wave;
    switch (w.kind) {
      case "current":
        check(stim.origin, what("amplitude"), w.amplitude, g, "nA");
        break;
      case "step":
        check(stim.origin, what("amplitude"), w.amplitude, g, "nA");
        check(stim.origin, what("start"), w.start, 1e3, "ms");
        check(stim.origin, what("stop"), w.stop, 1e3, "ms");
        break;
      case "sine":
        check(stim.origin, what("amplitude"), w.amplitude, g, "nA");
        check(stim.origin, what("offset"), w.offset, g, "nA");
        break;
      case "noise":
        check(stim.origin, what("mean"), w.mean, g, "nA");
        check(stim.origin, what("sd"), w.sd, g, "nA");
        break;
    }
  }
}

/** PyNN's unit of each converted parameter (the ones whose factor is not 1). */
const PYNN_UNIT: Readonly<Record<string, string>> = {
  tau_m: "ms",
  c_m: "nF",
  v_rest: "mV",
  v_reset: "mV",
  v_th: "mV",
  t_ref: "ms",
  tau_syn_exc: "ms",
  tau_syn_inh: "ms",
  i_bias: "nA",
  c: "mV",
  d: "mV",
};

type Check = (
  span: Span,
  what: string,
  values: ArrayLike<number> | number,
  factor: number,
  unit: string,
) => void;

function checkPopulation(pop: Population, built: PynnBuilt, check: Check): void {
  const m = pop.model;
  const per = built.params[pop.id] ?? {};
  const table = m.kind === "lif" ? LIF_TO_PYNN : m.kind === "izhikevich" ? IZHIKEVICH_TO_PYNN : {};
  const base = m.params as unknown as Readonly<Record<string, number>>;
  for (const [irName, [pyName, factor0]] of Object.entries(table)) {
    const factor = irName === "i_bias" ? factor0 * currentGain(pop) : factor0;
    const unit = PYNN_UNIT[irName] ?? pyName;
    const what = `'${irName}' of '${pop.name}'`;
    check(pop.origin, what, base[irName] ?? 0, factor, unit);
    const values = per[irName];
    if (values !== undefined) check(pop.origin, what, values, factor, unit);
  }
  const cm = perNeuronCm(pop, per);
  if (cm !== undefined) check(pop.origin, `'c_m' of '${pop.name}'`, cm, 1e9, "nF");
  if (m.kind === "spike_times") {
    for (const times of m.params.times)
      check(pop.origin, `A spike time of '${pop.name}'`, times, 1e3, "ms");
  }
  const init = built.init[pop.id] ?? {};
  for (const key of Object.keys(init).sort()) {
    const conv = INIT_TO_PYNN[key];
    const values = init[key];
    if (conv === undefined || values === undefined) continue;
    check(
      pop.origin,
      `The initial '${key}' of '${pop.name}'`,
      values,
      conv[1],
      key.startsWith("i_") ? "nA" : "mV",
    );
  }
}
