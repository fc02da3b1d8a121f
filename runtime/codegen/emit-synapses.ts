/**
 * Generates the synaptic part of the simulator (SPEC §7 step 4 and the event order at each
 * instant T): arrivals through the event queue in projection declaration order and synapse
 * order, each as deliver → depress → `x += 1` for `stdp`; then the postsynaptic side of the spikes
 * stamped T (potentiate → `y += 1`); then homeostasis.
 *
 * Event-driven: a projection with one delay d reads the spike list its pre population stamped at
 * T − d from the history ring and walks those rows of its CSR; one with per-synapse delays walks
 * the rows of every pre neuron that spiked within its delay range, in ascending order, and takes
 * the synapses whose own delay matches (a per-neuron spike bitmap answers that).
 *
 * STDP traces are stored with the step they were last updated and read as
 * `value · exp(−(T − last) · dt/τ)`; test/reference/ uses the same expressions, and so do the
 * WebAssembly twins of the one-delay projections into SIMD populations (wasm/stdp.ts).
 */
import type { Network, PlasticityRule, Population, Projection } from "../../compiler/ir/index.js";
import { evalValue } from "../instantiate/generate.js";
import { lit } from "./literal.js";
import type { NetworkPlan, ProjectionPlan } from "./plan.js";
import { STATIC_ARRAYS } from "./wasm/arrival.js";
import { ARRIVAL_ARRAYS, POST_ARRAYS } from "./wasm/stdp.js";

type Stdp = Extract<PlasticityRule, { kind: "stdp" }>;

function stdpOf(net: Network, pp: ProjectionPlan): Stdp | null {
  if (pp.stdp === null) return null;
  const r = net.plasticity[pp.stdp];
  return r !== undefined && r.kind === "stdp" ? r : null;
}

/**
 * Set-up of the queue projections: CSR views, delays, traces, transposes. `wasm`: the
 * projections whose arrivals are WebAssembly (emit-simd.ts): their synapses are moved into its
 * memory, at `RP<p>`, `PO<p>`, `WO<p>`; `wasmStdp`, those of them with stdp: their traces and
 * transpose live there too.
 */
export function emitProjectionSetup(
  net: Network,
  plan: NetworkPlan,
  wasm: ReadonlySet<number> = new Set(),
  wasmStdp: ReadonlySet<number> = new Set(),
): string[] {
  const L: string[] = [];
  for (const pp of plan.projections) {
    const p = pp.id;
    const proj = net.projections[p] as Projection;
    const npost = (net.populations[proj.post.population] as Population).size;
    const npre = (net.populations[proj.pre.population] as Population).size;
    L.push(`// projection ${proj.name} (${pp.path})`);
    if (wasm.has(p)) {
      // moved, not copied: the drawn arrays are let go (a static synapse costs its bytes once)
      L.push(
        `const rp${p} = memoryCopy(WMEM, RP${p}, B.proj[${p}].rowPtr), po${p} = memoryCopy(WMEM, PO${p}, B.proj[${p}].post), w${p} = B.proj[${p}].weights === null ? null : memoryCopy(WMEM, WO${p}, B.proj[${p}].weights);`,
        `B.proj[${p}] = { ...B.proj[${p}], rowPtr: rp${p}, post: po${p}, weights: w${p} };`,
      );
    } else
      L.push(
        `const rp${p} = B.proj[${p}].rowPtr, po${p} = B.proj[${p}].post, w${p} = B.proj[${p}].weights;`,
      );
    if (pp.path !== "queue") continue;
    // Partitioned: this thread's part of each row, the synapses onto its own range of targets.
    if (plan.partitionable)
      L.push(
        `const ra${p} = new Int32Array(${npre}), rz${p} = new Int32Array(${npre});`,
        `rowRangeInto(rp${p}, po${p}, LO${proj.post.population}, HI${proj.post.population}, ${npost}, ra${p}, rz${p});`,
      );
    if (pp.delay === null) {
      L.push(`const dl${p} = B.proj[${p}].delays;`);
      L.push(`const [DMIN${p}, DMAX${p}] = delayRange(B.proj[${p}]);`);
      L.push(`const MK${p} = new Int32Array(${npre}).fill(-1), CD${p} = new Int32Array(${npre});`);
    }
    if (stdpOf(net, pp) !== null && wasmStdp.has(p)) {
      L.push(
        `const X${p} = memoryF64(WMEM, XO${p}, po${p}.length), XL${p} = memoryI32(WMEM, XLO${p}, po${p}.length);`,
        `const Y${p} = memoryF64(WMEM, YO${p}, ${npost}), YL${p} = memoryI32(WMEM, YLO${p}, ${npost});`,
        `const CSC${p} = buildCsc(B.proj[${p}], ${npost}), cp${p} = memoryCopy(WMEM, CPO${p}, CSC${p}.cp), cs${p} = memoryCopy(WMEM, CSO${p}, CSC${p}.cs);`,
      );
    } else if (stdpOf(net, pp) !== null) {
      L.push(
        `const X${p} = new Float64Array(po${p}.length), XL${p} = new Int32Array(po${p}.length);`,
      );
      L.push(`const Y${p} = new Float64Array(${npost}), YL${p} = new Int32Array(${npost});`);
      L.push(`const { cp: cp${p}, cs: cs${p} } = buildCsc(B.proj[${p}], ${npost});`);
    }
  }
  return L;
}

