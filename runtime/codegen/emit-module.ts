/**
 * Assembles the specialised simulator of a network as JavaScript source: the network IR as data
 * (`NET`), then all the code in one function, `simulatorCode(NET)`: the embedded generator and RNG
 * (the same functions `instantiateNetwork` runs, by `Function.prototype.toString`) and
 * `makeNetwork()`, whose step function calls one kernel per population and one arrival loop per
 * projection, with every constant folded into literals. `createNetwork()` runs a fresh copy of
 * that function for every network after the first (see emitCreateNetwork).
 *
 * Two wrappings: {@link emitModuleFile} writes a self-contained ES module (imports only `node:`
 * builtins) that runs itself under `node` and exports `createNetwork`; {@link loadSimulator}
 * evaluates the same body in memory for `simulate()`.
 */
import type { Network, StateVariable } from "../../compiler/ir/index.js";
import { RandomStream } from "../random/index.js";
import * as generate from "../instantiate/generate.js";
import { roundHalfAway, toSteps } from "../../compiler/ir/time-grid.js";
import * as coefficients from "../kernels/coefficients.js";
import * as fixedPoint from "../kernels/fixed-point.js";
import * as support from "./support.js";
import * as wasmMemory from "./wasm/memory.js";
import * as csv from "../output/csv.js";
import * as summary from "../output/summary.js";
import { lit } from "./literal.js";
import { planNetwork, type NetworkPlan } from "./plan.js";
import {
  emitGapStep,
  simdKernelCall,
  emitPopulationKernel,
  emitPopulationSetup,
  emitStimuliSetup,
  emitStimuliStep,
  type EmitOptions,
} from "./emit-neurons.js";
import {
  arrivalBlocks,
  emitArrivals,
  emitHomeostasis,
  emitProjectionSetup,
  emitStdpPost,
} from "./emit-synapses.js";
import { emitCoreSetup, emitCoreStep } from "./emit-core.js";
import { emitRecord, emitRecordingSetup, emitResult, recordBody } from "./emit-recording.js";
import { emitSimdSetup, planSimd, type SimdPlan } from "./emit-simd.js";
import { emitAdvance, LOOP_CHUNK } from "./emit-step-loop.js";

export type { EmitOptions } from "./emit-neurons.js";

/** The source of every function embedded in a generated module, each once. */
function embeddedSource(): string {
  const fns: { toString(): string }[] = [
    RandomStream,
    // the IR's rounding to steps, which the generator and the lif coefficients call
    toSteps,
    roundHalfAway,
    ...Object.values(generate),
    ...Object.values(coefficients),
    ...Object.values(fixedPoint),
    ...Object.values(support),
    ...Object.values(wasmMemory),
    ...Object.values(csv),
    ...Object.values(summary),
  ].filter((f) => typeof f === "function");
  return [...new Set(fns)].map((f) => f.toString()).join("\n\n");
}

/**
 * `createNetwork()`: the first network is built by the code as the module compiled it, every
 * later one by a fresh copy of `simulatorCode` (compiled from its own text; it uses nothing of
 * the module but `NET`, so the copy is the same code whatever a tool renames). Why: V8 compiles a
 * function best while it is the only closure of its code, folding that closure's arrays and
 * sizes into the compiled code; the kernels of a second network made by the same code would
 * share it with the first network's and run 2-2.5 times slower (test/runtime/js-backend.test.ts
 * runs several networks of one module).
 */
function emitCreateNetwork(): string[] {
  return [
    `const FIRST = simulatorCode(NET);`,
    `const buildStructure = FIRST.buildStructure, formatSummary = FIRST.formatSummary, recordingFiles = FIRST.recordingFiles;`,
    `let networksMade = 0;`,
    `function createNetwork(PART = null, BUILT = null) {`,
    `  networksMade++;`,
    `  const code = networksMade === 1 ? FIRST : freshSimulatorCode();`,
    `  return code.makeNetwork(PART, BUILT, PART === null && BUILT === null ? locateFailure : null);`,
    `}`,
    `/**`,
    ` * run() scans for NaN or infinite state every 128 steps; when a scan finds some, the same run`,
    ` * (drawn again from the seed) is repeated to the last clean scan and then scanned after every`,
    ` * step, so the failure names the exact step and the recordings stop there.`,
    ` */`,
    `function locateFailure(detected) {`,
    `  const sim = createNetwork();`,
    `  const from = Math.max(0, detected - 128);`,
    `  while (sim.time < from && sim.step()) {}`,
    `  while (sim.checkedStep()) {}`,
    `  return sim.result();`,
    `}`,
    // the text differs from every earlier copy's: V8 caches the code of an equal source text
    `function freshSimulatorCode() {`,
    `  const source = '"use strict";\\nreturn (' + simulatorCode.toString() + ")(NET);\\n// network " + networksMade;`,
    `  return new Function("NET", source)(NET);`,
    `}`,
  ];
}

