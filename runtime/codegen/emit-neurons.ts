/**
 * Generates the per-population parts of the simulator: state set-up and one kernel per
 * population (SPEC §7 steps 2-3 for `lif` and `izhikevich`, spike generation for `poisson` and
 * `spike_times`), plus the external-current (stimuli) and gap-current code of step 1.
 *
 * Every kernel writes the spikes stamped T into its population's history ring `H<k>` (slot
 * `T % D<k>`, N+1 entries with the count last) in ascending index order. Kernels do not test for
 * NaN (a test per neuron costs a third of the loop): `scanBad()` of the module does, every 128
 * steps, and `simulate()` re-runs to find the exact step when it finds something.
 *
 * The float64 expressions here are THE definition of the update; test/reference/ repeats them
 * operation for operation.
 */
import type { Network, Population, StimulusWave } from "../../compiler/ir/index.js";
import { assertNever } from "../../common/index.js";
import { lifCoefficients, toMillivolts } from "../kernels/coefficients.js";
import { firstStepAtOrAfter } from "../../compiler/ir/time-grid.js";
import { lit } from "./literal.js";
import type { NetworkPlan, PopulationPlan } from "./plan.js";
import type { SimdArrays } from "./emit-simd.js";

/** Options of code generation. */
export interface EmitOptions {
  /** Emit the hooks of `setCurrent` / `injectSpike` (module API); off for `snnc run`. */
  readonly injectable: boolean;
  /** Emit the code of a two-thread run (runtime/parallel.ts), where the plan allows it. */
  readonly partitioned?: boolean;
  /**
   * Give the lif and izhikevich populations that allow it a WebAssembly SIMD kernel, and the
   * static projections into them WebAssembly arrivals (emit-simd.ts); default on.
   */
  readonly simd?: boolean;
}

const LIF_COEFF_PARAMS = ["tau_m", "r_m", "c_m", "t_ref", "tau_syn_exc", "tau_syn_inh"];

/** Whether the population needs an external-current array `st<k>`. */
export function hasStimArray(pp: PopulationPlan, o: EmitOptions): boolean {
  return (pp.kind === "lif" || pp.kind === "izhikevich") && (pp.stimulated || o.injectable);
}

/** Whether a lif population keeps a per-neuron threshold array `vth<k>` (adapted or given). */
export function hasThresholdArray(pp: PopulationPlan): boolean {
  return pp.homeostasis !== null || pp.perNeuron.includes("v_th");
}

/**
 * Set-up code of population k: state, parameters, history ring. `mem`: where its arrays are in
 * the WebAssembly memory, when it has a SIMD kernel; `historyInMemory`: its history ring is
 * there too, at `HO<k>` (emit-simd.ts).
 */