/** The JS names of projection p's array addresses, in a WebAssembly function's order. */
function addresses(names: readonly string[], p: number): string {
  return names.map((name) => `${name}${p}`).join(", ");
}

function clip(rule: Stdp, x: string): string {
  return `${x} < ${lit(rule.w_min)} ? ${lit(rule.w_min)} : ${x} > ${lit(rule.w_max)} ? ${lit(rule.w_max)} : ${x}`;
}

/** The current array a projection delivers into (`i_exc` or `i_inh` of its post population). */
function target(net: Network, pp: ProjectionPlan): string {
  const proj = net.projections[pp.id] as Projection;
  return `${proj.receptor === "exc" ? "ie" : "ii"}${proj.post.population}`;
}

/** The one weight of every synapse of a projection, or null when each has its own (`w[s]`). */
export function constantWeight(net: Network, pp: ProjectionPlan): number | null {
  const proj = net.projections[pp.id] as Projection;
  return pp.constWeight ? evalValue(proj.weight, null) : null;
}

/**
 * The body delivering synapse `s` of projection p at instant T. The enclosing block has aliased
 * the projection's arrays as locals `po`, `w`, `tgt` (so the loop reads no closure context).
 */
function deliver(net: Network, pp: ProjectionPlan): string[] {
  const p = pp.id;
  const rule = stdpOf(net, pp);
  if (rule === null) {
    const weight = constantWeight(net, pp);
    const w = weight === null ? `w[s]` : lit(weight);
    return [`tgt[po[s]] += ${w};`];
  }
  const amw = lit(rule.a_minus * rule.w_max);
  const range = lit(rule.w_max - rule.w_min);
  const dep =
    rule.dependence === "additive"
      ? `wv - ${amw} * y`
      : `wv - ${amw} * y * (wv - ${lit(rule.w_min)}) / ${range}`;
  return [
    `const j = po[s], wv = w[s];`,
    `tgt[j] += wv;`,
    `const y = Y${p}[j] * Math.exp(-(T - YL${p}[j]) * ${lit(net.dt / rule.tau_minus)});`,
    `const nw = ${dep};`,
    `w[s] = ${clip(rule, "nw")};`,
    `X${p}[s] = X${p}[s] * Math.exp(-(T - XL${p}[s]) * ${lit(net.dt / rule.tau_plus)}) + 1;`,
    `XL${p}[s] = T;`,
  ];
}

