/**
 * Generates the step of the NeuroCoreX core (`neurocorex_lif`, SPEC §3 and NEUROCOREX.md §2,
 * §6.2-6.4), in the core's own integer arithmetic. Core step T (stamps its spikes T):
 *
 * 1. spike set S(T): neurons with refractory count 0 and V >= threshold (V from step T−1);
 * 2. in core order b: the recurrent current. Its gate is open when a neuron other than b spiked
 *    at T−1; then I_b ← wrap18(I_b + A_b·1024), A_b being the sum of the weights from the spikers
 *    of T−1 except b's successor b+1 (the core drops m → m−1); a closed gate gives I_b the value the
 *    shared register last held in this step (0 unless a lower neuron wrote it: the "sole spiker"
 *    case of NEUROCOREX.md 6.2.1); a spiker gets V = 0 and refractory max(1, round(t_ref/dt))
 *    steps; any other neuron V ← wrap18(V + I_b + FF_b − leak), where FF_b (inputs stamped T,
 *    weight·1024 each) is lost when b−1 spikes at T;
 * 3. the accumulators A for step T+1 from S(T), with the weights as they are before learning;
 * 4. stdp_window: for each spiker k in core order, potentiation of its plastic inputs whose
 *    pre spiked within [T − Wpre, T] (8-bit wrap), then depression of its plastic outputs
 *    (not k → k) whose post spiked within [T − Wpost, T − 1] (8-bit, floor −1).
 *
 * The core's order is `network.core.neurons`; weights live in a dense matrix indexed
 * `post·C + pre` in core positions, as on the chip.
 */
import type { Network, Population, Projection } from "../../compiler/ir/index.js";
import { toQRaw } from "../kernels/fixed-point.js";
import { lit } from "./literal.js";
import type { NetworkPlan } from "./plan.js";

/** Set-up of the core: positions, thresholds, refractory steps, the dense weight matrix. */
export function emitCoreSetup(net: Network, plan: NetworkPlan): string[] {
  if (!plan.hasCore || net.core === null) return [];
  const corePops = net.populations.filter((p) => p.model.kind === "neurocorex_lif");
  const first = corePops[0];
  const leak =
    first !== undefined && first.model.kind === "neurocorex_lif" ? first.model.params.leak : 0;
  const window = net.plasticity.find((r) => r.kind === "stdp_window");
  const L: string[] = [
    `// the NeuroCoreX core`,
    `const CN = NET.core.neurons.length;`,
    `const cV = new Int32Array(CN), cI = new Int32Array(CN), cRef = new Int32Array(CN);`,
    `const cThr = new Int32Array(CN), cR = new Int32Array(CN), cLast = new Int32Array(CN).fill(-1000000000);`,
    `const cAccP = new Int32Array(CN), cFF = new Int32Array(CN), cSpk = new Uint8Array(CN);`,
    `const cAA = new Int32Array(CN * CN), cPl = new Uint8Array(CN * CN);`,
    `let cPrevCnt = 0, cPrevSole = -1;`,
    `const LEAK = ${toQRaw(leak)};`,
  ];
  for (const pop of corePops) L.push(`const cPos${pop.id} = new Int32Array(${pop.size}).fill(-1);`);
  // POS: the per-population position arrays by population id, used only during set-up.
  L.push(`const POS = {${corePops.map((p) => `${p.id}: cPos${p.id}`).join(", ")}};`);
  L.push(
    `NET.core.neurons.forEach((nr, b) => {`,
    `  const pop = NET.populations[nr.population];`,
    `  const pn = B.params[nr.population];`,
    `  const thr = pn.threshold ? pn.threshold[nr.index] : pop.model.params.threshold;`,
    `  const tref = pn.t_ref ? pn.t_ref[nr.index] : pop.model.params.t_ref;`,
    `  cThr[b] = toQRaw(thr);`,
    `  cR[b] = Math.max(1, toSteps(tref, DT));`,
    `  POS[nr.population][nr.index] = b;`,
    `});`,
  );
  for (const proj of net.projections) {
    const pp = plan.projections[proj.id];
    if (pp === undefined || pp.path !== "core-recurrent") continue;
    const p = proj.id;
    const a = proj.pre.population;
    const b = proj.post.population;
    L.push(
      `const cell${p} = new Int32Array(po${p}.length);`,
      `for (let i = 0; i + 1 < rp${p}.length; i++) for (let s = rp${p}[i]; s < rp${p}[i + 1]; s++) {`,
      `  const cell = cPos${b}[po${p}[s]] * CN + cPos${a}[i];`,
      `  cell${p}[s] = cell;`,
      `  cAA[cell] += w${p} === null ? B.proj[${p}].weightConst : w${p}[s];`,
      pp.stdpWindow !== null ? `  cPl[cell] = 1;` : ``,
      `}`,
    );
  }
  if (window !== undefined && window.kind === "stdp_window")
    L.push(
      `const WPRE = ${window.window_pre_steps}, WPOST = ${window.window_post_steps}, SPLUS = ${window.step_plus}, SMINUS = ${window.step_minus};`,
    );
  return L;
}

