import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the NeuroCoreX target (backends/neurocorex, runtime/ncx, `snnc inspect`,
 * `snnc upload`): what the core cannot express (NEUROCOREX.md §4, §6.4; SPEC §8), the quirks a
 * network leans on, and image or board problems. Append only; never reuse a code.
 */
export const fpgaCodes = defineCodes({
  // ------------------------------------------------------------ what goes on the core
  "fpga/no-core-neurons": {
    severity: "error",
    message: msg`The neurocorex target needs at least one 'neurocorex_lif' neuron`,
    description: "A network built for the NeuroCoreX core has no neuron of the core's model.",
  },
  "fpga/model-not-on-core": {
    severity: "error",
    message: msg`Population '${"population"}' uses model '${"model"}' (${"kind"}), which the NeuroCoreX core cannot run; only 'neurocorex_lif' neurons and spike sources are allowed`,
    description:
      "Every non-source neuron of a neurocorex network must be a neurocorex_lif neuron on the core.",
  },
  "fpga/too-many-neurons": {
    severity: "error",
    message: msg`The network puts ${"count"} neurons on the core, which has ${"limit"}`,
    description: "The core has 90 logical neurons (slots 4..93).",
  },
  "fpga/too-many-inputs": {
    severity: "error",
    message: msg`The network drives the core from ${"count"} spike sources, which has ${"limit"} input addresses (address 95 is kept for fillers)`,
    description: "Input addresses are 0..94; address 95 stays free for filler and trailing events.",
  },
  "fpga/gap-junction": {
    severity: "error",
    message: msg`The NeuroCoreX core has no gap junctions`,
    description: "Electrical coupling cannot be expressed on the core; remove the gap declaration.",
  },
  "fpga/projection-not-supported": {
    severity: "error",
    message: msg`Projection '${"projection"}' cannot be placed on the core: ${"reason"}`,
    description:
      "Only spike source → neurocorex_lif (input) and neurocorex_lif → neurocorex_lif (recurrent) projections exist on the core.",
  },
  "fpga/delay": {
    severity: "error",
    message: msg`Projection '${"projection"}' has a delay of ${"delay"}; on the core input projections have none and recurrent ones exactly one step`,
    description: "The core has no per-synapse delays.",
  },
  "fpga/plasticity-not-supported": {
    severity: "error",
    message: msg`Plasticity rule '${"rule"}' (${"kind"}) cannot run on the NeuroCoreX core; only 'stdp_window' can`,
    description: "The core learns only with its rectangular-window STDP.",
  },
  "fpga/plasticity-on-input": {
    severity: "error",
    message: msg`Projection '${"projection"}' is an input projection; learning on the core's input synapses writes other cells, so only recurrent projections may learn`,
    description: "FF STDP is addressed transposed on the core (NEUROCOREX.md 6.3.3).",
  },
  "fpga/plasticity-differs": {
    severity: "error",
    message: msg`Plasticity rules '${"first"}' and '${"second"}' differ; the core has one global STDP setting`,
    description: "Every stdp_window rule used on the core must have the same parameters.",
  },
  "fpga/window-range": {
    severity: "error",
    message: msg`'${"what"}' of rule '${"rule"}' is ${"value"}; the core allows ${"range"}`,
    description: "STDP windows are 8-bit step counts and steps are int8 weight increments.",
  },
  "fpga/weight-range": {
    severity: "error",
    message: msg`Projection '${"projection"}' gives a weight of ${"value"} from '${"pre"}' to '${"post"}'; core weights are integers in -128..127`,
    description:
      "Core weights are int8 (after summing synapses that share a cell, and after the FF gain).",
  },
  "fpga/predecessor-connection": {
    severity: "error",
    message: msg`The core drops the recurrent connection from '${"pre"}' to its predecessor '${"post"}' in the core order`,
    description: "Neuron m can never excite neuron m−1 on the core (NEUROCOREX.md 6.2.1).",
  },
  "fpga/recurrent-row-reserved": {
    severity: "error",
    message: msg`'${"post"}' is logical neuron ${"logical"} on the core, whose recurrent row must stay zero`,
    description:
      "AA rows 94 and 95 (logical neurons 88 and 89) leak their current into other slots.",
  },
  "fpga/plastic-cell-shared": {
    severity: "error",
    message: msg`The synapse from '${"pre"}' to '${"post"}' is plastic and shares its core cell with another synapse`,
    description: "A learning synapse must own its cell of the AA matrix.",
  },
  "fpga/input-collision": {
    severity: "error",
    message: msg`Spike sources '${"first"}' and '${"second"}' both spike at ${"time"} ms (step ${"step"}); the core takes one input spike per step`,
    description:
      "Serialise the inputs yourself: the core injects at most one input event per step.",
  },
  "fpga/input-at-zero": {
    severity: "error",
    message: msg`Spike source '${"source"}' spikes at 0 ms; the first step an input can reach the core is step 1`,
    description: "The first input event is injected in step dt+1 >= 1.",
  },
  "fpga/too-many-events": {
    severity: "error",
    message: msg`The run needs ${"count"} input events, more than the core's queue holds (${"limit"}); set 'pace_upload = true' in the target block to let upload pace them`,
    description: "The core's event FIFO is 1024 deep and silently drops writes when full.",
  },
  "fpga/init-on-core": {
    severity: "error",
    message: msg`'init ${"variable"}' on core population '${"population"}': the core always starts from 0`,
    description: "The core clears its state at the start of every run.",
  },
  "fpga/stimulus-on-core": {
    severity: "error",
    message: msg`Stimulus '${"stimulus"}' injects current into the core, which has no current input`,
    description: "Drive core neurons through spike sources instead.",
  },
  "fpga/leaks-differ": {
    severity: "error",
    message: msg`'${"first"}' has leak ${"a"} but '${"second"}' has leak ${"b"}; the core has one global leak`,
    description: "The leak is one subtractive constant shared by every neuron.",
  },
  "fpga/leak-wraps": {
    severity: "error",
    message: msg`A leak of ${"leak"} per step takes the value of '${"neuron"}', without input, past ${"bound"} in step ${"step"} of the ${"steps"} steps of the run, where it wraps`,
    description:
      "The core's value has no floor; it wraps around at ±128. A rising value (negative leak) wraps only while the refractory period holds its spike back.",
  },
  "fpga/recurrent-sum": {
    severity: "error",
    message: msg`The recurrent weights into '${"post"}' sum to ${"sum"}; the core needs the sum in -128..127`,
    description: "The AA accumulator is shifted into 18 bits and wraps beyond ±127.",
  },
  "fpga/threshold-headroom": {
    severity: "error",
    message: msg`'${"neuron"}' has threshold ${"threshold"} and can receive ${"input"} in one step; their sum reaches 128, where the core's value wraps`,
    description: "threshold + largest single-step input must stay below 128.",
  },
  "fpga/value-range": {
    severity: "error",
    message: msg`${"what"} of '${"where"}' is ${"value"}; the core allows ${"range"}`,
    description: "Thresholds, leak and refractory periods must fit the core's registers.",
  },
  "fpga/value-rounded": {
    severity: "warning",
    message: msg`${"what"} of '${"where"}' is ${"value"}; the core stores ${"stored"}`,
    description: "Q7.10 values have a resolution of 1/1024.",
  },
  "fpga/state-not-recordable": {
    severity: "error",
    message: msg`'${"variable"}' of '${"population"}' cannot be recorded on the core; only 'v' of core neurons can`,
    description: "The core model exposes the membrane value of core neurons only.",
  },
  // ------------------------------------------------------------ quirks found by the core model
  "fpga/input-lost": {
    severity: "warning",
    message: msg`The input from address ${"address"} to '${"neuron"}' at ${"time"} ms is lost because its predecessor '${"predecessor"}' spikes in that step`,
    description: "The core discards an input to neuron b when neuron b−1 spikes in the same step.",
  },
  "fpga/current-cleared": {
    severity: "warning",
    message: msg`The recurrent current of '${"neuron"}' is cleared by a quiet step at ${"time"} ms before it made the neuron spike`,
    description:
      "Recurrent current accumulates only across consecutive steps with spikes; a quiet step clears it.",
  },
  "fpga/current-inherited": {
    severity: "warning",
    message: msg`At ${"time"} ms '${"neuron"}' takes its predecessor's recurrent current (${"current"}) because it was the only neuron to spike (a hazard read from the RTL, not confirmed)`,
    description:
      "A sole spiker inherits its left neighbour's recurrent current (NEUROCOREX.md 6.2.1).",
  },
  "fpga/value-wraps": {
    severity: "warning",
    message: msg`The value of '${"neuron"}' wraps around past ±128 at ${"time"} ms`,
    description: "The core's 18-bit value has no saturation.",
  },
  // ------------------------------------------------------------ images and boards
  "fpga/image-unreadable": {
    severity: "error",
    message: msg`Cannot read the image '${"path"}': ${"reason"}`,
    description: "The .ncx file named on the command line cannot be read.",
  },
  "fpga/image-invalid": {
    severity: "error",
    message: msg`'${"path"}' is not a complete NeuroCoreX image: ${"reason"}`,
    description: "The file ends inside a command or does not start with a command header.",
  },
  "fpga/serial-error": {
    severity: "error",
    message: msg`Serial port '${"port"}': ${"reason"}`,
    description: "The serial port could not be opened, written or read.",
  },
  "fpga/board-silent": {
    severity: "error",
    message: msg`The board on '${"port"}' sent no start marker within ${"seconds"} s`,
    description:
      "No 0xFF arrived after the run command: check the port, the bitstream and the cable.",
  },
  "fpga/stream-cut": {
    severity: "error",
    message: msg`The board sent ${"frames"} of ${"expected"} frames before going silent`,
    description: "The spike stream stopped early; frames after the cut are missing.",
  },
  "fpga/frames-differ": {
    severity: "warning",
    message: msg`The board's frame ${"frame"} (${"time"} ms) differs from the core model's: ${"detail"}`,
    description: "The board and the bit-accurate model disagree; the first difference is shown.",
  },
  "fpga/readback-differs": {
    severity: "warning",
    message: msg`The board's read-back input weights differ from the image in ${"count"} cells, first at row ${"row"}, column ${"col"}: ${"board"} instead of ${"image"}`,
    description: "The FF RAM read back with 0x50 is not what the image wrote.",
  },
  "fpga/readback-cut": {
    severity: "error",
    message: msg`The board sent ${"count"} of the ${"expected"} read-back bytes before going silent; ff_readback.csv is not written`,
    description:
      "The 0x50 read-back of the input-weight RAM stopped early; a partial matrix would list missing weights as zero.",
  },
  "fpga/window-unconfirmed": {
    severity: "warning",
    message: msg`'${"what"}' of rule '${"rule"}' is ${"value"} steps; the board's trace counters mark bit 7 as idle (NEUROCOREX.md §2.2), so a window of 128 steps or more is not confirmed to act on the board as the core model applies it (1..127 steps are)`,
    description:
      "The core's 8-bit STDP trace counters read bit 7 set as idle; windows of 128..255 steps are allowed but unconfirmed on the board.",
  },
  "fpga/refractory-persists": {
    severity: "warning",
    message: msg`Some refractory counters are still running when the run ends; the next run on this board may start differently`,
    description: "Refractory counters persist between runs on the board.",
  },
});
