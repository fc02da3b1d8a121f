/**
 * The WebAssembly step loop of a generated simulator (wasm/step-loop.ts): whether a network
 * gets one, its function and frame in the module (planned with the rest of emit-simd.ts), the
 * set-up that writes the frame, and `advance()`, the JS side of run() that calls it and moves
 * what it recorded into the spike table and counts.
 */
import type { Network, Projection } from "../../compiler/ir/index.js";
import type { WasmFunction } from "./wasm/encode.js";
import { frameLayout, STATIC_ARRAYS, STDP_ARRAYS, stepLoopBody } from "./wasm/step-loop.js";
import type { NetworkPlan } from "./plan.js";
import { emitRecordSamples } from "./emit-recording.js";
import { LOOP_CHUNK, LOOP_SOURCES_MAX } from "./loop-limits.js";

export { LOOP_CHUNK };

/** Entries of the step loop's spike buffer (three int32 each: 768 KB), emptied after each call. */
export const LOOP_BUFFER = 65536;

export interface StepLoop {
  /** Byte offset of its frame in the memory. */
  readonly frame: number;
  /** The spike sources whose kernels JS runs for a call's steps before it, by population id. */
  readonly sources: readonly number[];
}

const isSource = (kind: string) => kind === "poisson" || kind === "spike_times";

/** What the rest of the module offers the loop. */
export interface LoopParts {
  /** Populations with a SIMD kernel (`k<id>`), projections with WebAssembly arrivals (`a<id>`) */
  readonly kernels: ReadonlySet<number>;
  readonly arrivals: ReadonlySet<number>;
  /** and those of them with a WebAssembly stdp post side (`p<id>`). */
  readonly stdp: ReadonlySet<number>;
  /** The module's functions so far (the loop's is appended), from function index `first`. */
  readonly functions: WasmFunction[];
  readonly firstFunction: number;
  /** The memory's next free byte, and a way to reserve bytes there. */
  readonly frameAt: () => number;
  readonly reserve: (bytes: number) => void;
}

/**
 * Whether the whole step has WebAssembly twins: every population a SIMD kernel or a spike source
 * (not too large), every projection WebAssembly arrivals, and nothing else in the step (stimuli,
 * gap junctions, homeostasis, spike bitmaps, spike recordings of some of a population's
 * neurons, a split between threads). State and weight samples are taken between calls.
 */
function wholeStepInWasm(net: Network, plan: NetworkPlan, parts: LoopParts): boolean {
  if (plan.partitionable || net.stimuli.length > 0 || net.gaps.length > 0) return false;
  let sourceNeurons = 0;
  for (const pp of plan.populations) {
    if (isSource(pp.kind)) sourceNeurons += pp.size;
    else if (!parts.kernels.has(pp.id)) return false;
    if (pp.recordSpikes === "some" || pp.homeostasis !== null || pp.bitHistory) return false;
  }
  if (sourceNeurons > LOOP_SOURCES_MAX) return false;
  return plan.projections.every((pj) => parts.arrivals.has(pj.id));
}

/**
 * Adds the loop's function `run` to the module where the whole step has twins, its frame
 * reserved in the memory; null where it has not.
 */
export function planStepLoop(net: Network, plan: NetworkPlan, parts: LoopParts): StepLoop | null {
  if (!wholeStepInWasm(net, plan, parts)) return null;
  const index = (name: string) =>
    parts.firstFunction + parts.functions.findIndex((f) => f.name === name);
  const projections = plan.projections.map((pj) => {
    const proj = net.projections[pj.id] as Projection;
    return {
      pre: proj.pre.population,
      delay: pj.delay ?? 1,
      arrivals: index(`a${pj.id}`),
      stdp: parts.stdp.has(pj.id) ? { post: proj.post.population, fn: index(`p${pj.id}`) } : null,
    };
  });
  const populations = plan.populations.map((pp) => ({
    size: pp.size,
    kernel: isSource(pp.kind) ? null : index(`k${pp.id}`),
    recorded: pp.recordSpikes === "all",
  }));
  const frame = parts.frameAt();
  parts.reserve(frameLayout(frame, populations.length, projections).words * 4);
  const body = stepLoopBody({ frame, populations, projections });
  parts.functions.push({ name: "run", params: 2, results: 1, body });
  const sources = plan.populations.filter((pp) => isSource(pp.kind)).map((pp) => pp.id);
  return { frame, sources };
}

/**
 * The frame, written once the memory is placed (after the arrays it points to: `WRB`, the
 * spike buffer, `HO<k>` and `D<k>`, the projections' `RP<p>`, ...), and the views through which
 * advance() empties the buffer and the counts.
 */