/** The JSON of the IR without source spans (they mean nothing to the generated module). */
function networkJson(net: Network): string {
  return JSON.stringify(net, (key, value: unknown) => (key === "origin" ? undefined : value));
}

function emitStep(
  net: Network,
  plan: NetworkPlan,
  o: EmitOptions,
  simd: SimdPlan | null,
): string[] {
  const inPlace = simd?.inPlace === true;
  const L: string[] = [
    `function step() {`,
    `  if (n >= STEPS || failure !== null) return false;`,
    `  const T = n + 1;`,
  ];
  if (plan.partitionable) L.push(`  const started = PART === null ? 0 : performance.now();`);
  if (net.stimuli.length > 0 || o.injectable) L.push(`  stimuli(n);`);
  if (net.gaps.length > 0) L.push(`  gapCurrents();`);
  for (const pp of plan.populations) {
    if (pp.kind === "neurocorex_lif") continue;
    if (pp.bitHistory) L.push(`  preSlot${pp.id}(T);`);
    if (inPlace && simd?.arrays.has(pp.id) === true) L.push(...simdKernelCall(pp, o));
    else if (pp.kind === "lif" || pp.kind === "izhikevich")
      L.push(`  kern${pp.id}(${pp.partitioned ? `T, LO${pp.id}, HI${pp.id}` : "T"});`);
    else L.push(`  kern${pp.id}(T);`);
    if (o.injectable) L.push(`  mergeForced(${pp.id}, T);`);
    if (pp.bitHistory) L.push(`  postSlot${pp.id}(T);`);
  }
  if (plan.hasCore) {
    for (const pp of plan.populations)
      if (pp.kind === "neurocorex_lif" && pp.bitHistory) L.push(`  preSlot${pp.id}(T);`);
    L.push(`  coreStep(T);`);
    for (const pp of plan.populations) {
      if (pp.kind !== "neurocorex_lif") continue;
      if (o.injectable) L.push(`  mergeForced(${pp.id}, T);`);
      if (pp.bitHistory) L.push(`  postSlot${pp.id}(T);`);
    }
  }
  // Partitioned: the spikes of T are published now and collected after the arrivals, which read
  // older stamps only (every delay is at least one step), so a thread waits less for the other.
  if (plan.partitionable) L.push(`  if (PART !== null) publish(T);`);
  if (inPlace) L.push(`  {`, ...arrivalBlocks(net, plan, simd?.arrivals), `  }`);
  else L.push(`  arrivals(T);`);
  if (plan.projections.some((pp) => pp.path === "queue" && pp.stdp !== null))
    L.push(`  stdpPost(T);`);
  if (net.populations.some((pop) => pop.homeostasis !== null)) L.push(`  homeostasis(T);`);
  if (plan.partitionable) L.push(`  if (PART !== null && !collect(T)) return false;`);
  if (inPlace) L.push(`  {`, ...recordBody(net, plan), `  }`);
  else L.push(plan.partitionable ? `  if (RANK === 0) record(T);` : `  record(T);`);
  L.push(`  n = T;`);
  if (plan.partitionable)
    L.push(
      `  if (PART !== null) {`,
      `    BUSY += performance.now() - started;`,
      `    if (T % PART.balanceEvery === 0 && T < STEPS && !rebalance(T)) return false;`,
      `  }`,
    );
  L.push(`  return true;`, `}`);
  return L;
}

/**
 * The spike exchange of a partitioned run: after its kernels of step T, each thread publishes the
 * spikes of its own neuron range (`publish`); after its arrivals it waits for the other's and
 * completes its history slot T with them in index order, thread 0's range first (`collect`). Two
 * exchange areas alternate by step parity: a thread publishes step T + 2 only after collecting
 * T + 1, which the other published after collecting T, so nothing is overwritten while read.
 */
