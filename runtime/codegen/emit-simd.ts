/**
 * The WebAssembly part of a generated simulator: SIMD kernels for the `lif` and `izhikevich`
 * populations that allow one, and the arrivals of the one-delay projections into them, static
 * or with `stdp` (whose postsynaptic side is WebAssembly too); where their arrays live in the
 * one WebAssembly memory they share; the module's bytes; the JS that sets the memory up and
 * calls them.
 *
 * The JS code each replaces is still generated and is what runs where the engine has no
 * WebAssembly SIMD (a kernel's as `kern<k>js`, also run in a step with spikes forced by
 * `injectSpike`). Both write the same arrays: every array they read or write is a typed-array
 * view of the memory, so the rest of the simulator (stimuli, gap currents, recording, state
 * and weight access) is the same code whichever ran. The spike histories of all populations
 * are in the memory too, as the arrivals read them.
 */
import type { Network, PlasticityRule, Population, Projection } from "../../compiler/ir/index.js";
import { lifCoefficients, toMillivolts } from "../kernels/coefficients.js";
import { encodeModule, type WasmFunction } from "./wasm/encode.js";
import { arrivalBody } from "./wasm/arrival.js";
import { DECAY_TABLE, STDP_PARAMS, stdpArrivalBody, stdpPostBody } from "./wasm/stdp.js";
import { emitStepLoopSetup, LOOP_BUFFER, planStepLoop, type StepLoop } from "./emit-step-loop.js";
import { constantWeight } from "./emit-synapses.js";
import { lifKernelBody, type LifSimdSpec } from "./wasm/lif-kernel.js";
import { izhikevichKernelBody, type IzhikevichSimdSpec } from "./wasm/izhikevich-kernel.js";
import type { PerNeuron } from "./wasm/kernel-parts.js";
import {
  externalTermKinds,
  hasStimArray,
  hasThresholdArray,
  type EmitOptions,
} from "./emit-neurons.js";
import { lit } from "./literal.js";
import type { NetworkPlan, PopulationPlan } from "./plan.js";

/** Byte offsets in the memory of one population's arrays (a whole number of 4-neuron blocks). */
export interface SimdArrays {
  readonly size: number;
  readonly v: number;
  readonly ie: number;
  readonly ii: number;
  /** A lif population's refractory counter (int32), else null. */
  readonly rf: number | null;
  /** An izhikevich population's `u` (float64), else null. */
  readonly u: number | null;
  /** The external current `st<k>` (with `inj<k>` when the two are one array). */
  readonly st: number | null;
  readonly gp: number | null;
  readonly vth: number | null;
}

export interface SimdPlan {
  /** By population id: the populations with a SIMD kernel. */
  readonly arrays: ReadonlyMap<number, SimdArrays>;
  /** The projections whose arrivals are WebAssembly: their ids. */
  readonly arrivals: ReadonlySet<number>;
  /** Those of them with `stdp`, whose postsynaptic side is WebAssembly too. */
  readonly stdp: ReadonlySet<number>;
  /**
   * The step loop (emit-step-loop.ts), where every part of the step has a WebAssembly twin or
   * is a spike source: its frame and the sources; null where the step runs JS of its own.
   */
  readonly loop: StepLoop | null;
  /** The stdp decay tables (wasm/stdp.ts): byte offset → the rate dt/τ they tabulate. */
  readonly decayTables: ReadonlyMap<number, number>;
  /** Bytes of the state arrays; the spike histories follow (their length is known at run time). */
  readonly stateBytes: number;
  /** The module, base64. */
  readonly module: string;
  /**
   * The step holds the kernel calls, arrivals and recording in place rather than calling
   * functions for them: V8 then compiles that JS once, where each was compiled alone and again
   * inlined into the step and the run loop (celegans302's loop 54 → 47 ms, medians of 10
   * alternating runs). Up to {@link IN_PLACE_MAX} populations and projections.
   */
  readonly inPlace: boolean;
}

/**
 * Past this many populations or projections the step calls its parts: V8 does not optimise a
 * function of more than 60 KB of bytecode.
 */
const IN_PLACE_MAX = 32;