export function emitStepLoopSetup(
  net: Network,
  stdp: ReadonlySet<number>,
  frame: number,
): string[] {
  const pops = net.populations.length;
  const f = frameLayout(
    frame,
    pops,
    net.projections.map((p) => ({ stdp: stdp.has(p.id) ? true : null })),
  );
  const words: (string | undefined)[] = new Array<undefined>(f.words - 2 * pops).fill(undefined);
  const put = (at: number, value: string) => {
    words[(at - f.entries) / 4] = value;
  };
  put(f.entries, `0`);
  put(f.capacity, `${LOOP_BUFFER}`);
  put(f.recStep, `WRB`);
  put(f.recPop, `WRB + ${4 * LOOP_BUFFER}`);
  put(f.recIdx, `WRB + ${8 * LOOP_BUFFER}`);
  put(f.unrecorded, `0`);
  net.populations.forEach((_, k) => {
    put(f.history(k), `HO${k}`);
    put(f.length(k), `D${k}`);
  });
  net.projections.forEach((p) => {
    const names = stdp.has(p.id) ? STDP_ARRAYS : STATIC_ARRAYS;
    names.forEach((name, w) => put(f.arrays(p.id) + 4 * w, `${name}${p.id}`));
  });
  if (words.length !== f.words - 2 * pops || words.some((w) => w === undefined))
    throw new Error("internal: the step loop's frame has a gap");
  const view = (name: string, at: string) => `${name} = memoryI32(WMEM, ${at}, ${LOOP_BUFFER})`;
  return [
    `// the step loop's frame: spike counts (float64), then int32: buffer fill, capacity, its`,
    `// step, population and index arrays, the unrecorded flag; history rings; synapse arrays`,
    `const WF = memoryI32(WMEM, ${f.entries}, ${words.length});`,
    `WF.set([${words.join(", ")}]);`,
    `const WFC = memoryF64(WMEM, ${f.counts}, ${pops});`,
    `const ${view("WRS", "WRB")}, ${view("WRP", `WRB + ${4 * LOOP_BUFFER}`)}, ${view("WRI", `WRB + ${8 * LOOP_BUFFER}`)};`,
    `const WRUN = WK === null ? null : WK.run;`,
  ];
}

/**
 * run()'s steps where the step loop is WebAssembly (wasm/step-loop.ts): up to the next scan
 * (every 128 steps) or progress report (every 1,000), the sources' kernels run for all of them
 * first (nothing in the network feeds back into a source), then calls of the loop, each
 * followed by emptying its spike buffer into the spike table and its counts into the summary's;
 * a step it left unrecorded (its buffer full) is recorded by record(T), any other step that
 * ends a call sampled by recordSamples(T). The JS step where there is no WebAssembly, and for a
 * step with spikes forced by `injectSpike` (between run()'s progress reports).
 */
export function emitAdvance(
  net: Network,
  plan: NetworkPlan,
  loop: StepLoop,
  injectable: boolean,
): string[] {
  const pops = net.populations.length;
  // a spike forced by injectSpike is merged by the JS step (a current set stays in the memory)
  const forced = injectable ? plan.populations.map((pp) => ` || nfz${pp.id} !== 0`).join("") : "";
  // a call ends at each sample step, so the samples are taken after it
  const every = [
    ...new Set(net.recordings.flatMap((r) => (r.kind === "spikes" ? [] : [r.everySteps]))),
  ];
  const ends = every.map((e) => `, n - (n % ${e}) + ${e}`).join("");
  // the frame's int32 words as WF indexes them (its layout does not depend on the projections
  // before the arrays)
  const f = frameLayout(0, pops, []);
  const [fill, unrecorded] = [0, (f.unrecorded - f.entries) / 4];
  const ahead = loop.sources.map((k) => `kern${k}(t);`).join(" ");
  return [
    `function advance() {`,
    `  if (WRUN === null || n >= STEPS || failure !== null${forced}) return step();`,
    `  let count = Math.min(STEPS, n - (n & ${LOOP_CHUNK - 1}) + ${LOOP_CHUNK}, n - (n % 1000) + 1000${ends}) - n;`,
    ...(ahead === ""
      ? []
      : [
          `  // the sources' spikes of these steps, drawn as their own steps would in turn`,
          `  for (let t = n + 1; t <= n + count; t++) { ${ahead} }`,
        ]),
    `  while (count > 0) {`,
    `    const done = WRUN(n, count), m = WF[${fill}];`,
    `    if (m > 0) {`,
    `      growSpikes(nrec + m);`,
    `      rStep.set(WRS.subarray(0, m), nrec); rPop.set(WRP.subarray(0, m), nrec); rIdx.set(WRI.subarray(0, m), nrec);`,
    `      nrec += m; WF[${fill}] = 0;`,
    `    }`,
    `    for (let k = 0; k < ${pops}; k++) { spikeCount[k] += WFC[k]; WFC[k] = 0; }`,
    `    n += done; count -= done;`,
    `    if (WF[${unrecorded}] === 1) { WF[${unrecorded}] = 0; record(n); }`,
    ...(every.length === 0 ? [] : [`    else recordSamples(n);`]),
    `  }`,
    `  return true;`,
    `}`,
    ...(every.length === 0 ? [] : emitRecordSamples(net, plan)),
  ];
}