function emitConstDelayArrival(
  net: Network,
  pp: ProjectionPlan,
  partitioned: boolean,
  wasm: boolean,
): string[] {
  const p = pp.id;
  const proj = net.projections[p] as Projection;
  const a = proj.pre.population;
  const na = (net.populations[a] as Population).size;
  const body = deliver(net, pp);
  const [rows, first, last] = partitioned
    ? [`ra = ra${p}, rz = rz${p}`, `ra[i]`, `rz[i]`]
    : [`rp = rp${p}`, `rp[i]`, `rp[i + 1]`];
  // the WebAssembly twin (wasm/arrival.ts, wasm/stdp.ts), given the slot's byte address
  const slot = `HO${a} + (S % D${a}) * ${(na + 1) * 4}`;
  const args =
    stdpOf(net, pp) === null
      ? `${slot}, ${addresses(STATIC_ARRAYS, p)}`
      : `${slot}, T, ${addresses(ARRIVAL_ARRAYS, p)}`;
  const twin = wasm
    ? [`    if (S >= 0 && SA${p} !== null) SA${p}(${args});`, `    else if (S >= 0) {`]
    : [`    if (S >= 0) {`];
  return [
    `  { const S = T - ${pp.delay ?? 1};`,
    ...twin,
    `      const H = H${a}, bs = (S % D${a}) * ${na + 1}, cnt = H[bs + ${na}], ${rows}, po = po${p}, w = w${p}, tgt = ${target(net, pp)};`,
    `      for (let q = 0; q < cnt; q++) {`,
    `        const i = H[bs + q], end = ${last};`,
    `        for (let s = ${first}; s < end; s++) {`,
    ...body.map((x) => `          ${x}`),
    `        }`,
    `      }`,
    `    } }`,
  ];
}

function emitHeteroDelayArrival(net: Network, pp: ProjectionPlan): string[] {
  const p = pp.id;
  const proj = net.projections[p] as Projection;
  const a = proj.pre.population;
  const na = (net.populations[a] as Population).size;
  const body = deliver(net, pp);
  return [
    `  { const mk = MK${p}, cd = CD${p}, H = H${a}, rp = rp${p}, dl = dl${p}, po = po${p}, w = w${p}, tgt = ${target(net, pp)};`,
    `    let nc = 0;`,
    `    for (let d = DMIN${p}; d <= DMAX${p}; d++) {`,
    `      const S = T - d;`,
    `      if (S < 0) break;`,
    `      const bs = (S % D${a}) * ${na + 1}, cnt = H[bs + ${na}];`,
    `      for (let q = 0; q < cnt; q++) { const i = H[bs + q]; if (mk[i] !== T) { mk[i] = T; cd[nc] = i; nc++; } }`,
    `    }`,
    `    if (nc * nc > 4 * ${na}) { nc = 0; for (let i = 0; i < ${na}; i++) if (mk[i] === T) { cd[nc] = i; nc++; } }`,
    `    else for (let x = 1; x < nc; x++) { const key = cd[x]; let y = x - 1; while (y >= 0 && cd[y] > key) { cd[y + 1] = cd[y]; y--; } cd[y + 1] = key; }`,
    `    for (let q = 0; q < nc; q++) {`,
    `      const i = cd[q], end = rp[i + 1];`,
    `      for (let s = rp[i]; s < end; s++) {`,
    `        const S = T - dl[s];`,
    `        if (S < 0 || BH${a}[(S % D${a}) * ${na} + i] === 0) continue;`,
    ...body.map((x) => `        ${x}`),
    `      }`,
    `    } }`,
  ];
}

/**
 * Arrivals at instant T through the queue, in projection declaration order; `wasm`: the
 * projections with WebAssembly arrivals (emit-simd.ts).
 */
export function emitArrivals(
  net: Network,
  plan: NetworkPlan,
  wasm: ReadonlySet<number> = new Set(),
): string[] {
  return [`function arrivals(T) {`, ...arrivalBlocks(net, plan, wasm), `}`];
}