function emitExchange(net: Network, plan: NetworkPlan): string[] {
  const parts = plan.populations.filter((pp) => pp.partitioned);
  const area = parts.reduce((sum, pp) => sum + pp.size + 1, 0);
  const L: string[] = [
    `const RANK = PART === null ? 0 : PART.rank, CTL = PART === null ? null : PART.ctl, XB = PART === null ? null : PART.exchange;`,
    `function publish(T) {`,
    `  const X = XB, mine = ((T & 1) * 2 + RANK) * ${area};`,
  ];
  let offset = 0;
  for (const pp of parts) {
    const k = pp.id;
    const n = pp.size;
    L.push(
      `  { const H = H${k}, bs = (T % D${k}) * ${n + 1}, c = H[bs + ${n}], xo = mine + ${offset};`,
      `    X[xo] = c; for (let q = 0; q < c; q++) X[xo + 1 + q] = H[bs + q]; }`,
    );
    offset += n + 1;
  }
  L.push(
    `  Atomics.store(CTL, RANK, T);`,
    `  Atomics.notify(CTL, RANK);`,
    `}`,
    `function collect(T) {`,
    `  const X = XB, theirs = ((T & 1) * 2 + 1 - RANK) * ${area};`,
    `  const waitFrom = performance.now();`,
    `  if (!awaitPeer(CTL, 1 - RANK, T, PART.patienceMs)) return false;`,
    `  WAITED += performance.now() - waitFrom;`,
  );
  offset = 0;
  for (const pp of parts) {
    const k = pp.id;
    const n = pp.size;
    L.push(
      `  { const H = H${k}, bs = (T % D${k}) * ${n + 1}, c = H[bs + ${n}], yo = theirs + ${offset}, oc = X[yo];`,
      `    if (RANK === 0) for (let q = 0; q < oc; q++) H[bs + c + q] = X[yo + 1 + q];`,
      `    else { for (let q = c - 1; q >= 0; q--) H[bs + oc + q] = H[bs + q]; for (let q = 0; q < oc; q++) H[bs + q] = X[yo + 1 + q]; }`,
      `    H[bs + ${n}] = c + oc; }`,
    );
    offset += n + 1;
  }
  L.push(`  return true;`, `}`);
  return [...L, ...emitRebalance(net, plan)];
}

/**
 * Every `PART.balanceEvery` steps, both threads meet after the step and move the split toward
 * equal busy times (the two CPUs of a shared machine are often not equally fast). The state of
 * split populations is shared, so a neuron changes owner by its range alone; the rows' target
 * ranges are recomputed. Any split gives the same results; only the speed depends on it.
 */
function emitRebalance(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [
    `let BUSY = 0, WAITED = 0, SHARE = 0.5;`,
    `function rebalance(T) {`,
    `  const times = PART.times;`,
    `  times[RANK] = BUSY - WAITED;`,
    `  BUSY = 0;`,
    `  WAITED = 0;`,
    `  Atomics.store(CTL, 4 + RANK, T);`,
    `  Atomics.notify(CTL, 4 + RANK);`,
    `  if (!awaitPeer(CTL, 5 - RANK, T, PART.patienceMs)) return false;`,
    `  const next = nextShare(SHARE, times[0], times[1], PART.shares, T / PART.balanceEvery);`,
    `  if (next === SHARE) return true;`,
    `  SHARE = next;`,
  ];
  for (const pp of plan.populations) {
    if (!pp.partitioned) continue;
    const k = pp.id;
    L.push(
      `  { const mid = Math.round(N${k} * SHARE); LO${k} = RANK === 0 ? 0 : mid; HI${k} = RANK === 0 ? mid : N${k}; }`,
    );
  }
  for (const pj of plan.projections) {
    const proj = net.projections[pj.id];
    if (proj === undefined || pj.path !== "queue") continue;
    const b = proj.post.population;
    const nb = net.populations[b]?.size ?? 0;
    L.push(
      `  rowRangeInto(rp${pj.id}, po${pj.id}, LO${b}, HI${b}, ${nb}, ra${pj.id}, rz${pj.id});`,
    );
  }
  L.push(`  return true;`, `}`);
  return L;
}

/** Int32 words of the exchange buffer of a partitioned run (two parities × two threads). */
export function exchangeWords(plan: NetworkPlan): number {
  return 4 * plan.populations.reduce((sum, pp) => sum + (pp.partitioned ? pp.size + 1 : 0), 0);
}

/** The plan without partitioning (the module API steps one thread). */
function singleThreaded(plan: NetworkPlan): NetworkPlan {
  return {
    ...plan,
    partitionable: false,
    populations: plan.populations.map((pp) => ({ ...pp, partitioned: false })),
  };
}