export function emitPopulationSetup(
  net: Network,
  pp: PopulationPlan,
  o: EmitOptions,
  mem: SimdArrays | null = null,
  historyInMemory = false,
): string[] {
  const k = pp.id;
  const pop = net.populations[k] as Population;
  const n = pop.size;
  // a new array of N floats, in the memory when it has a place there
  const f64 = (at: number | null | undefined) =>
    at === null || at === undefined ? `new Float64Array(N${k})` : `memoryF64(WMEM, ${at}, N${k})`;
  const L: string[] = [`// population ${pop.name} (${pop.model.kind}, ${n})`];
  L.push(`const N${k} = ${n};`);
  L.push(`const pn${k} = B.params[${k}];`);
  L.push(
    !historyInMemory
      ? `const H${k} = new Int32Array(D${k} * (N${k} + 1));`
      : `const H${k} = memoryI32(WMEM, HO${k}, D${k} * (N${k} + 1));`,
  );
  if (pp.bitHistory) L.push(`const BH${k} = new Uint8Array(D${k} * N${k});`);
  if (o.injectable) L.push(`const fz${k} = new Uint8Array(N${k}); let nfz${k} = 0;`);
  // without stimuli the external current is the injected one: no copy per step
  if (o.injectable && hasStimArray(pp, o))
    L.push(`const inj${k} = ${pp.stimulated ? f64(null) : f64(mem?.st)};`);
  if (hasStimArray(pp, o)) L.push(`const st${k} = ${pp.stimulated ? f64(mem?.st) : `inj${k}`};`);
  if (pp.gap) L.push(`const gp${k} = ${f64(mem?.gp)};`);
  if (pp.partitioned)
    L.push(
      `let LO${k} = PART === null ? 0 : PART.lo[${k}], HI${k} = PART === null ? N${k} : PART.hi[${k}];`,
    );
  // Arrays the kernels read stay `const`: V8 then compiles their reads to fixed addresses; as
  // `let` bindings the loop ran twice as long (docs/benchmarks.md).
  // a split population's state lives in shared memory (runtime/parallel.ts)
  const state = (key: string, initial: string, at?: number) =>
    pp.partitioned
      ? `shareState(PART, "${k}:${key}", ${initial})`
      : at !== undefined
        ? `memoryCopy(WMEM, ${at}, ${initial})`
        : initial;
  const m = pop.model;
  switch (m.kind) {
    case "lif": {
      L.push(
        `const v${k} = ${state("v", `B.init[${k}].v`, mem?.v)}, ie${k} = ${state("i_exc", `B.init[${k}].i_exc`, mem?.ie)}, ii${k} = ${state("i_inh", `B.init[${k}].i_inh`, mem?.ii)};`,
      );
      L.push(
        mem === null || mem.rf === null
          ? `const rf${k} = ${state("rf", `new Int32Array(N${k})`)};`
          : `const rf${k} = memoryI32(WMEM, ${mem.rf}, N${k});`,
      );
      if (pp.perNeuron.some((p) => LIF_COEFF_PARAMS.includes(p))) {
        L.push(`const cf${k} = lifArrays(NET.populations[${k}].model.params, pn${k}, N${k}, DT);`);
      }
      if (hasThresholdArray(pp)) {
        L.push(`const vth${k} = ${f64(mem?.vth)};`);
        L.push(
          `for (let i = 0; i < N${k}; i++) vth${k}[i] = pn${k}.v_th ? pn${k}.v_th[i] : ${lit(m.params.v_th)};`,
        );
      }
      if (pp.homeostasis !== null) L.push(`const hr${k} = new Float64Array(N${k});`);
      break;
    }
    case "izhikevich": {
      // v and u in mV, as the paper; u = b·v computed in mV when not given (-13, not -13.000000000000002)
      L.push(`const v${k} = ${state("v", `B.init[${k}].v.map(toMillivolts)`, mem?.v)};`);
      const u = mem?.u ?? undefined;
      L.push(
        pop.init["u"] !== undefined
          ? `const u${k} = ${state("u", `B.init[${k}].u.map(toMillivolts)`, u)};`
          : `const u${k} = ${state("u", `v${k}.map((x, i) => (pn${k}.b ? pn${k}.b[i] : ${lit(m.params.b)}) * x)`, u)};`,
      );
      L.push(
        `const ie${k} = ${state("i_exc", `B.init[${k}].i_exc`, mem?.ie)}, ii${k} = ${state("i_inh", `B.init[${k}].i_inh`, mem?.ii)};`,
      );
      for (const p of pp.perNeuron) {
        if (p === "c" || p === "d" || p === "v_peak")
          L.push(`const mv${p}${k} = pn${k}.${p}.map(toMillivolts);`);
        if (p === "tau_syn_exc" || p === "tau_syn_inh")
          L.push(`const ex${p}${k} = pn${k}.${p}.map((x) => Math.exp(-DT / x));`);
      }
      break;
    }
    case "poisson": {
      L.push(`const rng${k} = stream("poisson", ${JSON.stringify(pop.name)});`);
      const p = m.params.rate * net.dt;
      if (!pp.perNeuron.includes("rate") && p > 0 && p < 1)
        L.push(`const LQ${k} = Math.log(1 - ${lit(p)}); let pp${k} = rng${k}.geometric(LQ${k});`);
      break;
    }
    case "spike_times": {
      L.push(
        `const ev${k} = spikeTimeEvents(NET.populations[${k}].model.params.times, DT, STEPS); let evp${k} = 0;`,
      );
      break;
    }
    case "neurocorex_lif":
      break;
    default:
      assertNever(m);
  }
  return L;
}