/**
 * Whether a population gets a SIMD kernel: a `lif` population updated by one thread whose
 * parameters are the same for every neuron (but `v_th`, read from its array), or such an
 * `izhikevich` population (no parameter per neuron).
 */
export function simdEligible(pp: PopulationPlan): boolean {
  if (pp.partitioned) return false;
  if (pp.kind === "lif") return pp.perNeuron.every((p) => p === "v_th");
  return pp.kind === "izhikevich" && pp.perNeuron.length === 0;
}

/** Plans the SIMD kernels of a network; null when none of its populations gets one. */
export function planSimd(net: Network, plan: NetworkPlan, o: EmitOptions): SimdPlan | null {
  if (o.simd === false) return null;
  const eligible = plan.populations.filter(simdEligible);
  if (eligible.length === 0) return null;
  const layout = new Layout();
  const functions: WasmFunction[] = [];
  const arrays = new Map<number, SimdArrays>();
  for (const pp of eligible) {
    const a = placeArrays(pp, o, layout);
    arrays.set(pp.id, a);
    functions.push({ name: `k${pp.id}`, params: 1, results: 1, body: kernelBody(net, pp, o, a) });
  }
  const { arrivals, stdp, decayTables } = planArrivals(net, plan, arrays, functions, layout);
  const loop = planStepLoop(net, plan, {
    kernels: new Set(arrays.keys()),
    arrivals,
    stdp,
    functions,
    firstFunction: stdp.size > 0 ? 1 : 0,
    frameAt: () => layout.top,
    reserve: (bytes) => layout.reserve(bytes),
  });
  const bytes = encodeModule(functions, Math.ceil(layout.top / 65536), stdp.size > 0);
  return {
    arrays,
    arrivals,
    stdp,
    loop,
    decayTables,
    stateBytes: layout.top,
    module: Buffer.from(bytes).toString("base64"),
    inPlace:
      !plan.partitionable &&
      net.populations.length <= IN_PLACE_MAX &&
      net.projections.length <= IN_PLACE_MAX,
  };
}

/** The memory's layout as it is planned: regions one after another, each 16-byte aligned. */
class Layout {
  top = 0;

  /** A region for `size` neurons (a whole number of 4-neuron blocks); its byte offset. */
  region(bytesPerNeuron: number, size: number): number {
    const at = this.top;
    this.top += Math.ceil(size / 4) * 4 * bytesPerNeuron;
    return at;
  }

  reserve(bytes: number): void {
    this.top = Math.ceil((this.top + bytes) / 16) * 16;
  }
}

/** Places a SIMD population's arrays: state, currents and, where it has them, the rest. */
function placeArrays(pp: PopulationPlan, o: EmitOptions, layout: Layout): SimdArrays {
  const lif = pp.kind === "lif";
  const region = (bytes: number) => layout.region(bytes, pp.size);
  return {
    size: pp.size,
    v: region(8),
    ie: region(8),
    ii: region(8),
    rf: lif ? region(4) : null,
    u: lif ? null : region(8),
    st: hasStimArray(pp, o) ? region(8) : null,
    gp: pp.gap ? region(8) : null,
    vth: lif && hasThresholdArray(pp) ? region(8) : null,
  };
}

function kernelBody(net: Network, pp: PopulationPlan, o: EmitOptions, a: SimdArrays) {
  const pop = net.populations[pp.id] as Population;
  const m = pop.model;
  const bias = m.kind === "lif" || m.kind === "izhikevich" ? m.params.i_bias : 0;
  const terms = externalTerms(pp, o, bias, a);
  return pp.kind === "lif"
    ? lifKernelBody(lifSpec(pop, a, net.dt, terms))
    : izhikevichKernelBody(izhikevichSpec(pop, a, net.dt, terms));
}

/**
 * The WebAssembly arrivals of the one-delay projections into SIMD populations (static, or with
 * stdp and its post side), appended to `functions`; the decay tables their stdp reads.
 */