function emitInstantZero(plan: NetworkPlan, o: EmitOptions): string[] {
  const L: string[] = [`function instantZero() {`];
  for (const pp of plan.populations) {
    if (pp.kind !== "spike_times") continue;
    L.push(`  kern${pp.id}(0);`);
    if (o.injectable) L.push(`  mergeForced(${pp.id}, 0);`);
    if (pp.bitHistory) L.push(`  postSlot${pp.id}(0);`);
  }
  if (plan.hasCore) {
    L.push(`  coreStep(0);`);
    for (const pp of plan.populations)
      if (pp.kind === "neurocorex_lif" && pp.bitHistory) L.push(`  postSlot${pp.id}(0);`);
  }
  L.push(`  record(0);`, `}`);
  return L;
}

function emitSlots(plan: NetworkPlan): string[] {
  const L: string[] = [];
  for (const pp of plan.populations) {
    if (!pp.bitHistory) continue;
    const k = pp.id;
    const n = pp.size;
    L.push(
      `function preSlot${k}(T) { const sl = T % D${k}, bs = sl * ${n + 1}, cnt = H${k}[bs + ${n}]; for (let q = 0; q < cnt; q++) BH${k}[sl * ${n} + H${k}[bs + q]] = 0; H${k}[bs + ${n}] = 0; }`,
      `function postSlot${k}(T) { const sl = T % D${k}, bs = sl * ${n + 1}, cnt = H${k}[bs + ${n}]; for (let q = 0; q < cnt; q++) BH${k}[sl * ${n} + H${k}[bs + q]] = 1; }`,
    );
  }
  return L;
}

function emitInjection(net: Network, plan: NetworkPlan, o: EmitOptions): string[] {
  if (!o.injectable) return [];
  const cases = plan.populations
    .map(
      (pp) =>
        `    case ${pp.id}: H = H${pp.id}; fz = fz${pp.id}; nf = nfz${pp.id}; nfz${pp.id} = 0; break;`,
    )
    .join("\n");
  const stim = plan.populations
    .filter((pp) => pp.kind === "lif" || pp.kind === "izhikevich")
    .map((pp) => `    case ${pp.id}: inj${pp.id}[index] = amperes; return;`)
    .join("\n");
  const force = plan.populations
    .map((pp) => `    case ${pp.id}: fz${pp.id}[index] = 1; nfz${pp.id}++; return;`)
    .join("\n");
  return [
    `const MERGE = new Int32Array(${Math.max(1, ...net.populations.map((p) => p.size)) + 1});`,
    `function mergeForced(k, T) {`,
    `  let H, fz, nf;`,
    `  switch (k) {`,
    cases,
    `  }`,
    `  if (nf === 0) return;`,
    `  const N = fz.length, bs = (T % HISTORY[k]) * (N + 1), cnt = H[bs + N];`,
    `  for (let q = 0; q < cnt; q++) fz[H[bs + q]] = 1;`,
    `  let c = 0;`,
    `  for (let i = 0; i < N; i++) if (fz[i] !== 0) { MERGE[c] = i; c++; fz[i] = 0; }`,
    `  for (let q = 0; q < c; q++) H[bs + q] = MERGE[q];`,
    `  H[bs + N] = c;`,
    `}`,
    `function setCurrentOf(k, index, amperes) {`,
    `  switch (k) {`,
    stim,
    `  }`,
    `  throw new RangeError("population " + NET.populations[k].name + " takes no current (only lif and izhikevich populations do)");`,
    `}`,
    `function forceSpike(k, index) {`,
    `  switch (k) {`,
    force,
    `  }`,
    `}`,
  ];
}

function emitStateAccess(net: Network, plan: NetworkPlan): string[] {
  const cases = plan.populations.map((pp) => {
    const k = pp.id;
    const n = pp.size;
    const body =
      pp.kind === "lif"
        ? `if (variable === "v") return v${k}.slice(); if (variable === "i_exc") return ie${k}.slice(); if (variable === "i_inh") return ii${k}.slice();`
        : pp.kind === "izhikevich"
          ? `if (variable === "v") return v${k}.map((x) => x * 0.001); if (variable === "u") return u${k}.map((x) => x * 0.001); if (variable === "i_exc") return ie${k}.slice(); if (variable === "i_inh") return ii${k}.slice();`
          : pp.kind === "neurocorex_lif"
            ? `if (variable === "v") return Float64Array.from(cPos${k}, (b) => cV[b] / 1024);`
            : ``;
    return `    case ${k}: { ${body} break; }\n    // ${n} neurons`;
  });
  const variables = plan.populations.map((pp) =>
    pp.kind === "lif"
      ? "v, i_exc, i_inh"
      : pp.kind === "izhikevich"
        ? "v, u, i_exc, i_inh"
        : pp.kind === "neurocorex_lif"
          ? "v"
          : "",
  );
  return [
    `function stateOf(k, variable) {`,
    `  switch (k) {`,
    ...cases,
    `  }`,
    // a variable that does not exist is a RangeError, as a population or neuron that does not
    `  const has = ${JSON.stringify(variables)}[k];`,
    `  throw new RangeError("population " + NET.populations[k].name + " has no state variable " + shown(variable) + (has === "" ? " (a spike source has none)" : " (it has " + has + ")"));`,
    `}`,
  ];
}