/** A parameter of population k as an expression: a literal, or the per-neuron array at `i`. */
function param(pp: PopulationPlan, name: string, value: number, scale = 1): string {
  if (pp.perNeuron.includes(name))
    return scale === 1 ? `pn${pp.id}.${name}[i]` : `mv${name}${pp.id}[i]`;
  return lit(scale === 1 ? value : toMillivolts(value));
}

/** A term of a neuron's external current `i_bias + i_stim + i_gap`. */
export type ExternalTerm = "bias" | "stim" | "gap";

/**
 * The terms of the external current, in the order the kernels (JS and WebAssembly) add them;
 * `bias` is the bias as the JS kernel writes it, left out when it is the literal 0 (adding 0 is
 * exact).
 */
export function externalTermKinds(
  pp: PopulationPlan,
  o: EmitOptions,
  bias: string,
): ExternalTerm[] {
  const kinds: ExternalTerm[] = [];
  if (bias !== "0") kinds.push("bias");
  if (hasStimArray(pp, o)) kinds.push("stim");
  if (pp.gap) kinds.push("gap");
  return kinds;
}

/** The `i_bias + i_stim + i_gap` terms of a neuron, as JS expressions. */
function externalTerms(pp: PopulationPlan, ibias: string, o: EmitOptions): string[] {
  const expr = { bias: ibias, stim: `st${pp.id}[i]`, gap: `gp${pp.id}[i]` };
  return externalTermKinds(pp, o, ibias).map((k) => expr[k]);
}

/** The neuron loop of a kernel: all neurons, or this thread's range when partitioned. */
function neuronLoop(pp: PopulationPlan): string {
  return pp.partitioned
    ? `for (let i = lo; i < hi; i++) {`
    : `for (let i = 0; i < ${pp.size}; i++) {`;
}

/**
 * A lif or izhikevich kernel's head: partitioned, it is given its range (locals, not closure).
 * `js`: the JS twin of a SIMD kernel.
 */
function kernelHead(pp: PopulationPlan, js = false): string {
  const name = `kern${pp.id}${js ? "js" : ""}`;
  return pp.partitioned ? `function ${name}(T, lo, hi) {` : `function ${name}(T) {`;
}

/**
 * The kernel of a population with a SIMD kernel (emit-simd.ts): the SIMD one, unless the engine
 * has none or this step has spikes forced by injectSpike (which the JS kernel handles).
 */
function simdDispatch(pp: PopulationPlan, o: EmitOptions): string[] {
  return [`function kern${pp.id}(T) {`, ...simdKernelCall(pp, o), `}`];
}

/** The body of {@link simdDispatch}, as the step writes it in place (emit-module.ts). */
export function simdKernelCall(pp: PopulationPlan, o: EmitOptions): string[] {
  const k = pp.id;
  const forced = o.injectable ? ` || nfz${k} !== 0` : "";
  return [
    `  if (SK${k} === null${forced}) kern${k}js(T);`,
    `  else { const base = (T % D${k}) * ${pp.size + 1}; H${k}[base + ${pp.size}] = SK${k}(HO${k} + base * 4); }`,
  ];
}

function spikeCondition(pp: PopulationPlan, cond: string, o: EmitOptions): string {
  return o.injectable ? `(${cond} || fz${pp.id}[i] !== 0)` : cond;
}