function planArrivals(
  net: Network,
  plan: NetworkPlan,
  arrays: ReadonlyMap<number, SimdArrays>,
  functions: WasmFunction[],
  layout: Layout,
) {
  const arrivals = new Set<number>();
  const stdp = new Set<number>();
  const decayTables = new Map<number, number>();
  const decayTable = (rate: number): number => {
    const known = [...decayTables].find(([, r]) => Object.is(r, rate));
    if (known !== undefined) return known[0];
    const at = layout.region(8, DECAY_TABLE);
    decayTables.set(at, rate);
    return at;
  };
  for (const pj of plan.projections) {
    const proj = net.projections[pj.id];
    const post = proj === undefined ? undefined : arrays.get(proj.post.population);
    const pre = proj === undefined ? undefined : net.populations[proj.pre.population];
    if (proj === undefined || post === undefined || pre === undefined) continue;
    if (pj.path !== "queue" || pj.delay === null || pj.stdpWindow !== null) continue;
    const target = proj.receptor === "exc" ? post.ie : post.ii;
    arrivals.add(pj.id);
    const rule = pj.stdp === null ? undefined : net.plasticity[pj.stdp];
    if (rule === undefined || rule.kind !== "stdp") {
      const body = arrivalBody({ preSize: pre.size, target, weight: constantWeight(net, pj) });
      functions.push({ name: `a${pj.id}`, params: 4, results: 0, body });
      continue;
    }
    stdp.add(pj.id);
    const rates = stdpSpec(rule, net.dt);
    const spec = {
      ...rates,
      plusTable: decayTable(rates.plusRate),
      minusTable: decayTable(rates.minusRate),
    };
    const arrival = stdpArrivalBody({ ...spec, slotSize: pre.size, target });
    const postSide = stdpPostBody({ ...spec, slotSize: post.size });
    functions.push(
      { name: `a${pj.id}`, params: STDP_PARAMS, results: 0, body: arrival },
      { name: `p${pj.id}`, params: STDP_PARAMS, results: 0, body: postSide },
    );
  }
  return { arrivals, stdp, decayTables };
}

/** The constants of a projection's stdp functions, as the JS code's literals (emit-synapses.ts). */
function stdpSpec(rule: Extract<PlasticityRule, { kind: "stdp" }>, dt: number) {
  return {
    plusRate: dt / rule.tau_plus,
    minusRate: dt / rule.tau_minus,
    plusStep: rule.a_plus * rule.w_max,
    minusStep: rule.a_minus * rule.w_max,
    wMin: rule.w_min,
    wMax: rule.w_max,
    multiplicative: rule.dependence === "multiplicative",
  };
}

/** The JS kernel's external terms (emit-neurons.ts), as operands in the memory. */
function externalTerms(
  pp: PopulationPlan,
  o: EmitOptions,
  iBias: number,
  a: SimdArrays,
): PerNeuron[] {
  return externalTermKinds(pp, o, lit(iBias)).map((kind): PerNeuron => {
    const at = kind === "stim" ? a.st : kind === "gap" ? a.gp : null;
    if (kind === "bias") return { constant: iBias };
    if (at === null) throw new Error(`internal: population ${pp.id} has no ${kind} array`);
    return { array: at };
  });
}

function lifSpec(
  pop: Population,
  a: SimdArrays,
  dt: number,
  terms: readonly PerNeuron[],
): LifSimdSpec {
  if (pop.model.kind !== "lif" || a.rf === null)
    throw new Error(`internal: ${pop.name} is not a lif population`);
  const p = pop.model.params;
  const c = lifCoefficients(p, dt);
  return {
    size: pop.size,
    v: a.v,
    ie: a.ie,
    ii: a.ii,
    rf: a.rf,
    vRest: p.v_rest,
    vReset: p.v_reset,
    vTh: a.vth === null ? { constant: p.v_th } : { array: a.vth },
    refSteps: c.refSteps,
    p22: c.p22,
    p21e: c.p21e,
    p21i: c.p21i,
    pe: c.pe,
    pi: c.pi,
    external: terms.length === 0 ? null : { p20: c.p20, terms },
  };
}