/**
 * `scanBad()`: finds the first neuron whose state is NaN or infinite and records the failure. In
 * a partitioned run each thread scans only its own neurons (the others change under it).
 */
function emitScan(net: Network, plan: NetworkPlan): string[] {
  const L: string[] = [`function scanBad() {`];
  for (const pop of net.populations) {
    const k = pop.id;
    const arrays =
      pop.model.kind === "lif"
        ? [
            ["v", `v${k}`, "1"],
            ["i_exc", `ie${k}`, "1"],
            ["i_inh", `ii${k}`, "1"],
          ]
        : pop.model.kind === "izhikevich"
          ? [
              ["v", `v${k}`, "0.001"],
              ["u", `u${k}`, "0.001"],
              ["i_exc", `ie${k}`, "1"],
              ["i_inh", `ii${k}`, "1"],
            ]
          : [];
    if (arrays.length === 0) continue;
    const split = plan.populations[k]?.partitioned === true;
    L.push(
      split
        ? `  for (let i = LO${k}; i < HI${k}; i++) {`
        : `  for (let i = 0; i < ${pop.size}; i++) {`,
      ...arrays.map(
        ([name, arr]) =>
          `    { const x = ${arr}[i]; if (x - x !== 0) { failure = { population: ${k}, index: i, variable: ${JSON.stringify(name)}, step: n, value: String(x) }; return true; } }`,
      ),
      `  }`,
    );
  }
  L.push(`  return false;`, `}`);
  return L;
}

/** A name as it can stand in a line comment: line breaks shown as spaces. */
function oneLine(name: string): string {
  return name.replace(/[\r\n\u2028\u2029]/g, " ");
}

