import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the check area (compiler/passes): modules, names, models, populations,
 * selections, connectivity, plasticity, stimuli, recording, the run and the core order.
 * Append only; never reuse a code.
 */
export const checkCodes = defineCodes({
  // ------------------------------------------------------------ modules
  "import-not-found": {
    severity: "error",
    message: msg`Cannot read '${"path"}'`,
    description: "The main file or an imported file could not be read by the host.",
  },
  "nesting-too-deep": {
    severity: "error",
    message: msg`'${"path"}' nests too deeply to check: brackets, an expression or a chain of definitions thousands of levels deep`,
    description:
      "The checker recurses once a level; a file past the stack's depth is refused as a whole.",
  },
  "import-cycle": {
    severity: "error",
    message: msg`Import cycle: ${"chain"}`,
    description: "A file imports itself through a chain of imports; the chain is listed.",
  },
  "imported-block-ignored": {
    severity: "info",
    message: msg`The '${"block"}' block of imported file '${"file"}' is ignored`,
    description:
      "Only the main file's simulate and target blocks apply; an imported file's are skipped.",
  },
  // ------------------------------------------------------------ declarations and names
  "duplicate-name": {
    severity: "error",
    message: msg`'${"name"}' is already defined`,
    description:
      "Every declaration shares one namespace, across imported files too; rename one of them.",
  },
  "unit-name-as-name": {
    severity: "error",
    message: msg`'${"name"}' is a unit and cannot name a ${"what"}`,
    description: "Unit names (ms, mV, nA, ...) are reserved for quantities.",
  },
  "member-is-constant": {
    severity: "error",
    message: msg`Member name '${"name"}' is also a constant in scope`,
    description:
      "A member name of a named population would be ambiguous with a constant; rename one.",
  },
  "duplicate-member": {
    severity: "error",
    message: msg`Member '${"name"}' appears twice in population '${"population"}'`,
    description: "Member names of one population must be distinct.",
  },
  "unknown-name": {
    severity: "error",
    message: msg`Unknown ${"what"} '${"name"}'${"hint"}`,
    description:
      "A name that no declaration defines; the message suggests a close match. Not reported while an import cannot be read (the name may be declared there).",
  },
  "wrong-kind": {
    severity: "error",
    message: msg`'${"name"}' is a ${"found"}, expected a ${"expected"}`,
    description: "A name was used where a different kind of declaration is expected.",
  },
  "unknown-member": {
    severity: "error",
    message: msg`Population '${"population"}' has no member '${"name"}'${"hint"}`,
    description: "A member name that the named population does not have.",
  },
  "not-in-selection": {
    severity: "error",
    message: msg`'${"name"}' is a member of '${"population"}' but not of this selection`,
    description:
      "from_list pairs index into the selections written on connect, so a member must be one of them.",
  },
  "lone-member-name": {
    severity: "warning",
    message: msg`'${"name"}' makes a population of one neuron named '${"name"}'; did you mean the constant '${"constant"}' as its size?`,
    description:
      "MODEL[x] with x not a constant names one member; a near-miss of a constant's name is probably a typo.",
  },
  "population-not-named": {
    severity: "error",
    message: msg`Population '${"population"}' has no member names`,
    description: "Member names and patterns only apply to populations of named neurons.",
  },
  "const-cycle": {
    severity: "error",
    message: msg`Constant '${"name"}' depends on itself through ${"chain"}`,
    description: "Constants may refer to each other in any order, but not in a cycle.",
  },
  // ------------------------------------------------------------ models and parameters
  "model-cycle": {
    severity: "error",
    message: msg`The bases of model '${"name"}' form a cycle: ${"chain"}`,
    description: "A model's chain of bases must end in a built-in model.",
  },
  "unknown-parameter": {
    severity: "error",
    message: msg`Model '${"model"}' (${"base"}) has no parameter '${"name"}'${"hint"}`,
    description: "A parameter that the built-in base model does not define.",
  },
  "lif-membrane-mismatch": {
    severity: "error",
    message: msg`The membrane values tau_m = ${"tau_m"}, r_m = ${"r_m"} and c_m = ${"c_m"} disagree (tau_m / r_m is ${"expected"})`,
    description: "For lif, c_m = tau_m / r_m; giving all three requires them to agree.",
  },
  "lif-membrane-random": {
    severity: "error",
    message: msg`With tau_m, r_m or c_m drawn per neuron, write tau_m and one of r_m and c_m, the same two for every neuron: the third is derived per neuron from them`,
    description:
      "A neuron's c_m is its tau_m / r_m. With a random member, the derived one must be c_m or r_m for the whole population; tau_m = r_m c_m of a random r_m or c_m is not derived per neuron.",
  },
  "unknown-setting": {
    severity: "error",
    message: msg`Unknown setting '${"name"}' in ${"where"}${"hint"}`,
    description: "A block contains a key that the construct does not accept.",
  },
  "unknown-setting-value": {
    severity: "error",
    message: msg`'${"name"}' must be ${"expected"}${"hint"}`,
    description:
      "A setting that takes one of a few words (receptor, dependence, ...) got something else.",
  },
  "mixed-per-neuron": {
    severity: "error",
    message: msg`'${"name"}' mixes a random value with values for some neurons; give the random value to the whole population or to none`,
    description: "A parameter drawn per neuron cannot also have member-specific values in the IR.",
  },
  "expected-string": {
    severity: "error",
    message: msg`${"what"} must be a string`,
    description: "Column names, file paths and patterns are written as double-quoted strings.",
  },
  "expected-name": {
    severity: "error",
    message: msg`${"what"} must be a name`,
    description: "`neurons = Model` and `plasticity = rule` name a declaration.",
  },
  "per-synapse-not-allowed": {
    severity: "error",
    message: msg`'per_synapse' only applies to a connectome's chemical weight and electrical conductance`,
    description:
      "`per_synapse` multiplies a connectome value by each edge's count; elsewhere it has no meaning.",
  },
  "missing-setting": {
    severity: "error",
    message: msg`${"where"} needs '${"name"}'`,
    description:
      "A required setting is absent. Not reported when an unknown setting of the block was reported as a misspelling of it (did you mean ...?).",
  },
  // ------------------------------------------------------------ populations
  "invalid-population-size": {
    severity: "error",
    message: msg`Population size must be a positive integer, found ${"found"}`,
    description:
      "The size of `MODEL[N]` is a positive integer or a dimensionless integer constant.",
  },
  "unknown-state-variable": {
    severity: "error",
    message: msg`Model '${"model"}' (${"base"}) has no state variable '${"name"}'`,
    description: "`init` and `record` name a state variable of the population's model.",
  },
  "spike-time-negative": {
    severity: "error",
    message: msg`Spike time ${"time"} is negative`,
    description: "spike_times times must be at or after 0.",
  },
  "spike-times-same-step": {
    severity: "error",
    message: msg`Spike times ${"first"} and ${"second"} of one neuron fall in the same step`,
    description: "After rounding to the step grid, one neuron can spike at most once per step.",
  },
  "spike-time-after-duration": {
    severity: "warning",
    message: msg`Spike time ${"time"} is at or after the end of the run (${"duration"}) and is dropped`,
    description: "Times at or after `duration` never happen.",
  },
  "stimulus-never-on": {
    severity: "warning",
    message: msg`Step stimulus '${"name"}' is never on: ${"reason"}`,
    description:
      "A step is on from the first step at or after 'start' to the last before 'stop' (SPEC §7); none of the run's steps may be.",
  },
  "poisson-rate-above-step": {
    severity: "warning",
    message: msg`Rate ${"rate"} is more than one spike per step (dt = ${"dt"}): the source fires every step, ${"max"} at most`,
    description:
      "A poisson source spikes each step with probability rate * dt (SPEC §3); above 1/dt that is 1.",
  },
  "value-rounded": {
    severity: "warning",
    message: msg`${"what"} ${"value"} is not a whole number of steps of ${"dt"}; it becomes ${"rounded"}`,
    description:
      "Times are rounded to the step grid (half away from zero); this warns when that changes them.",
  },
  "not-homeostasis": {
    severity: "error",
    message: msg`'${"name"}' is a ${"rule"} rule; a population's 'plasticity' takes a homeostasis rule`,
    description: "Only homeostasis attaches to a population; stdp rules attach to connections.",
  },
  // ------------------------------------------------------------ selections
  "selection-empty": {
    severity: "error",
    message: msg`${"what"} matches no neuron`,
    description: "A selection, pattern or range that selects nothing.",
  },
  "selection-duplicate": {
    severity: "error",
    message: msg`Neuron ${"neuron"} of '${"population"}' is selected twice`,
    description: "A selection names each neuron at most once.",
  },
  "index-out-of-range": {
    severity: "error",
    message: msg`Index ${"index"} is out of range for ${"range"}`,
    description:
      "Indices run from 0 to size - 1; in from_list they are positions in the written selection.",
  },
  "invalid-range": {
    severity: "error",
    message: msg`Range ${"from"}..${"to"} is reversed`,
    description: "Ranges are inclusive and ascending.",
  },
  // ------------------------------------------------------------ connections
  "unknown-rule": {
    severity: "error",
    message: msg`Unknown connection rule '${"name"}'${"hint"}`,
    description:
      'Rules: all_to_all, one_to_one, fixed_probability(p), fixed_indegree(k), fixed_outdegree(k), from_list([...]), from_csv("file").',
  },
  "rule-arguments": {
    severity: "error",
    message: msg`Rule '${"rule"}' takes ${"expected"}`,
    description: "A connection rule was called with the wrong arguments.",
  },
  "size-mismatch": {
    severity: "error",
    message: msg`Rule one_to_one needs selections of equal size, found ${"pre"} and ${"post"}`,
    description: "one_to_one pairs the two selections in written order.",
  },
  "projection-empty": {
    severity: "warning",
    message: msg`The projection ${"pre"} -> ${"post"} makes no synapse: every pair it would make joins a neuron to itself, and allow_self is false`,
    description:
      "Every pair the rule would make joins a neuron to itself (one_to_one of a selection onto itself, p[0] -> p[0]) and allow_self is false, so the projection is empty.",
  },
  "degree-too-large": {
    severity: "error",
    message: msg`${"rule"}(${"k"}) draws more than the ${"pool"} available${"repeats"}`,
    description:
      "Without allow_multapses a degree rule draws without replacement from a pool; with it, the pool must still hold a neuron.",
  },
  "csv-error": {
    severity: "error",
    message: msg`${"message"}`,
    description: "A from_csv connection list is missing, has a bad header or a malformed row.",
  },
  "zero-mean-weight": {
    severity: "error",
    message: msg`The weight's mean is 0, so its receptor is undecided; write 'receptor = exc' or 'receptor = inh'`,
    description:
      "Without `receptor`, a projection's receptor follows the sign of its weight's mean.",
  },
  "weight-crosses-zero": {
    severity: "warning",
    message: msg`The weight's range ${"range"} crosses 0: ${"detail"}`,
    description:
      "Drawn weights of the opposite sign become 0 (at build time the count of zeroed draws is reported); weights given per edge (from_csv) are kept as written. Only when some synapse is expected to get the opposite sign: a normal far from 0 does not warn.",
  },
  "positive-inhibitory-weight": {
    severity: "warning",
    message: msg`A positive weight (${"value"}) on an inh receptor; inhibitory weights are negative currents`,
    description: "Inhibitory weights are usually written negative.",
  },
  "delay-below-dt": {
    severity: "error",
    message: msg`Delay ${"delay"} is shorter than one step (${"dt"})`,
    description: "Delays are at least dt after rounding.",
  },
  "delay-on-core": {
    severity: "error",
    message: msg`Projections onto neurocorex_lif have fixed delays (0 from spike sources, dt recurrent); remove 'delay'`,
    description: "The core's timing is fixed; a written delay cannot be honoured.",
  },
  "plasticity-not-applicable": {
    severity: "error",
    message: msg`Rule '${"name"}' (${"rule"}) cannot apply here: ${"reason"}`,
    description:
      "stdp on excitatory projections onto lif/izhikevich; stdp_window between neurocorex_lif; homeostasis on lif populations.",
  },
  "invalid-projection": {
    severity: "error",
    message: msg`Cannot connect '${"pre"}' to '${"post"}': ${"reason"}`,
    description:
      "Nothing arrives at a spike source, and lif/izhikevich neurons cannot drive neurocorex_lif neurons (the core's inputs are spike sources).",
  },
  "invalid-bool": {
    severity: "error",
    message: msg`'${"name"}' must be true or false`,
    description: "allow_self and allow_multapses take true or false.",
  },
  "negative-excitatory-weight": {
    severity: "warning",
    message: msg`A negative weight on an exc receptor: ${"fate"}`,
    description:
      "Excitatory weights are currents of 0 or more; write receptor = inh for inhibition. Drawn weights below 0 become 0; a constant or per-edge weight is kept as written.",
  },
  // ------------------------------------------------------------ gaps
  "gap-model": {
    severity: "error",
    message: msg`Gap junctions couple lif or izhikevich neurons; '${"population"}' is ${"model"}`,
    description:
      "A gap junction's current depends on two membrane potentials in volts; spike sources and core neurons have none.",
  },
  "record-target": {
    severity: "error",
    message: msg`'record ${"what"}' takes ${"expected"}`,
    description:
      "Spikes and state variables are recorded of populations; weights of a projection written PRE -> POST.",
  },
  "gap-no-pairs": {
    severity: "error",
    message: msg`This gap junction couples no pair of distinct neurons`,
    description: "Every pair is a neuron of A with a different neuron of B.",
  },
  // ------------------------------------------------------------ plasticity rules
  "unknown-plasticity-rule": {
    severity: "error",
    message: msg`Unknown plasticity rule '${"name"}'${"hint"}`,
    description: "Rules: stdp, stdp_window, homeostasis.",
  },
  "stdp-bounds": {
    severity: "error",
    message: msg`Rule stdp needs 0 <= w_min < w_max, found w_min = ${"w_min"}, w_max = ${"w_max"}`,
    description: "STDP weights are clipped into [w_min, w_max].",
  },
  "weight-clipped": {
    severity: "warning",
    message: msg`Initial weights ${"range"} are clipped into [${"w_min"}, ${"w_max"}] by '${"rule"}'`,
    description: "A plastic projection's starting weights lie partly outside the rule's bounds.",
  },
  "stdp-window-mismatch": {
    severity: "error",
    message: msg`Every stdp_window rule of a network must have the same parameters; '${"name"}' differs from '${"first"}'`,
    description: "The core's learning parameters are global.",
  },
  "plastic-weight-range": {
    severity: "warning",
    message: msg`Plastic weight ${"weight"} ${"problem"}`,
    description:
      "stdp_window weights below -1 or at 128 - step_plus and above behave unexpectedly on the core's 8-bit arithmetic.",
  },
  // ------------------------------------------------------------ stimuli and recording
  "unknown-stimulus-kind": {
    severity: "error",
    message: msg`Unknown stimulus kind '${"name"}'${"hint"}`,
    description: "Stimulus kinds: current, step, sine, noise.",
  },
  "stimulus-target": {
    severity: "error",
    message: msg`A stimulus cannot drive '${"population"}': its model ${"model"} ${"reason"}`,
    description: "Stimuli inject current into lif or izhikevich neurons only.",
  },
  "unknown-record-kind": {
    severity: "error",
    message: msg`Cannot record '${"name"}'${"hint"}`,
    description: "Record spikes, a state variable (v, i_exc, i_inh, u) or weights.",
  },
  "record-every": {
    severity: "error",
    message: msg`'every' = ${"every"} is not a positive multiple of dt = ${"dt"}`,
    description: "Sampling happens on the step grid.",
  },
  "no-such-projection": {
    severity: "error",
    message: msg`No projection goes from ${"pre"} to ${"post"}`,
    description:
      "`record weights of PRE -> POST` names a projection by its selections as written on connect.",
  },
  // ------------------------------------------------------------ run and targets
  "duplicate-block": {
    severity: "error",
    message: msg`More than one '${"block"}' block`,
    description: "A network has one simulate block and one target block per target name.",
  },
  "duration-not-whole": {
    severity: "error",
    message: msg`The duration ${"duration"} is not a whole number of steps of dt ${"dt"}`,
    description: "The run lasts an integer number of steps.",
  },
  "too-many-steps": {
    severity: "error",
    message: msg`The run has ${"steps"} steps (duration ${"duration"}, dt ${"dt"}), more than the ${"limit"} a run can have`,
    description:
      "Steps are counted in 32-bit integers (the spike tables' time stamps): a run has at most 2147483647 steps.",
  },
  "unknown-target": {
    severity: "error",
    message: msg`Unknown target '${"name"}'${"hint"}`,
    description: "Targets: js, neurocorex.",
  },
  // ------------------------------------------------------------ the core
  "core-order-impossible": {
    severity: "error",
    message: msg`No order of the core's neurons avoids a recurrent connection to a predecessor, which the core drops: ${"connection"}`,
    description:
      "The core silently drops a connection from neuron m to neuron m - 1; no order avoids all of them.",
  },
  "core-leaks-differ": {
    severity: "error",
    message: msg`Population '${"second"}' has leak ${"b"} but '${"first"}' has leak ${"a"}; all neurocorex_lif neurons are on one core, which has one leak`,
    description:
      "The core subtracts one global leak from every neuron; give every neurocorex_lif population the same leak.",
  },
  "recurrent-below-threshold": {
    severity: "warning",
    message: msg`Recurrent weight ${"weight"} is below the threshold ${"threshold"}: the target fires only when inputs accumulate over consecutive spiking steps`,
    description:
      "On the core, recurrent current persists only while some neuron spikes every step.",
  },
});