/** The body of {@link emitArrivals}, as the step writes it in place (emit-module.ts). */
export function arrivalBlocks(
  net: Network,
  plan: NetworkPlan,
  wasm: ReadonlySet<number> = new Set(),
): string[] {
  const L: string[] = [];
  for (const pp of plan.projections) {
    if (pp.path !== "queue") continue;
    L.push(
      ...(pp.delay === null
        ? emitHeteroDelayArrival(net, pp)
        : emitConstDelayArrival(net, pp, plan.partitionable, wasm.has(pp.id))),
    );
  }
  return L;
}

/**
 * The postsynaptic side of stdp at instant T: potentiate, then `y += 1`, per spiking post.
 * `wasm`: the projections whose post side has a WebAssembly twin (wasm/stdp.ts), `SP<p>`.
 */
export function emitStdpPost(
  net: Network,
  plan: NetworkPlan,
  wasm: ReadonlySet<number> = new Set(),
): string[] {
  const L: string[] = [`function stdpPost(T) {`];
  for (const pp of plan.projections) {
    const rule = stdpOf(net, pp);
    if (rule === null || pp.path !== "queue") continue;
    const p = pp.id;
    const proj = net.projections[p] as Projection;
    const b = proj.post.population;
    const nb = (net.populations[b] as Population).size;
    const apw = lit(rule.a_plus * rule.w_max);
    const pot =
      rule.dependence === "additive"
        ? `wv + ${apw} * x`
        : `wv + ${apw} * x * (${lit(rule.w_max)} - wv) / ${lit(rule.w_max - rule.w_min)}`;
    if (wasm.has(p))
      L.push(
        `  if (SP${p} !== null) SP${p}(HO${b} + (T % D${b}) * ${(nb + 1) * 4}, T, ${addresses(POST_ARRAYS, p)});`,
        `  else`,
      );
    L.push(
      `  { const H = H${b}, bs = (T % D${b}) * ${nb + 1}, cnt = H[bs + ${nb}];`,
      `    const cp = cp${p}, cs = cs${p}, w = w${p}, X = X${p}, XL = XL${p}, Y = Y${p}, YL = YL${p};`,
      `    for (let q = 0; q < cnt; q++) {`,
      `      const j = H[bs + q], end = cp[j + 1];`,
      `      for (let r = cp[j]; r < end; r++) {`,
      `        const s = cs[r];`,
      `        const x = X[s] * Math.exp(-(T - XL[s]) * ${lit(net.dt / rule.tau_plus)});`,
      `        const wv = w[s];`,
      `        const nw = ${pot};`,
      `        w[s] = ${clip(rule, "nw")};`,
      `      }`,
      `      Y[j] = Y[j] * Math.exp(-(T - YL[j]) * ${lit(net.dt / rule.tau_minus)}) + 1;`,
      `      YL[j] = T;`,
      `    } }`,
    );
  }
  L.push(`}`);
  return L;
}

/** Homeostasis at instant T: decay the rate estimate, add 1/τ per spike, move v_th. */
export function emitHomeostasis(net: Network): string[] {
  const L: string[] = [`function homeostasis(T) {`];
  for (const pop of net.populations) {
    if (pop.homeostasis === null || pop.model.kind !== "lif") continue;
    const rule = net.plasticity[pop.homeostasis];
    if (rule === undefined || rule.kind !== "homeostasis") continue;
    const k = pop.id;
    const n = pop.size;
    L.push(
      `  { const r = hr${k}, vth = vth${k}, H = H${k}, bs = (T % D${k}) * ${n + 1}, cnt = H[bs + ${n}];`,
      `    for (let i = 0; i < ${n}; i++) r[i] = r[i] * ${lit(Math.exp(-net.dt / rule.tau))};`,
      `    for (let q = 0; q < cnt; q++) { const j = H[bs + q]; r[j] = r[j] + ${lit(1 / rule.tau)}; }`,
      `    for (let i = 0; i < ${n}; i++) vth[i] = vth[i] + ${lit(rule.eta)} * (r[i] - ${lit(rule.target_rate)}) * ${lit(net.dt)};`,
      `  }`,
    );
  }
  L.push(`}`);
  return L;
}