/** The constants of an izhikevich kernel, as the JS kernel's literals (emit-neurons.ts). */
function izhikevichSpec(
  pop: Population,
  a: SimdArrays,
  dt: number,
  external: readonly PerNeuron[],
): IzhikevichSimdSpec {
  if (pop.model.kind !== "izhikevich" || a.u === null)
    throw new Error(`internal: ${pop.name} is not an izhikevich population`);
  const p = pop.model.params;
  const dtMs = dt * 1000;
  return {
    size: pop.size,
    v: a.v,
    u: a.u,
    ie: a.ie,
    ii: a.ii,
    halfDt: dtMs * 0.5,
    dtA: dtMs * p.a,
    b: p.b,
    c: toMillivolts(p.c),
    d: toMillivolts(p.d),
    vPeak: toMillivolts(p.v_peak),
    kIn: p.k_in,
    decayExc: Math.exp(-dt / p.tau_syn_exc),
    decayInh: Math.exp(-dt / p.tau_syn_inh),
    external,
  };
}

/**
 * The memory and the kernels, after the history lengths `D<k>` are known: the spike history of a
 * SIMD population follows the state arrays, as the kernel writes it.
 */
export function emitSimdSetup(net: Network, simd: SimdPlan | null): string[] {
  if (simd === null) return [];
  const L = [
    `// the lif populations of the WebAssembly SIMD kernels keep their arrays in one memory`,
    `let WTOP = ${simd.stateBytes};`,
  ];
  // a history slot is N + 1 int32 (the count last), each ring 16-byte aligned
  net.populations.forEach((pop, k) => {
    L.push(`const HO${k} = WTOP; WTOP += Math.ceil((D${k} * ${pop.size + 1}) / 4) * 16;`);
  });
  // the synapses of the WebAssembly arrivals, as drawn: rowPtr, post (int32), weights (float64)
  const place = (name: string, words: string) =>
    `const ${name} = WTOP; WTOP += Math.ceil(${words} / 4) * 16;`;
  for (const p of simd.arrivals)
    L.push(
      place(`RP${p}`, `B.proj[${p}].rowPtr.length`),
      place(`PO${p}`, `B.proj[${p}].post.length`),
      place(`WO${p}`, `(B.proj[${p}].weights === null ? 0 : 2 * B.proj[${p}].weights.length)`),
    );
  if (simd.loop !== null) L.push(place(`WRB`, `${3 * LOOP_BUFFER}`));
  // and of their stdp: traces (value float64, last update int32) per synapse and per post
  // neuron, and the transpose the post side walks (column pointers, synapse of each entry)
  for (const p of simd.stdp) {
    const post = (net.projections[p] as Projection).post.population;
    const npost = (net.populations[post] as Population).size;
    L.push(
      place(`XO${p}`, `2 * B.proj[${p}].post.length`),
      place(`XLO${p}`, `B.proj[${p}].post.length`),
      place(`YO${p}`, `${2 * npost}`),
      place(`YLO${p}`, `${npost}`),
      place(`CPO${p}`, `${npost + 1}`),
      place(`CSO${p}`, `B.proj[${p}].post.length`),
    );
  }
  L.push(
    `const WMEM = simdMemory(WTOP);`,
    `const WK = simdKernels(WMEM, ${JSON.stringify(simd.module)});`,
  );
  for (const k of simd.arrays.keys()) L.push(`const SK${k} = WK === null ? null : WK.k${k};`);
  for (const p of simd.arrivals) L.push(`const SA${p} = WK === null ? null : WK.a${p};`);
  for (const p of simd.stdp) L.push(`const SP${p} = WK === null ? null : WK.p${p};`);
  // exp(−d · rate) of Math.exp itself, as the JS code computes it for a trace of age d
  for (const [at, rate] of simd.decayTables)
    L.push(
      `if (WMEM !== null) { const t = memoryF64(WMEM, ${at}, ${DECAY_TABLE}); for (let d = 0; d < ${DECAY_TABLE}; d++) t[d] = Math.exp(-d * ${lit(rate)}); }`,
    );
  if (simd.loop !== null) L.push(...emitStepLoopSetup(net, simd.stdp, simd.loop.frame));
  return L;
}