/** The body of a generated simulator: defines `NET` and `createNetwork(options)`. */
export function emitSimulatorBody(
  net: Network,
  o: EmitOptions,
  planned: NetworkPlan = planNetwork(net),
): string {
  // the code of a partitioned run only where asked for: one thread runs the plainer code
  const plan = o.partitioned === true && !o.injectable ? planned : singleThreaded(planned);
  const queue = plan.projections.map((p) => p.path === "queue");
  const simd = planSimd(net, plan, o);
  const L: string[] = [
    `"use strict";`,
    `const NET = ${networkJson(net)};`,
    `/** All the simulator's code, in one function: see createNetwork() below. */`,
    `function simulatorCode(NET) {`,
    `const DT = ${lit(net.dt)}, STEPS = ${net.steps};`,
    embeddedSource(),
    ``,
    `/**`,
    ` * Draws the network's random structure: connectivity, parameters, initial state. For a`,
    ` * partitioned run: synapse arrays in shared memory (\`shared\`), and only the projections`,
    ` * listed in \`only\` (each has streams of its own, so any thread can draw any of them),`,
    ` * without gaps, parameters and initial state when \`projectionsOnly\` (the worker's draw).`,
    ` */`,
    `function buildStructure(shared = false, only = null, projectionsOnly = false) {`,
    `const stream = (purpose, name) => new RandomStream(NET.seed, purpose, name);`,
    `const rest = (f) => (projectionsOnly ? [] : f());`,
    `const PSN = projectionStreamNames(NET), GSN = gapStreamNames(NET);`,
    `const B = { proj: NET.projections.map((p, id) => (only === null || only.includes(id) ? buildProjection(NET, p, PSN[id], stream, shared) : null)), gaps: rest(() => NET.gaps.map((_, k) => buildGap(NET, k, GSN[k], stream))), params: rest(() => NET.populations.map((pop) => buildParams(pop, stream))) };`,
    `B.init = rest(() => NET.populations.map((pop, k) => buildInit(pop, B.params[k], stream)));`,
    `B.stats = buildStats(B.proj);`,
    `return B;`,
    `}`,
    ``,
    `/**`,
    ` * Builds the network (drawing its random structure) and returns the simulator's API.`,
    ` * Internal (runtime/parallel.ts): PART, this thread's share of a partitioned run; BUILT, a`,
    ` * structure already drawn by buildStructure() (its initial state becomes this network's);`,
    ` * RELOCATE(step), what run() returns after a failure found at a scan (createNetwork's).`,
    ` */`,
    `function makeNetwork(PART = null, BUILT = null, RELOCATE = null) {`,
    `const stream = (purpose, name) => new RandomStream(NET.seed, purpose, name);`,
    `const selIdx = (sel) => selectionIndices(sel, NET.populations[sel.population].size);`,
    `const B = BUILT === null ? buildStructure() : BUILT;`,
    `const QUEUE = ${JSON.stringify(queue)};`,
    `const historySlotsOf = (k) => historySlots(NET.projections, QUEUE, B.proj, k);`,
    // a source the step loop runs ahead keeps the slots of a whole call more
    ...net.populations.map((_, k) =>
      simd?.loop?.sources.includes(k) === true
        ? `const D${k} = historySlotsOf(${k}) + ${LOOP_CHUNK};`
        : `const D${k} = historySlotsOf(${k});`,
    ),
    `const HISTORY = [${net.populations.map((_, k) => `D${k}`).join(", ")}];`,
    ...emitSimdSetup(net, simd),
    ...plan.populations.flatMap((pp) =>
      emitPopulationSetup(net, pp, o, simd?.arrays.get(pp.id) ?? null, simd !== null),
    ),
    ...emitProjectionSetup(net, plan, simd?.arrivals, simd?.stdp),
    ...emitCoreSetup(net, plan),
    ...emitStimuliSetup(net),
    ...emitRecordingSetup(net, plan),
    `let n = 0, failure = null;`,
    `// set by setCurrent and injectSpike: a run so driven cannot be replayed from its seed alone`,
    `let driven = false;`,
    ...plan.populations.flatMap((pp) =>
      emitPopulationKernel(
        net,
        pp,
        o,
        simd?.arrays.has(pp.id) === true ? (simd.inPlace ? "simd-in-place" : "simd") : "js",
      ),
    ),
    ...emitStimuliStep(net, plan, o),
    ...emitGapStep(net, plan),
    ...(simd?.inPlace === true ? [] : emitArrivals(net, plan, simd?.arrivals)),
    ...emitStdpPost(net, plan, simd?.stdp),
    ...emitHomeostasis(net),
    ...emitCoreStep(net, plan),
    ...emitRecord(net, plan),
    ...emitResult(net),
    ...emitSlots(plan),
    ...emitInjection(net, plan, o),
    ...emitStateAccess(net, plan),
    ...emitScan(net, plan),
    ...(plan.partitionable ? emitExchange(net, plan) : []),
    ...emitStep(net, plan, o, simd),
    ...(simd?.loop == null ? [] : emitAdvance(net, plan, simd.loop, o.injectable)),
    ...emitInstantZero(plan, o),
    `instantZero();`,
    `/** A value in a message: strings quoted, NaN as NaN (JSON.stringify would say null). */`,
    `const shown = (x) => (typeof x === "string" ? JSON.stringify(x) : String(x));`,
    `const popId = (p) => { const k = typeof p === "number" ? p : NET.populations.findIndex((x) => x.name === p); if (!Number.isInteger(k) || k < 0 || k >= NET.populations.length) throw new RangeError("no population " + shown(p) + " in " + NET.name); return k; };`,
    `/** A neuron of population k, by index or member name; anything else is the caller's error. */`,
    `const neuronOf = (k, index) => { const pop = NET.populations[k]; const i = typeof index === "string" && pop.memberNames ? pop.memberNames.indexOf(index) : index; if (!Number.isInteger(i) || i < 0 || i >= pop.size) throw new RangeError("no neuron " + shown(index) + " in population " + pop.name + " (" + pop.size + " neurons)"); return i; };`,
    `return {`,
    `  network: NET,`,
    `  dt: DT,`,
    `  steps: STEPS,`,
    `  /** Steps simulated so far. */`,
    `  get time() { return n; },`,
    // scanned as run() scans, so a loop of step() calls stops at a runtime error too
    `  step() { return step() && !((n & 127) === 0 && scanBad()); },`,
    `  run(onProgress) {`,
    `    const replayable = RELOCATE !== null && n === 0 && !driven;`,
    `    while (${simd?.loop == null ? "step()" : "advance()"}) {`,
    `      if ((n & 127) === 0 && scanBad()) break;`,
    `      if (onProgress !== undefined && n % 1000 === 0) onProgress(n);`,
    `    }`,
    `    if (failure === null) scanBad();`,
    `    // the scan runs every 128 steps: the same run, drawn again from the seed and scanned after`,
    `    // each step past the last clean scan, stops at the exact step`,
    `    if (failure !== null && replayable) return RELOCATE(failure.step);`,
    ...(plan.partitionable
      ? [`    if (PART !== null && n < STEPS) stopPartitionedRun(PART.ctl);`]
      : []),
    `    return result();`,
    `  },`,
    `  /** One step followed by a scan for NaN or infinite state; false when the run cannot go on. */`,
    `  checkedStep() { return step() && !scanBad(); },`,
    `  spikes(pop) { const k = popId(pop), N = NET.populations[k].size, bs = (n % HISTORY[k]) * (N + 1); return H_OF(k).slice(bs, bs + H_OF(k)[bs + N]); },`,
    `  state(pop, variable) { return stateOf(popId(pop), variable); },`,
    o.injectable
      ? `  setCurrent(pop, index, amperes) { const k = popId(pop); if (typeof amperes !== "number" || !Number.isFinite(amperes)) throw new RangeError("setCurrent takes a finite current in amperes, not " + shown(amperes)); setCurrentOf(k, neuronOf(k, index), amperes); driven = true; },`
      : ``,
    o.injectable
      ? `  injectSpike(pop, index) { const k = popId(pop); forceSpike(k, neuronOf(k, index)); driven = true; },`
      : ``,
    `  result,`,
    `};`,
    `function H_OF(k) { return [${net.populations.map((_, k) => `H${k}`).join(", ")}][k]; }`,
    `}`,
    `return { makeNetwork, buildStructure, formatSummary, recordingFiles };`,
    `}`,
    ...emitCreateNetwork(),
  ];
  return L.join("\n");
}

