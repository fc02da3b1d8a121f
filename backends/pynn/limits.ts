/**
 * What the PyNN export cannot express, reported as errors at the construct's source range (SPEC
 * §8: never a silent change of meaning). `checkPynnLimits` is also what `snnc check` runs for a
 * `--target pynn`. Reports codes `pynn/unsupported-model`, `pynn/unsupported-plasticity`,
 * `pynn/izhikevich-synapses`, `pynn/izhikevich-v-peak`, `pynn/izhikevich-per-neuron-k-in`,
 * `pynn/unsupported-recording`, and the warning `pynn/gap-junctions-neuron-only`.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { Network, PlasticityRule, Population } from "../../compiler/ir/index.js";
import { networkTooLarge } from "../../runtime/index.js";

/** The variables PyNN 0.10 records for each standard cell type the export uses. */
export const PYNN_RECORDABLE: Readonly<Record<string, readonly string[]>> = {
  IF_curr_exp: ["spikes", "v"],
  Izhikevich: ["spikes", "v", "u"],
  SpikeSourcePoisson: ["spikes"],
  SpikeSourceArray: ["spikes"],
};

/** The PyNN standard cell type of a population's model, or null when there is none. */
export function pynnCellType(pop: Population): string | null {
  switch (pop.model.kind) {
    case "lif":
      return "IF_curr_exp";
    case "izhikevich":
      return "Izhikevich";
    case "poisson":
      return "SpikeSourcePoisson";
    case "spike_times":
      return "SpikeSourceArray";
    case "neurocorex_lif":
      return null;
  }
}

/** PyNN's Izhikevich spike cut-off (fixed in its NEST and NEURON implementations), volts. */
const PYNN_IZHIKEVICH_PEAK = 0.03;

/** A plasticity rule the export cannot run, at the construct that uses it. */
function unsupportedRule(sink: DiagnosticSink, rule: PlasticityRule, span: Span): void {
  sink.report({
    code: "pynn/unsupported-plasticity",
    span,
    format: { kind: rule.kind, rule: rule.name },
    related: [{ message: `'${rule.name}' is declared here`, span: rule.origin }],
  });
}

/** Reports every construct of the network that the PyNN export cannot carry. */
export function checkPynnLimits(network: Network, sink: DiagnosticSink): void {
  // the export draws the whole network (synapses, delays, initial values) into its data file
  const tooLarge = networkTooLarge(network);
  if (tooLarge !== null) {
    sink.add(tooLarge);
    return;
  }
  for (const pop of network.populations) {
    const cell = pynnCellType(pop);
    if (cell === null) {
      sink.report({
        code: "pynn/unsupported-model",
        span: pop.origin,
        format: { model: pop.model.kind, population: pop.name },
      });
      continue;
    }
    if (pop.model.kind === "izhikevich") {
      const peak = pop.perNeuron["v_peak"] === undefined ? pop.model.params.v_peak : NaN;
      if (Math.abs(peak - PYNN_IZHIKEVICH_PEAK) > 1e-12)
        sink.report({
          code: "pynn/izhikevich-v-peak",
          span: pop.origin,
          format: {
            population: pop.name,
            value: Number.isNaN(peak) ? "values per neuron" : `${peak * 1e3} mV`,
          },
        });
      if (pop.perNeuron["k_in"] !== undefined)
        sink.report({
          code: "pynn/izhikevich-per-neuron-k-in",
          span: pop.origin,
          format: { population: pop.name },
        });
    }
    if (pop.homeostasis !== null) {
      const rule = network.plasticity[pop.homeostasis];
      if (rule !== undefined) unsupportedRule(sink, rule, pop.origin);
    }
  }
  for (const proj of network.projections) {
    const post = network.populations[proj.post.population];
    if (post?.model.kind === "izhikevich")
      sink.report({
        code: "pynn/izhikevich-synapses",
        span: proj.origin,
        format: { projection: proj.name, population: post.name },
      });
    if (proj.plasticity !== null) {
      const rule = network.plasticity[proj.plasticity];
      if (rule !== undefined && rule.kind !== "stdp") unsupportedRule(sink, rule, proj.origin);
    }
  }
  for (const rec of network.recordings) {
    if (rec.kind !== "state") continue;
    for (const target of rec.targets) {
      const pop = network.populations[target.population];
      if (pop === undefined) continue;
      const cell = pynnCellType(pop);
      if (cell === null) continue;
      const recordable = PYNN_RECORDABLE[cell] ?? [];
      if (!recordable.includes(rec.variable))
        sink.report({
          code: "pynn/unsupported-recording",
          span: rec.origin,
          format: {
            variable: rec.variable,
            population: pop.name,
            cell,
            recordable: recordable.join(", "),
          },
        });
    }
  }
  for (const gap of network.gaps) {
    const a = network.populations[gap.a.population]?.name ?? "?";
    const b = network.populations[gap.b.population]?.name ?? "?";
    sink.report({
      code: "pynn/gap-junctions-neuron-only",
      span: gap.origin,
      format: { gap: `${a} <-> ${b}` },
    });
  }
}
