/**
 * The Brian2 fixtures as data, and the network IR built by hand from a fixture's own description
 * of its network (the `network` field written by scripts/brian2/make_fixtures.py). With it the
 * agreement test checks the simulator on its own, independently of the front end, next to the
 * end-to-end path through the fixture's `.snn` file.
 */
import type {
  IzhikevichParams,
  LifParams,
  Network,
  NeuronModel,
  PlasticityRule,
  Population,
  Projection,
  Recording,
  StateVariable,
  Stimulus,
  StimulusWave,
  ValueExpr,
} from "../../compiler/ir/index.js";

/** One population of a fixture's network (SI values). */
export interface FixturePopulation {
  readonly name: string;
  readonly kind: "lif" | "izhikevich" | "spike_times";
  readonly size: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly times?: readonly (readonly number[])[];
}

/** A fixture's network, as networks.py describes it. */
export interface FixtureNetwork {
  readonly duration: number;
  readonly populations: readonly FixturePopulation[];
  readonly projections: readonly {
    readonly pre: string;
    readonly post: string;
    readonly pairs: readonly (readonly [number, number])[];
    readonly weight: number;
    readonly delay: number;
    readonly receptor: "exc" | "inh";
    readonly plasticity: string | null;
  }[];
  readonly gaps: readonly {
    readonly a: string;
    readonly b: string;
    readonly pairs: readonly (readonly [number, number])[];
    readonly g: number;
  }[];
  readonly stimuli: readonly {
    readonly name: string;
    readonly kind: "current" | "step" | "sine";
    readonly target: string;
    readonly indices: readonly number[] | null;
    readonly amplitude: number;
    readonly start?: number;
    readonly stop?: number;
    readonly frequency?: number;
    readonly offset?: number;
    readonly phase?: number;
  }[];
  readonly plasticity: readonly {
    readonly name: string;
    readonly tau_plus: number;
    readonly tau_minus: number;
    readonly a_plus: number;
    readonly a_minus: number;
    readonly w_min: number;
    readonly w_max: number;
    readonly dependence: "additive" | "multiplicative";
  }[];
  readonly trace_every: number;
  readonly weight_every: number | null;
}

/** The checked-in result of scripts/brian2/make_fixtures.py. */
export interface Fixture {
  readonly name: string;
  readonly description: string;
  readonly dt: number;
  readonly steps: number;
  /**
   * Relative tolerance of traces and weights: 1e-9, except where Brian2 could only run a nearby
   * network (spec_9_4: tau_syn_inh perturbed by 1e-6 because its exact solver fails at the limit).
   */
  readonly trace_rel_tol?: number;
  readonly network: FixtureNetwork;
  readonly projections: readonly { readonly pre: string; readonly post: string }[];
  /** population name → per neuron, the SPEC steps of its spikes. */
  readonly spikes: Readonly<Record<string, readonly (readonly number[])[]>>;
  readonly traces: readonly {
    readonly variable: StateVariable;
    readonly population: string;
    readonly every_steps: number;
    /** [sample][neuron], SI; sample s is the state at instant s × every_steps × dt. */
    readonly values: readonly (readonly number[])[];
  }[];
  readonly weights: {
    readonly every_steps: number;
    readonly synapses: readonly { projection: number; pre: number; post: number }[];
    /** [sample][synapse], amperes. */
    readonly values: readonly (readonly number[])[];
    readonly final: readonly number[];
  } | null;
}

const origin = { file: 0, start: 0, end: 0 };
const c = (value: number): ValueExpr => ({ kind: "const", value });

function param(p: FixturePopulation, key: string): number {
  const v = p.params?.[key];
  if (v === undefined) throw new Error(`fixture population '${p.name}' lacks '${key}'`);
  return v;
}

function model(p: FixturePopulation): NeuronModel {
  switch (p.kind) {
    case "lif": {
      const params: LifParams = {
        tau_m: param(p, "tau_m"),
        r_m: param(p, "r_m"),
        c_m: param(p, "tau_m") / param(p, "r_m"),
        v_rest: param(p, "v_rest"),
        v_reset: param(p, "v_reset"),
        v_th: param(p, "v_th"),
        t_ref: param(p, "t_ref"),
        tau_syn_exc: param(p, "tau_syn_exc"),
        tau_syn_inh: param(p, "tau_syn_inh"),
        i_bias: param(p, "i_bias"),
      };
      return { kind: "lif", params };
    }
    case "izhikevich": {
      const keys = ["a", "b", "c", "d", "v_peak", "k_in", "tau_syn_exc", "tau_syn_inh", "i_bias"];
      const params = Object.fromEntries(keys.map((k) => [k, param(p, k)])) as unknown;
      return { kind: "izhikevich", params: params as IzhikevichParams };
    }
    case "spike_times":
      return { kind: "spike_times", params: { times: (p.times ?? []).map((t) => [...t]) } };
  }
}