function emitLifKernel(
  net: Network,
  pp: PopulationPlan,
  o: EmitOptions,
  kernel: KernelForm,
): string[] {
  const k = pp.id;
  const pop = net.populations[k] as Population;
  if (pop.model.kind !== "lif") return [];
  const p = pop.model.params;
  const c = lifCoefficients(p, net.dt);
  const perCoeff = pp.perNeuron.some((x) => LIF_COEFF_PARAMS.includes(x));
  const C = (name: keyof typeof c, value: number) => (perCoeff ? `cf${k}.${name}[i]` : lit(value));
  const vrest = param(pp, "v_rest", p.v_rest);
  const vth = hasThresholdArray(pp) ? `vth${k}[i]` : lit(p.v_th);
  const ext = externalTerms(pp, param(pp, "i_bias", p.i_bias), o);
  const extTerm = ext.length === 0 ? "" : ` + ${C("p20", c.p20)} * (${ext.join(" + ")})`;
  return [
    ...(kernel === "simd" ? simdDispatch(pp, o) : []),
    kernelHead(pp, kernel !== "js"),
    `  const v = v${k}, ie = ie${k}, ii = ii${k}, rf = rf${k}, H = H${k};`,
    `  const base = (T % D${k}) * ${pop.size + 1};`,
    `  let c = 0;`,
    `  ${neuronLoop(pp)}`,
    `    let x = v[i];`,
    `    const e = ie[i], h = ii[i];`,
    `    if (rf[i] > 0) {`,
    `      rf[i] = rf[i] - 1;`,
    `    } else {`,
    `      x = ${vrest} + ${C("p22", c.p22)} * (x - ${vrest}) + ${C("p21e", c.p21e)} * e + ${C("p21i", c.p21i)} * h${extTerm};`,
    `      if (${spikeCondition(pp, `x >= ${vth}`, o)}) {`,
    `        H[base + c] = i;`,
    `        c++;`,
    `        x = ${param(pp, "v_reset", p.v_reset)};`,
    `        rf[i] = ${C("refSteps", c.refSteps)};`,
    `      }`,
    `    }`,
    `    ie[i] = e * ${C("pe", c.pe)};`,
    `    ii[i] = h * ${C("pi", c.pi)};`,
    `    v[i] = x;`,
    `  }`,
    `  H[base + ${pop.size}] = c;`,
    `}`,
  ];
}

function emitIzhikevichKernel(
  net: Network,
  pp: PopulationPlan,
  o: EmitOptions,
  kernel: KernelForm,
): string[] {
  const k = pp.id;
  const pop = net.populations[k] as Population;
  if (pop.model.kind !== "izhikevich") return [];
  const p = pop.model.params;
  const dtMs = net.dt * 1000;
  const hdt = lit(dtMs * 0.5);
  const decay = (name: "tau_syn_exc" | "tau_syn_inh") =>
    pp.perNeuron.includes(name) ? `ex${name}${k}[i]` : lit(Math.exp(-net.dt / p[name]));
  const a = pp.perNeuron.includes("a") ? `(${lit(dtMs)} * pn${k}.a[i])` : lit(dtMs * p.a);
  const terms = ["e", "h", ...externalTerms(pp, param(pp, "i_bias", p.i_bias), o)];
  const rhs = `0.04 * x * x + 5 * x + 140 - uu + I`;
  return [
    ...(kernel === "simd" ? simdDispatch(pp, o) : []),
    kernelHead(pp, kernel !== "js"),
    `  const v = v${k}, u = u${k}, ie = ie${k}, ii = ii${k}, H = H${k};`,
    `  const base = (T % D${k}) * ${pop.size + 1};`,
    `  let c = 0;`,
    `  ${neuronLoop(pp)}`,
    `    let x = v[i], uu = u[i];`,
    `    const e = ie[i], h = ii[i];`,
    `    const I = ${param(pp, "k_in", p.k_in)} * (${terms.join(" + ")});`,
    `    x = x + ${hdt} * (${rhs});`,
    `    x = x + ${hdt} * (${rhs});`,
    `    uu = uu + ${a} * (${param(pp, "b", p.b)} * x - uu);`,
    `    ie[i] = e * ${decay("tau_syn_exc")};`,
    `    ii[i] = h * ${decay("tau_syn_inh")};`,
    `    if (${spikeCondition(pp, `x >= ${param(pp, "v_peak", p.v_peak, 1000)}`, o)}) {`,
    `      H[base + c] = i;`,
    `      c++;`,
    `      x = ${param(pp, "c", p.c, 1000)};`,
    `      uu = uu + ${param(pp, "d", p.d, 1000)};`,
    `    }`,
    `    v[i] = x;`,
    `    u[i] = uu;`,
    `  }`,
    `  H[base + ${pop.size}] = c;`,
    `}`,
  ];
}