/**
 * The command line of a generated module, `node NAME.mjs [--out DIR]`, as lines of the module.
 * It runs only when node runs the file itself: the file's real path is compared, as node resolves
 * symbolic links of the main module in `import.meta.url` but not in `process.argv[1]` (a module
 * run through a link did nothing, silently). The output directory is made one level at a time
 * (node's recursive mkdirSync loops forever under `/proc`), and a directory that cannot be written
 * is said in one line, exit 1, not as a stack trace. makeDirectory and writeCsv are written again
 * here, not embedded from runtime/output/write.ts as the simulator's code is: they use node:fs,
 * and the embedded functions must not name another module's bindings (under vitest those become
 * the bundler's import objects).
 */
function emitModuleMain(name: string): string[] {
  const usage = `usage: node ${oneLine(name)}.mjs [--out DIR]\n`;
  return [
    `const USAGE = ${JSON.stringify(usage)};`,
    `function runsAsMain() {`,
    `  if (process.argv[1] === undefined) return false;`,
    `  try { return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)); } catch { return false; }`,
    `}`,
    `function makeDirectory(dir) {`,
    `  const missing = [];`,
    `  for (let d = resolve(dir); ; d = dirname(d)) {`,
    `    let st = null;`,
    `    try { st = statSync(d); } catch (e) { if (e.code !== "ENOENT") throw e; }`,
    `    if (st !== null) { if (!st.isDirectory()) throw new Error("'" + d + "' is a file, not a directory"); break; }`,
    `    missing.push(d);`,
    `    if (dirname(d) === d) break;`,
    `  }`,
    `  for (const d of missing.reverse()) mkdirSync(d);`,
    `}`,
    // piece by piece where the file comes so (a state recording can be larger than a string)
    `function writeCsv(path, f) {`,
    `  if (f.pieces === undefined) { writeFileSync(path, f.bytes ?? f.text); return; }`,
    `  const fd = openSync(path, "w");`,
    `  try { f.pieces((piece) => { for (let done = 0; done < piece.length; ) done += writeSync(fd, piece, done, piece.length - done); }); } finally { closeSync(fd); }`,
    `}`,
    `function main(argv) {`,
    `  let out = join("out", NET.name);`,
    `  for (let i = 0; i < argv.length; i++) {`,
    `    const a = argv[i];`,
    `    if (a === "--out" && argv[i + 1] !== undefined) out = argv[++i];`,
    `    else if (a.startsWith("--out=") && a.length > 6) out = a.slice(6);`,
    `    else if (a === "--help" || a === "-h") { process.stdout.write(USAGE); return 0; }`,
    `    else { process.stderr.write("error: " + (a === "--out" ? "--out needs a directory" : "unknown argument " + JSON.stringify(a)) + "\\n" + USAGE); return 2; }`,
    `  }`,
    `  const result = createNetwork().run();`,
    `  if (result.failure !== null) process.stderr.write("error: state of " + NET.populations[result.failure.population].name + "[" + result.failure.index + "] became " + result.failure.value + " (" + result.failure.variable + ") at step " + result.failure.step + "\\n");`,
    `  process.stdout.write(formatSummary(result));`,
    `  try {`,
    `    makeDirectory(out);`,
    `    for (const f of recordingFiles(result)) writeCsv(join(out, f.path), f);`,
    `  } catch (e) {`,
    `    process.stderr.write("error: cannot write the recordings to '" + out + "': " + (e instanceof Error ? e.message : String(e)) + "\\n");`,
    `    return 1;`,
    `  }`,
    `  return result.failure === null ? 0 : 1;`,
    `}`,
    `if (runsAsMain()) process.exitCode = main(process.argv.slice(2));`,
  ];
}

