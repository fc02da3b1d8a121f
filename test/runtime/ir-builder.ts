/**
 * Small builders of network IR for the runtime tests, so they do not depend on the front end.
 * Values are SI. Defaults follow SPEC §3.
 */
import type {
  ConnectionRule,
  GapJunction,
  IzhikevichParams,
  LifParams,
  Network,
  NeuronModel,
  PlasticityRule,
  Population,
  PopulationSelection,
  Projection,
  Recording,
  Stimulus,
  StimulusWave,
  ValueExpr,
} from "../../compiler/ir/index.js";

const origin = { file: 0, start: 0, end: 0 };

export const c = (value: number): ValueExpr => ({ kind: "const", value });
export const uniform = (low: number, high: number): ValueExpr => ({
  kind: "uniform",
  low: c(low),
  high: c(high),
});
export const normal = (mean: number, sd: number): ValueExpr => ({
  kind: "normal",
  mean: c(mean),
  sd: c(sd),
});

export function lifParams(over: Partial<LifParams> = {}): LifParams {
  const tau_m = over.tau_m ?? 0.02;
  const r_m = over.r_m ?? 100e6;
  return {
    tau_m,
    r_m,
    c_m: over.c_m ?? tau_m / r_m,
    v_rest: -0.07,
    v_reset: -0.07,
    v_th: -0.05,
    t_ref: 0.002,
    tau_syn_exc: 0.005,
    tau_syn_inh: 0.01,
    i_bias: 0,
    ...over,
  };
}

export function izhParams(over: Partial<IzhikevichParams> = {}): IzhikevichParams {
  return {
    a: 0.02,
    b: 0.2,
    c: -0.065,
    d: 0.008,
    v_peak: 0.03,
    k_in: 1e9,
    tau_syn_exc: 0.005,
    tau_syn_inh: 0.01,
    i_bias: 0,
    ...over,
  };
}

export const lif = (over: Partial<LifParams> = {}): NeuronModel => ({
  kind: "lif",
  params: lifParams(over),
});
export const izh = (over: Partial<IzhikevichParams> = {}): NeuronModel => ({
  kind: "izhikevich",
  params: izhParams(over),
});
export const poisson = (rate: number): NeuronModel => ({ kind: "poisson", params: { rate } });
export const spikeTimes = (times: number[][]): NeuronModel => ({
  kind: "spike_times",
  params: { times },
});
export const core = (threshold = 10, leak = 0, t_ref = 0.002): NeuronModel => ({
  kind: "neurocorex_lif",
  params: { threshold, leak, t_ref },
});

export const all = (population: number): PopulationSelection => ({ population, indices: null });
export const sel = (population: number, indices: number[]): PopulationSelection => ({
  population,
  indices,
});

/** A mutable network under construction. */
export class NetBuilder {
  readonly pops: Population[] = [];
  readonly projs: Projection[] = [];
  readonly gapList: GapJunction[] = [];
  readonly rules: PlasticityRule[] = [];
  readonly stims: Stimulus[] = [];
  readonly recs: Recording[] = [];
  core: Network["core"] = null;

  constructor(
    readonly dt = 1e-4,
    readonly duration = 0.1,
    readonly seed = 1,
    readonly name = "test",
  ) {}

  pop(
    name: string,
    model: NeuronModel,
    size: number,
    extra: Partial<Pick<Population, "init" | "perNeuron" | "memberNames" | "homeostasis">> = {},
  ): number {
    const id = this.pops.length;
    this.pops.push({
      id,
      name,
      size,
      memberNames: extra.memberNames ?? null,
      modelName: name,
      model,
      perNeuron: extra.perNeuron ?? {},
      init: extra.init ?? {},
      homeostasis: extra.homeostasis ?? null,
      origin,
    });
    return id;
  }

  connect(
    pre: PopulationSelection | number,
    post: PopulationSelection | number,
    o: {
      rule?: ConnectionRule;
      weight: ValueExpr | number;
      delay?: ValueExpr | number;
      receptor?: "exc" | "inh";
      plasticity?: number;
      allowSelf?: boolean;
      allowMultapses?: boolean;
    },
  ): number {
    const id = this.projs.length;
    const ps = typeof pre === "number" ? all(pre) : pre;
    const qs = typeof post === "number" ? all(post) : post;
    const weight = typeof o.weight === "number" ? c(o.weight) : o.weight;
    const base = `${this.pops[ps.population]?.name}->${this.pops[qs.population]?.name}`;
    const repeats = this.projs.filter((p) => p.name.split("#")[0] === base).length;
    const meanW = weight.kind === "const" ? weight.value : weight.kind === "uniform" ? 1 : 1;
    this.projs.push({
      id,
      name: repeats > 0 ? `${base}#${repeats + 1}` : base,
      pre: ps,
      post: qs,
      rule: o.rule ?? { kind: "all_to_all" },
      allowSelf: o.allowSelf ?? ps.population !== qs.population,
      allowMultapses: o.allowMultapses ?? false,
      weight,
      delay: typeof o.delay === "number" ? c(o.delay) : (o.delay ?? c(this.dt)),
      receptor: o.receptor ?? (meanW < 0 ? "inh" : "exc"),
      plasticity: o.plasticity ?? null,
      origin,
    });
    return id;
  }

