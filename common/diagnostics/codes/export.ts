import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the export area: the PyNN script (`pynn/`) and the NIR graph (`nir/`).
 * Each reports a construct of the network that the target cannot express (an error, SPEC §5/§8:
 * never a silent change of meaning) or one that the export leaves out on purpose (a warning that
 * says what is lost). Append only; never reuse a code.
 */
export const exportCodes = defineCodes({
  // ------------------------------------------------------------ PyNN
  "pynn/unsupported-model": {
    severity: "error",
    message: msg`PyNN has no standard cell type for the '${"model"}' model of population '${"population"}'`,
    description:
      "The PyNN export maps lif to IF_curr_exp, izhikevich to Izhikevich and spike sources to SpikeSourcePoisson/SpikeSourceArray; other models (neurocorex_lif) have no PyNN equivalent.",
  },
  "pynn/unsupported-plasticity": {
    severity: "error",
    message: msg`The ${"kind"} rule '${"rule"}' cannot run in the PyNN export`,
    description:
      "Only pair-based stdp maps to PyNN (STDPMechanism with SpikePairRule); stdp_window (the NeuroCoreX core's rule) and homeostasis have no PyNN standard model.",
  },
  "pynn/izhikevich-synapses": {
    severity: "error",
    message: msg`Projection '${"projection"}' targets the Izhikevich population '${"population"}', whose PyNN model has delta synapses instead of snnc's exponential currents`,
    description:
      "PyNN's standard Izhikevich cell adds each weight to v at once; snnc's izhikevich filters synaptic input through tau_syn_exc/tau_syn_inh, so the export would change the network's meaning.",
  },
  "pynn/izhikevich-v-peak": {
    severity: "error",
    message: msg`PyNN's Izhikevich cell spikes at 30 mV, but population '${"population"}' has v_peak = ${"value"}`,
    description: "PyNN's standard Izhikevich cell has a fixed spike cut-off of 30 mV.",
  },
  "pynn/unsupported-recording": {
    severity: "error",
    message: msg`PyNN cannot record '${"variable"}' of population '${"population"}' (${"cell"} records ${"recordable"})`,
    description:
      "PyNN 0.10's IF_curr_exp records spikes and v only; Izhikevich records spikes, v and u; spike sources record spikes.",
  },
  "pynn/gap-junctions-neuron-only": {
    severity: "warning",
    message: msg`Gap junctions '${"gap"}' run only on PyNN's NEURON backend: the script refuses nest and brian2`,
    description:
      "PyNN implements ElectricalSynapse only for NEURON; the exported script stops with a message naming the gap junctions when run on another backend.",
  },
  "pynn/izhikevich-per-neuron-k-in": {
    severity: "error",
    message: msg`Population '${"population"}' sets k_in per neuron, which the PyNN export cannot scale into its current sources`,
    description:
      "PyNN's Izhikevich input gain is fixed (1 mV/ms per pA); the export rescales currents by the population's k_in, which must therefore be one value.",
  },
  "pynn/value-not-finite": {
    severity: "error",
    message: msg`${"what"} is ${"value"}, which is not a finite number in PyNN's unit (${"unit"})`,
    description:
      "PyNN takes ms, mV, nA, nF and uS; a value whose conversion from SI exceeds the float64 range would be infinite in the script.",
  },
  // ------------------------------------------------------------ NIR
  "nir/unsupported-model": {
    severity: "error",
    message: msg`NIR has no node for the '${"model"}' model of population '${"population"}'`,
    description:
      "The NIR export writes lif as CubaLIF and spike sources as Input nodes; izhikevich and neurocorex_lif have no NIR primitive.",
  },
  "nir/unsupported-construct": {
    severity: "error",
    message: msg`${"construct"} cannot be exported to NIR: ${"reason"}`,
    description:
      "A construct whose meaning NIR cannot carry (gap junctions, per-synapse delays that differ, a population with different exc and inh synaptic time constants receiving both).",
  },
  "nir/dropped-construct": {
    severity: "warning",
    message: msg`${"construct"} is left out of the NIR graph: ${"reason"}`,
    description:
      "The NIR graph describes the network's static structure and neuron dynamics; refractory periods, time-varying stimuli, plasticity, initial values and state recordings have no NIR field and are dropped.",
  },
});