/** A self-contained ES module: `node <file> [--out DIR]` runs it; it exports `createNetwork`. */
export function emitModuleFile(net: Network): string {
  return [
    `// Generated by snnc from '${oneLine(net.name)}': a self-contained simulator of this network.`,
    `// Run: node ${oneLine(net.name)}.mjs [--out DIR]   Import: import { createNetwork } from "./${oneLine(net.name)}.mjs"`,
    `import { closeSync, mkdirSync, openSync, realpathSync, statSync, writeFileSync, writeSync } from "node:fs";`,
    `import { dirname, join, resolve } from "node:path";`,
    `import { fileURLToPath } from "node:url";`,
    emitSimulatorBody(net, { injectable: true }),
    // createNetwork's parameters are internal (runtime/parallel.ts): an options object a user
    // passes ({ seed: 3 }) was taken for a thread's share and silently ignored
    `function createNetworkOnly(...args) {`,
    `  if (args.length > 0) throw new TypeError("createNetwork() takes no arguments: the network and its seed are fixed when the module is built (snnc build --seed S)");`,
    `  return createNetwork();`,
    `}`,
    `export { createNetworkOnly as createNetwork, NET as network, formatSummary, recordingFiles };`,
    ...emitModuleMain(net.name),
    ``,
  ].join("\n");
}

/** A generated simulator evaluated in memory, with its source (for a second thread). */
export interface LoadedSimulator {
  /** Builds a network; `part` and `built` are internal (runtime/parallel.ts). */
  createNetwork(part?: unknown, built?: unknown): GeneratedSimulator;
  /** Draws the network's random structure (what `createNetwork` builds first). */
  buildStructure(shared?: boolean, only?: readonly number[], projectionsOnly?: boolean): unknown;
  readonly source: string;
}

/** The API of a generated simulator (see docs/runtime.md). */
export interface GeneratedSimulator {
  readonly time: number;
  step(): boolean;
  checkedStep(): boolean;
  run(onProgress?: (step: number) => void): GeneratedResult;
  result(): GeneratedResult;
  spikes(pop: string | number): Int32Array;
  state(pop: string | number, variable: string): Float64Array;
  setCurrent?(pop: string | number, index: number | string, amperes: number): void;
  injectSpike?(pop: string | number, index: number | string): void;
}

/** What a generated simulator's `result()` returns: a RunResult plus failure and build stats. */
export interface GeneratedResult {
  readonly network: Network;
  readonly steps: number;
  readonly spikes: { step: Int32Array; population: Int32Array; index: Int32Array; length: number };
  readonly spikeCounts: number[];
  readonly state: {
    variable: StateVariable;
    neurons: { population: number; index: number }[];
    steps: Int32Array;
    values: Float64Array;
  }[];
  readonly weights: {
    projection: number;
    pre: Int32Array;
    post: Int32Array;
    steps: Int32Array;
    values: Float64Array;
  }[];
  readonly producedBy: string;
  readonly failure: {
    population: number;
    index: number;
    variable: string;
    step: number;
    value: string;
  } | null;
  readonly stats: {
    wrongSign: { projection: number; count: number }[];
    clipped: { projection: number; count: number }[];
    delaysRaised: { projection: number; count: number }[];
  };
}

/**
 * Compiles a network's simulator in memory; `createNetwork()` builds and returns it. `plan`: the
 * network's plan when the caller has it already.
 */
export function loadSimulator(
  net: Network,
  o: EmitOptions = { injectable: false },
  plan: NetworkPlan = planNetwork(net),
): LoadedSimulator {
  const source = emitSimulatorBody(net, o, plan);
  const factory = new Function(
    `${source}\nreturn { createNetwork, buildStructure };`,
  ) as () => Omit<LoadedSimulator, "source">;
  return { ...factory(), source };
}
