/**
 * Generates the recording at instant T (SPEC §6, §7: last in the event order): the spikes stamped
 * T of recorded neurons, in population declaration order and ascending index (so the table comes
 * out sorted), the spike counts of every population, state samples at multiples of `every`, and
 * weight samples. Buffers are allocated at set-up; the spike table grows by doubling.
 */
import type { Network, Population, Recording } from "../../compiler/ir/index.js";
import type { NetworkPlan } from "./plan.js";

type StateRec = Extract<Recording, { kind: "state" }>;

/** The expression of a recorded state variable of neuron `i` of population k, in SI. */
function stateValue(net: Network, k: number, variable: StateRec["variable"]): string {
  const kind = (net.populations[k] as Population).model.kind;
  if (kind === "neurocorex_lif") return variable === "v" ? `cV[cPos${k}[i]] / 1024` : `0`;
  if (kind === "lif") {
    if (variable === "v") return `v${k}[i]`;
    if (variable === "i_exc") return `ie${k}[i]`;
    if (variable === "i_inh") return `ii${k}[i]`;
    return `0`;
  }
  if (kind === "izhikevich") {
    if (variable === "v") return `v${k}[i] * 0.001`;
    if (variable === "u") return `u${k}[i] * 0.001`;
    if (variable === "i_exc") return `ie${k}[i]`;
    return `ii${k}[i]`;
  }
  return `0`;
}

/** Set-up of the recording buffers. */
export function emitRecordingSetup(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [
    `let nrec = 0, rStep = new Int32Array(0), rPop = new Int32Array(0), rIdx = new Int32Array(0);`,
    `const spikeCount = new Float64Array(${net.populations.length});`,
    // Grown to hold `need` entries, eightfold up to 2M entries, then twofold: the pages of a
    // fresh array are mapped on first write, which costs more than the copy (4.4 MB of spike
    // table at 64k neurons: 42 ms doubling, 17 ms eightfold), and the unwritten end of the last
    // array costs nothing; past that size doubling keeps what is reserved near what is used.
    `function growSpikes(need) {`,
    `  if (need < rStep.length) return;`,
    `  let size = Math.max(1024, rStep.length);`,
    `  while (size < need) size *= size < 2097152 ? 8 : 2;`,
    `  const grow = (a) => { const b = new Int32Array(size); b.set(a); return b; };`,
    `  rStep = grow(rStep); rPop = grow(rPop); rIdx = grow(rIdx);`,
    `}`,
  ];
  for (const pp of plan.populations) {
    if (pp.recordSpikes !== "some") continue;
    L.push(`const rm${pp.id} = new Uint8Array(${pp.size});`);
    for (const r of net.recordings)
      if (r.kind === "spikes")
        for (const t of r.targets)
          if (t.population === pp.id)
            L.push(`for (const i of selIdx(${JSON.stringify(t)})) rm${pp.id}[i] = 1;`);
  }
  net.recordings.forEach((r, id) => {
    if (r.kind === "state") {
      L.push(
        `const SN${id} = [${r.targets.map((t) => `...Array.from(selIdx(${JSON.stringify(t)}), (index) => ({ population: ${t.population}, index }))`).join(", ")}];`,
        `const SV${id} = new Float64Array((Math.floor(STEPS / ${r.everySteps}) + 1) * SN${id}.length);`,
        `let SC${id} = 0;`,
        ...r.targets.map((t, j) => `const SI${id}_${j} = selIdx(${JSON.stringify(t)});`),
      );
    } else if (r.kind === "weights") {
      for (const p of r.projections)
        L.push(
          `const WV${id}_${p} = new Float64Array((Math.floor(STEPS / ${r.everySteps}) + 1) * po${p}.length);`,
        );
      L.push(`let WC${id} = 0;`);
    }
  });
  return L;
}

/** The recording function at instant T. */
export function emitRecord(net: Network, plan: NetworkPlan): string[] {
  return [`function record(T) {`, ...recordBody(net, plan), `}`];
}

