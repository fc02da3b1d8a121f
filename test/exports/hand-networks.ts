/**
 * Networks of SPEC §9 built by hand as IR values, so the export tests do not depend on the front
 * end's state: 9.1 (one LIF neuron, constant drive) and 9.2 (CUBA), plus small networks that
 * exercise constructs the examples do not (STDP, gaps, named members, state recording).
 */
import type {
  LifParams,
  Network,
  Population,
  Projection,
  Recording,
  Stimulus,
  ValueExpr,
} from "../../compiler/ir/index.js";

export const span = { file: 0, start: 0, end: 0 } as const;
const c = (value: number): ValueExpr => ({ kind: "const", value });

export function lifParams(over: Partial<LifParams>): LifParams {
  const p: LifParams = {
    tau_m: 20e-3,
    r_m: 100e6,
    c_m: 20e-3 / 100e6,
    v_rest: -70e-3,
    v_reset: -70e-3,
    v_th: -50e-3,
    t_ref: 2e-3,
    tau_syn_exc: 5e-3,
    tau_syn_inh: 10e-3,
    i_bias: 0,
    ...over,
  };
  return { ...p, c_m: p.tau_m / p.r_m };
}

export function population(
  id: number,
  name: string,
  size: number,
  model: Population["model"],
  extra: Partial<Population> = {},
): Population {
  return {
    id,
    name,
    size,
    memberNames: null,
    modelName: name[0]?.toUpperCase() + name.slice(1),
    model,
    perNeuron: {},
    init: {},
    homeostasis: null,
    origin: span,
    ...extra,
  };
}

export function projection(
  id: number,
  name: string,
  pre: number,
  post: number,
  p: number,
  weight: number,
  extra: Partial<Projection> = {},
): Projection {
  return {
    id,
    name,
    pre: { population: pre, indices: null },
    post: { population: post, indices: null },
    rule: { kind: "fixed_probability", p },
    allowSelf: pre !== post,
    allowMultapses: false,
    weight: c(weight),
    delay: c(1e-4),
    receptor: weight >= 0 ? "exc" : "inh",
    plasticity: null,
    origin: span,
    ...extra,
  };
}

function network(name: string, parts: Partial<Network>, duration: number, seed: number): Network {
  const dt = 1e-4;
  return {
    irVersion: 1,
    name,
    seed,
    dt,
    duration,
    steps: Math.round(duration / dt),
    populations: [],
    projections: [],
    gaps: [],
    plasticity: [],
    stimuli: [],
    recordings: [],
    targets: [],
    core: null,
    ...parts,
  };
}

/** SPEC 9.1: one LIF neuron, 0.25 nA constant drive, 1 s. */
export function oneNeuron(): Network {
  const drive: Stimulus = {
    id: 0,
    name: "drive",
    target: { population: 0, indices: null },
    wave: { kind: "current", amplitude: 0.25e-9 },
    origin: span,
  };
  const rec: Recording = {
    kind: "spikes",
    id: 0,
    targets: [{ population: 0, indices: null }],
    origin: span,
  };
  return network(
    "one",
    {
      populations: [population(0, "cell", 1, { kind: "lif", params: lifParams({}) })],
      stimuli: [drive],
      recordings: [rec],
    },
    1,
    0,
  );
}

/** SPEC 9.2: the CUBA network (3200 exc + 800 inh, p = 0.02), `duration` seconds, seed 42. */
export function cuba(duration = 1): Network {
  const params = lifParams({
    v_rest: -49e-3,
    v_reset: -60e-3,
    v_th: -50e-3,
    t_ref: 5e-3,
  });
  const init = {
    v: { kind: "draw", expr: { kind: "uniform", low: c(-60e-3), high: c(-50e-3) } },
  } as const;
  return network(
    "cuba",
    {
      populations: [
        population(0, "exc", 3200, { kind: "lif", params }, { modelName: "Cuba", init }),
        population(1, "inh", 800, { kind: "lif", params }, { modelName: "Cuba", init }),
      ],
      projections: [
        projection(0, "exc->exc", 0, 0, 0.02, 16.2e-12),
        projection(1, "exc->inh", 0, 1, 0.02, 16.2e-12),
        projection(2, "inh->exc", 1, 0, 0.02, -90e-12),
        projection(3, "inh->inh", 1, 1, 0.02, -90e-12),
      ],
      recordings: [
        {
          kind: "spikes",
          id: 0,
          targets: [
            { population: 0, indices: null },
            { population: 1, indices: null },
          ],
          origin: span,
        },
      ],
    },
    duration,
    42,
  );
}

/** A small feed-forward network NIR can express: Poisson inputs -> lif layer, spikes recorded. */
export function feedForward(): Network {
  const params = lifParams({ t_ref: 0, tau_syn_inh: 5e-3, i_bias: 0.1e-9 });
  return network(
    "ff",
    {
      populations: [
        population(0, "inp", 5, { kind: "poisson", params: { rate: 20 } }),
        population(1, "hidden", 3, { kind: "lif", params }),
        population(2, "out", 2, { kind: "lif", params }),
      ],
      projections: [
        projection(0, "inp->hidden", 0, 1, 0.6, 0.5e-9),
        projection(1, "hidden->out", 1, 2, 1, -0.2e-9, {
          rule: { kind: "all_to_all" },
          delay: c(2e-3),
        }),
      ],
      stimuli: [
        {
          id: 0,
          name: "bias",
          target: { population: 2, indices: [1] },
          wave: { kind: "current", amplitude: 0.05e-9 },
          origin: span,
        },
      ],
      recordings: [
        { kind: "spikes", id: 0, targets: [{ population: 2, indices: null }], origin: span },
      ],
    },
    0.2,
    3,
  );
}