function emitCoreInputs(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [];
  for (const proj of net.projections) {
    const pp = plan.projections[proj.id];
    if (pp === undefined || pp.path !== "core-input") continue;
    const p = proj.id;
    const a = proj.pre.population;
    const na = (net.populations[a] as Population).size;
    const w = pp.constWeight ? `${lit(Math.round(constWeight(proj)) * 1024)}` : `w${p}[s] * 1024`;
    L.push(
      `  { const H = H${a}, bs = (T % D${a}) * ${na + 1}, cnt = H[bs + ${na}];`,
      `    for (let q = 0; q < cnt; q++) { const i = H[bs + q];`,
      `      for (let s = rp${p}[i]; s < rp${p}[i + 1]; s++) cFF[cPos${proj.post.population}[po${p}[s]]] += ${w}; } }`,
    );
  }
  return L;
}

function constWeight(proj: Projection): number {
  return proj.weight.kind === "const" ? proj.weight.value : 0;
}

/** The core step at instant T (see the file header). */
export function emitCoreStep(net: Network, plan: NetworkPlan): string[] {
  if (!plan.hasCore || net.core === null) return [];
  const hasWindow = plan.projections.some(
    (p) => p.stdpWindow !== null && p.path === "core-recurrent",
  );
  const L: string[] = [
    `function coreStep(T) {`,
    ...emitCoreInputs(net, plan),
    `  let cnt = 0, sole = -1;`,
    `  for (let b = 0; b < CN; b++) {`,
    `    const sp = cRef[b] === 0 && cV[b] >= cThr[b];`,
    `    cSpk[b] = sp ? 1 : 0;`,
    `    if (sp) { cnt++; sole = b; }`,
    `  }`,
    `  let held = 0;`,
    `  for (let b = 0; b < CN; b++) {`,
    `    if (cPrevCnt > 1 || (cPrevCnt === 1 && cPrevSole !== b)) {`,
    `      cI[b] = ((cI[b] + cAccP[b] * 1024) << 14) >> 14;`,
    `      held = cI[b];`,
    `    } else cI[b] = held;`,
    `    if (cSpk[b] !== 0) {`,
    `      cV[b] = 0;`,
    `      cRef[b] = cR[b];`,
    `      cLast[b] = T;`,
    `    } else {`,
    `      const ff = b > 0 && cSpk[b - 1] !== 0 ? 0 : cFF[b];`,
    `      cV[b] = ((cV[b] + cI[b] + ff - LEAK) << 14) >> 14;`,
    `      if (cRef[b] > 0) cRef[b] = cRef[b] - 1;`,
    `    }`,
    `    cFF[b] = 0;`,
    `  }`,
    `  for (let b = 0; b < CN; b++) {`,
    `    let acc = 0;`,
    `    if (cnt > 0) for (let m = 0; m < CN; m++) if (cSpk[m] !== 0 && m !== b + 1) acc += cAA[b * CN + m];`,
    `    cAccP[b] = acc;`,
    `  }`,
    `  cPrevCnt = cnt;`,
    `  cPrevSole = sole;`,
  ];
  if (hasWindow)
    L.push(
      `  if (cnt > 0) for (let k = 0; k < CN; k++) {`,
      `    if (cSpk[k] === 0) continue;`,
      `    for (let m = 0; m < CN; m++) {`,
      `      const cell = k * CN + m;`,
      `      if (cPl[cell] === 0) continue;`,
      `      const d = T - cLast[m];`,
      `      if (d >= 0 && d <= WPRE) cAA[cell] = ((cAA[cell] + SPLUS) << 24) >> 24;`,
      `    }`,
      `    for (let b = 0; b < CN; b++) {`,
      `      const cell = b * CN + k;`,
      `      if (b === k || cPl[cell] === 0) continue;`,
      `      const d = T - cLast[b];`,
      `      if (d >= 1 && d <= WPOST) { const x = ((cAA[cell] - SMINUS) << 24) >> 24; cAA[cell] = x < -1 ? -1 : x; }`,
      `    }`,
      `  }`,
    );
  for (const pop of net.populations) {
    if (pop.model.kind !== "neurocorex_lif") continue;
    const k = pop.id;
    L.push(
      `  { const H = H${k}, bs = (T % D${k}) * ${pop.size + 1}; let c = 0;`,
      `    for (let i = 0; i < ${pop.size}; i++) { const b = cPos${k}[i]; if (b >= 0 && cSpk[b] !== 0) { H[bs + c] = i; c++; } }`,
      `    H[bs + ${pop.size}] = c; }`,
    );
  }
  L.push(`}`);
  return L;
}