/** The body of {@link emitRecord}, as the step writes it in place (emit-module.ts). */
export function recordBody(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [];
  // Room for this stamp's spikes is made before any is written, and growSpikes is called at
  // every one of the first 32 stamps whether room is needed or not: V8 records what a call
  // calls only once a function has run a few times, and a call it had never seen called when
  // it optimised the step undid that optimisation the first time it ran (mid-run, when the
  // spike table first filled: 5-20 ms of a 60 ms run).
  const recorded = plan.populations.filter((pp) => pp.recordSpikes !== "none");
  if (recorded.length > 0) {
    const counts = recorded.map((pp) => `H${pp.id}[(T % D${pp.id}) * ${pp.size + 1} + ${pp.size}]`);
    L.push(
      `  const due = nrec + ${counts.join(" + ")};`,
      `  if (due >= rStep.length || T < 32) growSpikes(due);`,
    );
  }
  for (const pp of plan.populations) {
    const k = pp.id;
    const n = pp.size;
    L.push(`  { const H = H${k}, bs = (T % D${k}) * ${n + 1}, cnt = H[bs + ${n}];`);
    L.push(`    spikeCount[${k}] += cnt;`);
    if (pp.recordSpikes !== "none") {
      const cond = pp.recordSpikes === "some" ? `if (rm${k}[i] === 0) continue; ` : "";
      L.push(
        `    for (let q = 0; q < cnt; q++) { const i = H[bs + q];${cond === "" ? "" : ` ${cond.trimEnd()}`}`,
        `      rStep[nrec] = T; rPop[nrec] = ${k}; rIdx[nrec] = i; nrec++; }`,
      );
    }
    L.push(`  }`);
  }
  L.push(...sampleBody(net, plan));
  return L;
}

/**
 * The state and weight samples of instant T (those whose `every` divides T): the rest of the
 * recording, which the WebAssembly step loop leaves to `recordSamples(T)` at the end of a call.
 */
export function emitRecordSamples(net: Network, plan: NetworkPlan): string[] {
  return [`function recordSamples(T) {`, ...sampleBody(net, plan), `}`];
}

function sampleBody(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [];
  net.recordings.forEach((r, id) => {
    if (r.kind === "state") {
      L.push(
        `  if (T % ${r.everySteps} === 0) {`,
        `    const sv = SV${id}; let o = SC${id} * SN${id}.length;`,
      );
      r.targets.forEach((t, j) => {
        L.push(
          `    for (let q = 0; q < SI${id}_${j}.length; q++) { const i = SI${id}_${j}[q]; sv[o] = ${stateValue(net, t.population, r.variable)}; o++; }`,
        );
      });
      L.push(`    SC${id}++;`, `  }`);
    } else if (r.kind === "weights") {
      L.push(`  if (T % ${r.everySteps} === 0) {`);
      for (const p of r.projections) {
        const pp = plan.projections[p];
        // A plastic core synapse is its cell (a plastic cell has one synapse); any other cell
        // may sum several synapses, each of which keeps its own weight.
        const src =
          pp?.path === "core-recurrent" && pp.stdpWindow !== null
            ? `for (let s = 0; s < po${p}.length; s++) WV${id}_${p}[o + s] = cAA[cell${p}[s]];`
            : `if (w${p} === null) WV${id}_${p}.fill(B.proj[${p}].weightConst, o, o + po${p}.length); else WV${id}_${p}.set(w${p}, o);`;
        L.push(`    { const o = WC${id} * po${p}.length; ${src} }`);
      }
      L.push(`    WC${id}++;`, `  }`);
    }
  });
  return L;
}

/** The `RunResult` assembly (at the end of a run or on demand). */
export function emitResult(net: Network): string[] {
  const state: string[] = [];
  const weights: string[] = [];
  net.recordings.forEach((r, id) => {
    if (r.kind === "state")
      state.push(
        `{ variable: ${JSON.stringify(r.variable)}, neurons: SN${id}, steps: Int32Array.from({ length: SC${id} }, (_, s) => s * ${r.everySteps}), values: SV${id}.subarray(0, SC${id} * SN${id}.length) }`,
      );
    else if (r.kind === "weights")
      for (const p of r.projections)
        weights.push(
          `{ projection: ${p}, pre: expandRows(rp${p}, po${p}.length), post: po${p}.slice(), steps: Int32Array.from({ length: WC${id} }, (_, s) => s * ${r.everySteps}), values: WV${id}_${p}.subarray(0, WC${id} * po${p}.length) }`,
        );
  });
  return [
    `function result() {`,
    `  return {`,
    `    network: NET,`,
    `    steps: n,`,
    // views, not copies: recorded entries never change, and the table only grows into new arrays
    `    spikes: { step: rStep.subarray(0, nrec), population: rPop.subarray(0, nrec), index: rIdx.subarray(0, nrec), length: nrec },`,
    `    spikeCounts: Array.from(spikeCount),`,
    `    state: [${state.join(", ")}],`,
    `    weights: [${weights.join(", ")}],`,
    `    producedBy: "js",`,
    `    failure,`,
    `    stats: B.stats,`,
    `  };`,
    `}`,
  ];
}