function emitPoissonKernel(net: Network, pp: PopulationPlan): string[] {
  const k = pp.id;
  const pop = net.populations[k] as Population;
  if (pop.model.kind !== "poisson") return [];
  const n = pop.size;
  const p = pop.model.params.rate * net.dt;
  const body: string[] = [];
  if (pp.perNeuron.includes("rate")) {
    body.push(
      `  for (let i = 0; i < ${n}; i++) if (rng${k}.uniform() < pn${k}.rate[i] * ${lit(net.dt)}) { H[base + c] = i; c++; }`,
    );
  } else if (p >= 1) {
    body.push(`  for (let i = 0; i < ${n}; i++) { H[base + c] = i; c++; }`);
  } else if (p > 0) {
    body.push(
      `  let pos = pp${k};`,
      `  while (pos < ${n}) { H[base + c] = pos; c++; pos += 1 + rng${k}.geometric(LQ${k}); }`,
      `  pp${k} = pos - ${n};`,
    );
  }
  return [
    `function kern${k}(T) {`,
    `  const H = H${k};`,
    `  const base = (T % D${k}) * ${n + 1};`,
    `  let c = 0;`,
    ...body,
    `  H[base + ${n}] = c;`,
    `}`,
  ];
}

function emitSpikeTimesKernel(net: Network, pp: PopulationPlan): string[] {
  const k = pp.id;
  const n = (net.populations[k] as Population).size;
  return [
    `function kern${k}(T) {`,
    `  const H = H${k}, ev = ev${k};`,
    `  const base = (T % D${k}) * ${n + 1};`,
    `  let c = 0, q = evp${k};`,
    `  while (q < ev.stamp.length && ev.stamp[q] < T) q++;`,
    `  while (q < ev.stamp.length && ev.stamp[q] === T) { H[base + c] = ev.index[q]; c++; q++; }`,
    `  evp${k} = q;`,
    `  H[base + ${n}] = c;`,
    `}`,
  ];
}

/**
 * How a lif or izhikevich population is stepped: by its JS kernel; by a SIMD kernel called
 * through `kern<k>`; or by a SIMD kernel the step calls in place (emit-simd.ts). With a SIMD
 * kernel the JS one is `kern<k>js`, the fallback.
 */
export type KernelForm = "js" | "simd" | "simd-in-place";

/** The kernel of population k (none for neurocorex_lif: the core step handles those). */
export function emitPopulationKernel(
  net: Network,
  pp: PopulationPlan,
  o: EmitOptions,
  kernel: KernelForm = "js",
): string[] {
  switch (pp.kind) {
    case "lif":
      return emitLifKernel(net, pp, o, kernel);
    case "izhikevich":
      return emitIzhikevichKernel(net, pp, o, kernel);
    case "poisson":
      return emitPoissonKernel(net, pp);
    case "spike_times":
      return emitSpikeTimesKernel(net, pp);
    case "neurocorex_lif":
      return [];
    default:
      return assertNever(pp.kind);
  }
}

