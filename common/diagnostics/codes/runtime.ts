import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the runtime area. Append only; never reuse a code. */
export const runtimeCodes = defineCodes({
  "non-finite-state": {
    severity: "error",
    message: msg`The state of '${"population"}'[${"index"}] became ${"value"} (variable '${"variable"}') at ${"time"} ms; the run stopped there`,
    description:
      "A neuron's state became NaN or infinite during a run (usually weights or currents far too large, or a time step too long for izhikevich). The recordings up to that step are still written.",
  },
  "network-too-large": {
    severity: "error",
    message: msg`The network needs about ${"bytes"} bytes of memory to simulate, more than the limit of ${"limit"} bytes; the largest part is ${"part"}, about ${"partBytes"} bytes`,
    description:
      "The estimated size of the state, synapse, spike history and recording arrays is over the simulator's limit; the run is refused before anything is allocated. The diagnostic points at the declaration of the largest part: reduce the network, the connection probability, the longest delay, or what is recorded (fewer neurons, a longer `every`, a shorter run).",
  },
  "weights-wrong-sign": {
    severity: "warning",
    message: msg`${"count"} drawn weights of '${"projection"}' had the wrong sign for receptor '${"receptor"}' and were set to 0`,
    description:
      "A random weight expression produced values of the opposite sign to the projection's receptor (SPEC §3); those synapses carry weight 0.",
  },
  "stdp-weights-clipped": {
    severity: "warning",
    message: msg`${"count"} initial weights of '${"projection"}' were clipped into [w_min, w_max] of its stdp rule`,
    description: "Initial weights outside the stdp rule's range are clipped into it (SPEC §5).",
  },
  "delays-raised": {
    severity: "warning",
    message: msg`${"count"} drawn delays of '${"projection"}' were shorter than one step and were raised to one step`,
    description:
      "A random delay expression drew values below dt; delays are at least one step (SPEC §7).",
  },
  "core-model-unavailable": {
    severity: "error",
    message: msg`The NeuroCoreX core model cannot run this network: ${"reason"}`,
    description:
      "snnc run of a neurocorex network needs the bit-accurate core model (runtime/ncx).",
  },
});