function wave(s: FixtureNetwork["stimuli"][number]): StimulusWave {
  switch (s.kind) {
    case "current":
      return { kind: "current", amplitude: s.amplitude };
    case "step":
      return { kind: "step", amplitude: s.amplitude, start: s.start ?? 0, stop: s.stop ?? 0 };
    case "sine":
      return {
        kind: "sine",
        amplitude: s.amplitude,
        frequency: s.frequency ?? 0,
        offset: s.offset ?? 0,
        phase: s.phase ?? 0,
      };
  }
}

/** The IR of a fixture's network, built without the front end (SPEC §7 defaults elsewhere). */
export function buildFixtureNetwork(fx: Fixture): Network {
  const net = fx.network;
  const popId = new Map(net.populations.map((p, i) => [p.name, i]));
  const id = (name: string): number => {
    const i = popId.get(name);
    if (i === undefined) throw new Error(`fixture names an unknown population '${name}'`);
    return i;
  };
  const populations: Population[] = net.populations.map((p, i) => ({
    id: i,
    name: p.name,
    size: p.size,
    memberNames: null,
    modelName: p.name,
    model: model(p),
    perNeuron: {},
    init: {},
    homeostasis: null,
    origin,
  }));
  const plasticity: PlasticityRule[] = net.plasticity.map((r, i) => ({
    kind: "stdp",
    id: i,
    ...r,
    origin,
  }));
  const seen = new Map<string, number>();
  const projections: Projection[] = net.projections.map((pr, i) => {
    const base = `${pr.pre}->${pr.post}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const rule =
      pr.plasticity === null ? -1 : net.plasticity.findIndex((r) => r.name === pr.plasticity);
    return {
      id: i,
      name: n > 1 ? `${base}#${n}` : base,
      pre: { population: id(pr.pre), indices: null },
      post: { population: id(pr.post), indices: null },
      rule: { kind: "explicit", pre: pr.pairs.map((q) => q[0]), post: pr.pairs.map((q) => q[1]) },
      allowSelf: true,
      allowMultapses: false,
      weight: c(pr.weight),
      delay: c(pr.delay),
      receptor: pr.receptor,
      plasticity: rule < 0 ? null : rule,
      origin,
    };
  });
  const stimuli: Stimulus[] = net.stimuli.map((s, i) => ({
    id: i,
    name: s.name,
    target: { population: id(s.target), indices: s.indices === null ? null : [...s.indices] },
    wave: wave(s),
    origin,
  }));
  const every = Math.round(net.trace_every / fx.dt);
  const recordings: Recording[] = [
    {
      kind: "spikes",
      id: 0,
      targets: populations.map((p) => ({ population: p.id, indices: null })),
      origin,
    },
    ...fx.traces.map((t, i): Recording => ({
      kind: "state",
      id: i + 1,
      variable: t.variable,
      targets: [{ population: id(t.population), indices: null }],
      everySteps: every,
      origin,
    })),
  ];
  if (net.weight_every !== null)
    recordings.push({
      kind: "weights",
      id: recordings.length,
      projections: projections.filter((p) => p.plasticity !== null).map((p) => p.id),
      everySteps: Math.round(net.weight_every / fx.dt),
      origin,
    });
  return {
    irVersion: 1,
    name: fx.name,
    seed: 1,
    dt: fx.dt,
    duration: net.duration,
    steps: fx.steps,
    populations,
    projections,
    gaps: net.gaps.map((g, i) => ({
      id: i,
      a: { population: id(g.a), indices: null },
      b: { population: id(g.b), indices: null },
      rule: { kind: "explicit", a: g.pairs.map((q) => q[0]), b: g.pairs.map((q) => q[1]) },
      conductance: c(g.g),
      origin,
    })),
    plasticity,
    stimuli,
    recordings,
    targets: [],
    core: null,
  };
}