/** First and one-past-last step of `start <= t < stop` on the grid (SPEC §6, §7 rounding). */
function activeSteps(start: number, stop: number, dt: number): [number, number] {
  return [firstStepAtOrAfter(start, dt), firstStepAtOrAfter(stop, dt)];
}

function stimulusValue(w: StimulusWave, dt: number, s: number): { pre: string[]; value: string } {
  switch (w.kind) {
    case "current":
      return { pre: [], value: lit(w.amplitude) };
    case "step": {
      const [a, b] = activeSteps(w.start, w.stop, dt);
      return { pre: [`if (n >= ${a} && n < ${b}) {`], value: lit(w.amplitude) };
    }
    case "sine":
      return {
        pre: [
          `{`,
          `const sv${s} = ${lit(w.offset)} + ${lit(w.amplitude)} * Math.sin(${lit(2 * Math.PI * w.frequency)} * (n * ${lit(dt)}) + ${lit(w.phase)});`,
        ],
        value: `sv${s}`,
      };
    case "noise":
      return { pre: [`{`], value: `${lit(w.mean)} + ${lit(w.sd)} * srng${s}.normal()` };
    default:
      return assertNever(w);
  }
}

/** Set-up of the stimuli: target index arrays and noise streams. */
export function emitStimuliSetup(net: Network): string[] {
  const L: string[] = [];
  for (const s of net.stimuli) {
    L.push(`const stg${s.id} = selIdx(NET.stimuli[${s.id}].target);`);
    if (s.wave.kind === "noise")
      L.push(`const srng${s.id} = stream("noise", ${JSON.stringify(s.name)});`);
  }
  return L;
}

/** Step 1: the external currents of step n (`t = n dt`), in stimulus declaration order. */
export function emitStimuliStep(net: Network, plan: NetworkPlan, o: EmitOptions): string[] {
  const L: string[] = [`function stimuli(n) {`];
  for (const pp of plan.populations) {
    if (!hasStimArray(pp, o) || !pp.stimulated) continue;
    L.push(o.injectable ? `  st${pp.id}.set(inj${pp.id});` : `  st${pp.id}.fill(0);`);
  }
  for (const s of net.stimuli) {
    const k = s.target.population;
    const { pre, value } = stimulusValue(s.wave, net.dt, s.id);
    const close = pre.length > 0 ? ["  }"] : [];
    L.push(...pre.map((x) => "  " + x));
    L.push(`  for (let j = 0; j < stg${s.id}.length; j++) st${k}[stg${s.id}[j]] += ${value};`);
    L.push(...close);
  }
  L.push(`}`);
  return L;
}

/** A neuron's membrane potential in volts, as an expression (izhikevich keeps mV). */
function voltsOf(net: Network, k: number, idx: string): string {
  const kind = net.populations[k]?.model.kind;
  return kind === "izhikevich" ? `(v${k}[${idx}] * 0.001)` : `v${k}[${idx}]`;
}

/** Step 1: gap currents `sum g (v_other − v)` from the state at t, in gap and pair order. */
export function emitGapStep(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [`function gapCurrents() {`];
  for (const pp of plan.populations) if (pp.gap) L.push(`  gp${pp.id}.fill(0);`);
  net.gaps.forEach((g, id) => {
    const ka = g.a.population;
    const kb = g.b.population;
    L.push(
      `  { const ga = B.gaps[${id}].a, gb = B.gaps[${id}].b, gg = B.gaps[${id}].g;`,
      `    for (let p = 0; p < gg.length; p++) {`,
      `      const a = ga[p], b = gb[p], va = ${voltsOf(net, ka, "a")}, vb = ${voltsOf(net, kb, "b")};`,
      `      gp${ka}[a] += gg[p] * (vb - va);`,
      `      gp${kb}[b] += gg[p] * (va - vb);`,
      `    } }`,
    );
  });
  L.push(`}`);
  return L;
}