  gap(
    a: PopulationSelection | number,
    b: PopulationSelection | number,
    g: number | ValueExpr,
    rule: GapJunction["rule"] = { kind: "all_pairs" },
  ): number {
    const id = this.gapList.length;
    this.gapList.push({
      id,
      a: typeof a === "number" ? all(a) : a,
      b: typeof b === "number" ? all(b) : b,
      rule,
      conductance: typeof g === "number" ? c(g) : g,
      origin,
    });
    return id;
  }

  stdp(over: Partial<Extract<PlasticityRule, { kind: "stdp" }>> = {}): number {
    const id = this.rules.length;
    this.rules.push({
      kind: "stdp",
      id,
      name: `stdp${id}`,
      tau_plus: 0.02,
      tau_minus: 0.02,
      a_plus: 0.01,
      a_minus: 0.0105,
      w_min: 0,
      w_max: 0.5e-9,
      dependence: "additive",
      origin,
      ...over,
    });
    return id;
  }

  window(pre = 3, post = 3, plus = 1, minus = 1): number {
    const id = this.rules.length;
    this.rules.push({
      kind: "stdp_window",
      id,
      name: `window${id}`,
      window_pre_steps: pre,
      window_post_steps: post,
      step_plus: plus,
      step_minus: minus,
      origin,
    });
    return id;
  }

  homeostasis(target_rate = 5, tau = 1, eta = 1e-3): number {
    const id = this.rules.length;
    this.rules.push({ kind: "homeostasis", id, name: `h${id}`, target_rate, tau, eta, origin });
    return id;
  }

  stimulus(target: PopulationSelection | number, wave: StimulusWave, name?: string): number {
    const id = this.stims.length;
    this.stims.push({
      id,
      name: name ?? `s${id}`,
      target: typeof target === "number" ? all(target) : target,
      wave,
      origin,
    });
    return id;
  }

  recordSpikes(...targets: (PopulationSelection | number)[]): void {
    this.recs.push({
      kind: "spikes",
      id: this.recs.length,
      targets: targets.map((t) => (typeof t === "number" ? all(t) : t)),
      origin,
    });
  }

  recordState(
    variable: "v" | "i_exc" | "i_inh" | "u",
    everySteps: number,
    ...targets: (PopulationSelection | number)[]
  ): void {
    this.recs.push({
      kind: "state",
      id: this.recs.length,
      variable,
      everySteps,
      targets: targets.map((t) => (typeof t === "number" ? all(t) : t)),
      origin,
    });
  }

  recordWeights(everySteps: number, ...projections: number[]): void {
    this.recs.push({ kind: "weights", id: this.recs.length, projections, everySteps, origin });
  }

  build(): Network {
    const steps = Math.round(this.duration / this.dt);
    let coreLayout = this.core;
    if (coreLayout === null && this.pops.some((p) => p.model.kind === "neurocorex_lif")) {
      const neurons: { population: number; index: number }[] = [];
      for (const p of this.pops)
        if (p.model.kind === "neurocorex_lif")
          for (let i = 0; i < p.size; i++) neurons.push({ population: p.id, index: i });
      const inputs: { population: number; index: number }[] = [];
      for (const p of this.pops)
        if (p.model.kind === "poisson" || p.model.kind === "spike_times")
          for (let i = 0; i < p.size; i++) inputs.push({ population: p.id, index: i });
      coreLayout = { neurons, inputs };
    }
    return {
      irVersion: 1,
      name: this.name,
      seed: this.seed,
      dt: this.dt,
      duration: this.duration,
      steps,
      populations: this.pops,
      projections: this.projs,
      gaps: this.gapList,
      plasticity: this.rules,
      stimuli: this.stims,
      recordings: this.recs,
      targets: [],
      core: coreLayout,
    };
  }
}
