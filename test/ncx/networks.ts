/**
 * Hand-built IR networks for the NeuroCoreX tests (the front end is tested elsewhere; these
 * pin the exact IR the core backend receives). `spec95()` is SPEC §9.5 as the checker lowers it.
 */
import type {
  Network,
  NeuronModel,
  PlasticityRule,
  Population,
  Projection,
  Recording,
} from "../../compiler/ir/index.js";

const span = (start = 0, end = 1) => ({ file: 0, start, end });

export function population(
  id: number,
  name: string,
  model: NeuronModel,
  size: number,
  memberNames: readonly string[] | null = null,
): Population {
  return {
    id,
    name,
    size,
    memberNames,
    modelName: model.kind === "neurocorex_lif" ? "Core" : "Sensor",
    model,
    perNeuron: {},
    init: {},
    homeostasis: null,
    origin: span(id * 10, id * 10 + 5),
  };
}

export function coreModel(threshold = 10, leak = 0, tRef = 0.002): NeuronModel {
  return { kind: "neurocorex_lif", params: { threshold, leak, t_ref: tRef } };
}

export function spikeTimes(times: readonly (readonly number[])[]): NeuronModel {
  return { kind: "spike_times", params: { times } };
}

export function projection(
  id: number,
  pre: [number, readonly number[] | null],
  post: [number, readonly number[] | null],
  weight: number,
  delay: number,
  plasticity: number | null = null,
  name = `p${id}`,
): Projection {
  return {
    id,
    name,
    pre: { population: pre[0], indices: pre[1] },
    post: { population: post[0], indices: post[1] },
    rule: { kind: "all_to_all" },
    allowSelf: false,
    allowMultapses: false,
    weight: { kind: "const", value: weight },
    delay: { kind: "const", value: delay },
    receptor: weight < 0 ? "inh" : "exc",
    plasticity,
    origin: span(100 + id * 10, 105 + id * 10),
  };
}

export function stdpWindow(pre = 3, post = 3, plus = 1, minus = 1): PlasticityRule {
  return {
    kind: "stdp_window",
    id: 0,
    name: "window",
    window_pre_steps: pre,
    window_post_steps: post,
    step_plus: plus,
    step_minus: minus,
    origin: span(300, 310),
  };
}

export interface NetworkParts {
  readonly name?: string;
  readonly dt?: number;
  readonly steps: number;
  readonly seed?: number;
  readonly populations: readonly Population[];
  readonly projections: readonly Projection[];
  readonly plasticity?: readonly PlasticityRule[];
  readonly recordings?: readonly Recording[];
  readonly core?: Network["core"];
}

export function network(parts: NetworkParts): Network {
  const dt = parts.dt ?? 0.001;
  return {
    irVersion: 1,
    name: parts.name ?? "net",
    seed: parts.seed ?? 0,
    dt,
    duration: parts.steps * dt,
    steps: parts.steps,
    populations: parts.populations,
    projections: parts.projections,
    gaps: [],
    plasticity: parts.plasticity ?? [],
    stimuli: [],
    recordings: parts.recordings ?? [],
    targets: [{ name: "neurocorex", options: {}, origin: span(400, 420) }],
    core: parts.core ?? null,
  };
}

/** SPEC §9.5 "On the NeuroCoreX core". */
export function spec95(): Network {
  const ms = 0.001;
  return network({
    name: "core",
    steps: 50,
    populations: [
      population(
        0,
        "sensors",
        spikeTimes([
          [5 * ms, 7 * ms, 9 * ms],
          [6 * ms, 8 * ms, 10 * ms],
          [30 * ms, 32 * ms, 34 * ms],
        ]),
        3,
        ["ALML", "AVM", "PLML"],
      ),
      population(1, "command", coreModel(10, 0, 2 * ms), 3, ["AVAL", "AVBL", "AVAR"]),
    ],
    projections: [
      projection(0, [0, [0, 1]], [1, [0]], 6, 0, null, "sensors[ALML, AVM]->command[AVAL]"),
      projection(1, [0, [2]], [1, [1]], 6, 0, null, "sensors[PLML]->command[AVBL]"),
      projection(2, [0, [2]], [1, [0]], -4, 0, null, "sensors[PLML]->command[AVAL]"),
      projection(3, [1, [0]], [1, [2]], 12, ms, 0, "command[AVAL]->command[AVAR]"),
    ],
    plasticity: [stdpWindow()],
    recordings: [
      {
        kind: "spikes",
        id: 0,
        targets: [{ population: 1, indices: null }],
        origin: span(500, 510),
      },
      { kind: "weights", id: 1, projections: [3], everySteps: 1, origin: span(520, 530) },
    ],
    core: {
      neurons: [
        { population: 1, index: 0 },
        { population: 1, index: 1 },
        { population: 1, index: 2 },
      ],
      inputs: [
        { population: 0, index: 0 },
        { population: 0, index: 1 },
        { population: 0, index: 2 },
      ],
    },
  });
}
