/**
 * Lowering a network onto the NeuroCoreX core: the `CorePlan`, plain data holding exactly what the
 * image will say, in the core's own terms (NEUROCOREX.md §2.4, §6.4; SPEC §3, §8).
 *
 * - Logical neuron b = entry b of `network.core.neurons`; its threshold and refractory period go
 *   to parameter slot b+4, its output bit is b, its FF and AA post-row b+6, its AA pre-column b+5.
 * - Input k of `network.core.inputs` gets address k+2 (k < 93), then 0 and 1; 95 stays free.
 * - Time: IR step n is core step n. A source spike stamped n·dt is injected as event k in core
 *   step s_k = n (dt_k = s_k − s_{k−1} − 1, s_{−1} = 0); core frame t holds the spikes stamped t·dt.
 * - The run's last event (address 95) is popped in step `lastStep` = steps + 1 + max(1, longest
 *   refractory period), so frames 0..steps (spikes stamped up to the duration, as for every
 *   model) arrive whole despite the dropped partial byte, and refractory counters run out.
 *
 * Input: a checked network. Reports: the errors found while lowering (models, projections,
 * delays, plasticity, weights, input timing). Quantitative limits are in ./limits.ts.
 */
import { NoSpan, type DiagnosticSink, type Span } from "../../common/index.js";
import type { Network, Population, Projection } from "../../compiler/ir/index.js";
import { instantiateNetwork, toSteps } from "../../runtime/instantiate/index.js";
import {
  MATRIX_CELLS,
  MAX_GAP_STEPS,
  MAX_INPUTS,
  NEURONS,
  PARAM_SLOT_OFFSET,
  POST_ROW_OFFSET,
  PRE_COL_OFFSET,
  RESERVED_ADDRESS,
  cellIndex,
  toQRaw,
} from "../../runtime/ncx/core/index.js";
import { collectSourceSpikes, isSpikeSource, type SourceSpike } from "./sources.js";

export type { SourceSpike } from "./sources.js";

export interface CoreNeuron {
  readonly logical: number;
  readonly slot: number;
  readonly population: number;
  readonly index: number;
  readonly label: string;
  /** The threshold as written (core units) and as stored (raw Q7.10, may be out of range). */
  readonly threshold: number;
  readonly thresholdRaw: number;
  readonly refractorySteps: number;
  readonly origin: Span;
}

export interface CoreInput {
  readonly address: number;
  readonly population: number;
  readonly index: number;
  readonly label: string;
  readonly origin: Span;
}

export interface CoreEvent {
  /** Absolute core step in which the event's input is injected. */
  readonly step: number;
  readonly address: number;
  readonly kind: "spike" | "filler" | "trailing";
  /** Index into `inputs` for spike events, −1 otherwise. */
  readonly input: number;
}

/** The one global STDP setting (stdp_params[1] and [2]). */
export interface CoreStdp {
  readonly rule: string;
  readonly preWindowSteps: number;
  readonly postWindowSteps: number;
  readonly stepPlus: number;
  readonly stepMinus: number;
  readonly origin: Span;
}

/**
 * One synapse of a projection, its own weight and the matrix cell it was written to (synapses
 * that share a cell are summed into it, so the cell is not the synapse's weight).
 */
export interface CoreSynapse {
  readonly pre: number;
  readonly post: number;
  readonly matrix: "ff" | "aa";
  readonly cell: number;
  readonly weight: number;
}

export interface CorePlan {
  readonly name: string;
  readonly dt: number;
  readonly steps: number;
  readonly neurons: readonly CoreNeuron[];
  readonly inputs: readonly CoreInput[];
  /** The leak as written (core units) and as stored (raw Q7.10 at tau_mem slot 8). */
  readonly leak: number;
  readonly leakRaw: number;
  /** Global FF gain (Tref slot 0); always 1. */
  readonly ffGain: number;
  /** FF weights, row = b+6, col = input address (every cell written). */
  readonly ff: Int8Array;
  /** AA weights, row = n+6, col = m+5 (every cell written). */
  readonly aa: Int8Array;
  readonly stdp: CoreStdp | null;
  /** Flat AA cells whose STDP enable bit is set, ascending. */
  readonly plasticCells: readonly number[];
  readonly sourceSpikes: readonly SourceSpike[];
  readonly events: readonly CoreEvent[];
  readonly lastStep: number;
  /** Upload paces the events instead of relying on the 1024-deep queue. */
  readonly paced: boolean;
  /** Per projection id: its synapses in synapse order (empty when not placed). */
  readonly synapses: readonly (readonly CoreSynapse[])[];
}

/** A neuron's name in messages: `pop.MEMBER` or `pop[i]`. */
export function neuronLabel(pop: Population, index: number): string {
  const member = pop.memberNames?.[index];
  return member !== undefined ? `${pop.name}.${member}` : `${pop.name}[${index}]`;
}

/** Address of input k: 2, 3, ..., 94, then 0 and 1 (95 is reserved). */
export function inputAddress(k: number): number {
  return k < RESERVED_ADDRESS - 2 ? k + 2 : k - (RESERVED_ADDRESS - 2);
}

function defaultCoreLayout(network: Network): NonNullable<Network["core"]> {
  const neurons: { population: number; index: number }[] = [];
  for (const pop of network.populations) {
    if (pop.model.kind === "neurocorex_lif") {
      for (let i = 0; i < pop.size; i++) neurons.push({ population: pop.id, index: i });
    }
  }
  const driving = new Set<string>();
  for (const proj of network.projections) {
    const pre = network.populations[proj.pre.population];
    const post = network.populations[proj.post.population];
    if (pre === undefined || post === undefined) continue;
    if (isSpikeSource(pre) && post.model.kind === "neurocorex_lif") {
      for (const i of proj.pre.indices ?? Array.from({ length: pre.size }, (_, k) => k))
        driving.add(`${pre.id}:${i}`);
    }
  }
  const inputs = [...driving]
    .map((k) => k.split(":").map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([population, index]) => ({ population, index }));
  return { neurons, inputs };
}

/**
 * Lowers `network` to a {@link CorePlan}, reporting what cannot be lowered. Returns null when
 * an error makes the plan meaningless (nothing to put on the core, or an unplaceable neuron).
 */
export function planFromNetwork(network: Network, sink: DiagnosticSink): CorePlan | null {
  const errorsBefore = sink.errorCount;
  const layout = network.core ?? defaultCoreLayout(network);
  for (const pop of network.populations) {
    if (pop.model.kind !== "neurocorex_lif" && !isSpikeSource(pop)) {
      sink.report({
        code: "fpga/model-not-on-core",
        span: pop.origin,
        format: { population: pop.name, model: pop.modelName, kind: pop.model.kind },
      });
    }
  }
  const anchor = network.targets.find((t) => t.name === "neurocorex")?.origin ?? NoSpan;
  if (layout.neurons.length === 0) sink.report({ code: "fpga/no-core-neurons", span: anchor });
  if (layout.neurons.length > NEURONS) {
    const first = network.populations.find((p) => p.model.kind === "neurocorex_lif");
    sink.report({
      code: "fpga/too-many-neurons",
      span: first?.origin ?? anchor,
      format: { count: layout.neurons.length, limit: NEURONS },
    });
  }
  if (layout.inputs.length > MAX_INPUTS) {
    const first = network.populations.find((p) => isSpikeSource(p));
    sink.report({
      code: "fpga/too-many-inputs",
      span: first?.origin ?? anchor,
      format: { count: layout.inputs.length, limit: MAX_INPUTS },
    });
  }
  if (sink.errorCount > errorsBefore) return null;
  const built = instantiateNetwork(network);
  const pops = network.populations;
  const neurons: CoreNeuron[] = [];
  const logicalOf = new Map<string, number>();
  layout.neurons.forEach((ref, b) => {
    const pop = pops[ref.population]!;
    const model = pop.model;
    if (model.kind !== "neurocorex_lif") return;
    const per = built.params[pop.id] ?? {};
    const threshold = per["threshold"]?.[ref.index] ?? model.params.threshold;
    const tRef = per["t_ref"]?.[ref.index] ?? model.params.t_ref;
    logicalOf.set(`${ref.population}:${ref.index}`, b);
    neurons.push({
      logical: b,
      slot: b + PARAM_SLOT_OFFSET,
      population: ref.population,
      index: ref.index,
      label: neuronLabel(pop, ref.index),
      threshold,
      thresholdRaw: toQRaw(threshold),
      refractorySteps: Math.max(1, toSteps(tRef, network.dt)),
      origin: pop.origin,
    });
  });
  const inputs: CoreInput[] = layout.inputs.map((ref, k) => {
    const pop = pops[ref.population]!;
    return {
      address: inputAddress(k),
      population: ref.population,
      index: ref.index,
      label: neuronLabel(pop, ref.index),
      origin: pop.origin,
    };
  });
  const addressOf = new Map<string, number>();
  inputs.forEach((inp) => addressOf.set(`${inp.population}:${inp.index}`, inp.address));

  const leak = planLeak(network, layout.neurons, built.params, sink);
  const weights = placeWeights(network, built, logicalOf, addressOf, sink);
  const sourceSpikes = collectSourceSpikes(network, built.params);
  const pacedOption = network.targets.find((t) => t.name === "neurocorex")?.options["pace_upload"];
  const maxRefractory = neurons.reduce((m, n) => Math.max(m, n.refractorySteps), 1);
  const events = scheduleEvents(network, inputs, sourceSpikes, sink);
  const lastStep = network.steps + 1 + Math.min(maxRefractory, MAX_GAP_STEPS);
  return {
    name: network.name,
    dt: network.dt,
    steps: network.steps,
    neurons,
    inputs,
    leak,
    leakRaw: toQRaw(leak),
    ffGain: 1,
    ff: weights.ff,
    aa: weights.aa,
    stdp: weights.stdp,
    plasticCells: weights.plasticCells,
    sourceSpikes,
    events: appendTrailing(events, lastStep),
    lastStep,
    paced: pacedOption === true,
    synapses: weights.synapses,
  };
}

/** The one global leak as written; differing leaks are an error naming two neurons that differ. */
function planLeak(
  network: Network,
  refs: readonly { population: number; index: number }[],
  params: readonly Record<string, Float64Array>[],
  sink: DiagnosticSink,
): number {
  let first: { label: string; leak: number } | null = null;
  for (const ref of refs) {
    const pop = network.populations[ref.population]!;
    if (pop.model.kind !== "neurocorex_lif") continue;
    const leak = params[pop.id]?.["leak"]?.[ref.index] ?? pop.model.params.leak;
    const label = neuronLabel(pop, ref.index);
    if (first === null) first = { label, leak };
    else if (toQRaw(leak) !== toQRaw(first.leak)) {
      sink.report({
        code: "fpga/leaks-differ",
        span: pop.origin,
        format: { first: first.label, a: first.leak, second: label, b: leak },
      });
      break;
    }
  }
  return first?.leak ?? 0;
}

interface PlacedWeights {
  ff: Int8Array;
  aa: Int8Array;
  stdp: CoreStdp | null;
  plasticCells: number[];
  synapses: CoreSynapse[][];
}

type Built = ReturnType<typeof instantiateNetwork>;

/** Writes every synapse into its FF or AA cell (cells shared by several synapses are summed). */
function placeWeights(
  network: Network,
  built: Built,
  logicalOf: ReadonlyMap<string, number>,
  addressOf: ReadonlyMap<string, number>,
  sink: DiagnosticSink,
): PlacedWeights {
  const ffSum = new Int32Array(MATRIX_CELLS);
  const aaSum = new Int32Array(MATRIX_CELLS);
  const aaOwner = new Int32Array(MATRIX_CELLS).fill(-1);
  const plastic = new Set<number>();
  const firstProjection = new Map<number, { proj: Projection; pre: string; post: string }>();
  const synapses: CoreSynapse[][] = network.projections.map(() => []);
  let stdp: CoreStdp | null = null;
  for (const proj of network.projections) {
    const pre = network.populations[proj.pre.population]!;
    const post = network.populations[proj.post.population]!;
    const kind = projectionKind(pre, post);
    if (kind === null) {
      sink.report({
        code: "fpga/projection-not-supported",
        span: proj.origin,
        format: {
          projection: proj.name,
          reason: `it connects a '${pre.model.kind}' population to a '${post.model.kind}' one`,
        },
      });
      continue;
    }
    checkDelay(network, proj, kind, sink);
    const rule = proj.plasticity === null ? null : network.plasticity[proj.plasticity];
    let learns = false;
    if (rule !== undefined && rule !== null) {
      if (rule.kind !== "stdp_window") {
        sink.report({
          code: "fpga/plasticity-not-supported",
          span: proj.origin,
          format: { rule: rule.name, kind: rule.kind },
          related: [{ message: "the rule is declared here", span: rule.origin }],
        });
      } else if (kind === "ff") {
        sink.report({
          code: "fpga/plasticity-on-input",
          span: proj.origin,
          format: { projection: proj.name },
        });
      } else {
        learns = true;
        const setting: CoreStdp = {
          rule: rule.name,
          preWindowSteps: rule.window_pre_steps,
          postWindowSteps: rule.window_post_steps,
          stepPlus: rule.step_plus,
          stepMinus: rule.step_minus,
          origin: rule.origin,
        };
        if (stdp === null) stdp = setting;
        else if (!sameStdp(stdp, setting)) {
          sink.report({
            code: "fpga/plasticity-differs",
            span: rule.origin,
            format: { first: stdp.rule, second: rule.name },
            related: [{ message: `'${stdp.rule}' is declared here`, span: stdp.origin }],
          });
        }
      }
    }
    const b = built.projections[proj.id];
    if (b === undefined) continue;
    const out = synapses[proj.id]!;
    let reported = false;
    for (let s = 0; s < b.pre.length; s++) {
      const i = b.pre[s]!;
      const j = b.post[s]!;
      const w = b.weight[s]!;
      const n = logicalOf.get(`${post.id}:${j}`);
      const preKey = `${pre.id}:${i}`;
      const col = kind === "ff" ? addressOf.get(preKey) : logicalOf.get(preKey);
      if (n === undefined || col === undefined) continue;
      if (!Number.isInteger(w) || w < -128 || w > 127) {
        if (!reported) {
          sink.report({
            code: "fpga/weight-range",
            span: proj.origin,
            format: {
              projection: proj.name,
              value: w,
              pre: neuronLabel(pre, i),
              post: neuronLabel(post, j),
            },
          });
          reported = true;
        }
        continue;
      }
      if (kind === "ff") {
        const cell = cellIndex(n + POST_ROW_OFFSET, col);
        ffSum[cell] = ffSum[cell]! + w;
        if (!firstProjection.has(cell)) {
          firstProjection.set(cell, { proj, pre: neuronLabel(pre, i), post: neuronLabel(post, j) });
        }
        out.push({ pre: i, post: j, matrix: "ff", cell, weight: w });
        continue;
      }
      const m = col;
      if (m === n + 1) {
        sink.report({
          code: "fpga/predecessor-connection",
          span: proj.origin,
          format: { pre: neuronLabel(pre, i), post: neuronLabel(post, j) },
        });
        continue;
      }
      if (n >= NEURONS - 2) {
        sink.report({
          code: "fpga/recurrent-row-reserved",
          span: proj.origin,
          format: { post: neuronLabel(post, j), logical: n },
        });
        continue;
      }
      const cell = cellIndex(n + POST_ROW_OFFSET, m + PRE_COL_OFFSET);
      if (aaOwner[cell] !== -1 && (learns || plastic.has(cell))) {
        sink.report({
          code: "fpga/plastic-cell-shared",
          span: proj.origin,
          format: { pre: neuronLabel(pre, i), post: neuronLabel(post, j) },
        });
      }
      aaOwner[cell] = proj.id;
      if (!firstProjection.has(cell)) {
        firstProjection.set(cell, { proj, pre: neuronLabel(pre, i), post: neuronLabel(post, j) });
      }
      aaSum[cell] = aaSum[cell]! + w;
      if (learns) plastic.add(cell);
      out.push({ pre: i, post: j, matrix: "aa", cell, weight: w });
    }
  }
  const ff = toInt8(ffSum, firstProjection, sink);
  const aa = toInt8(aaSum, firstProjection, sink);
  return { ff, aa, stdp, plasticCells: [...plastic].sort((x, y) => x - y), synapses };
}

/** Cell sums → int8; a sum out of range (synapses sharing a cell) names its first synapse. */
function toInt8(
  sums: Int32Array,
  firstSynapse: ReadonlyMap<number, { proj: Projection; pre: string; post: string }>,
  sink: DiagnosticSink,
): Int8Array {
  const out = new Int8Array(MATRIX_CELLS);
  for (let cell = 0; cell < MATRIX_CELLS; cell++) {
    const w = sums[cell]!;
    if (w >= -128 && w <= 127) {
      out[cell] = w;
      continue;
    }
    const first = firstSynapse.get(cell);
    if (first === undefined) continue;
    sink.report({
      code: "fpga/weight-range",
      span: first.proj.origin,
      format: {
        projection: first.proj.name,
        value: `${w} (summed over the synapses that share its core cell)`,
        pre: first.pre,
        post: first.post,
      },
    });
  }
  return out;
}

function projectionKind(pre: Population, post: Population): "ff" | "aa" | null {
  if (post.model.kind !== "neurocorex_lif") return null;
  if (isSpikeSource(pre)) return "ff";
  if (pre.model.kind === "neurocorex_lif") return "aa";
  return null;
}

function checkDelay(
  network: Network,
  proj: Projection,
  kind: "ff" | "aa",
  sink: DiagnosticSink,
): void {
  const d = proj.delay;
  const expected = kind === "ff" ? 0 : 1;
  if (d.kind === "const" && toSteps(d.value, network.dt) === expected) return;
  const shown = d.kind === "const" ? `${+(d.value * 1000).toPrecision(12)} ms` : "a random value";
  sink.report({
    code: "fpga/delay",
    span: proj.origin,
    format: { projection: proj.name, delay: shown },
  });
}

function sameStdp(a: CoreStdp, b: CoreStdp): boolean {
  return (
    a.preWindowSteps === b.preWindowSteps &&
    a.postWindowSteps === b.postWindowSteps &&
    a.stepPlus === b.stepPlus &&
    a.stepMinus === b.stepMinus
  );
}

/** The run's input events in step order, with fillers so that no gap exceeds 256 steps. */
function scheduleEvents(
  network: Network,
  inputs: readonly CoreInput[],
  spikes: readonly SourceSpike[],
  sink: DiagnosticSink,
): CoreEvent[] {
  const inputOf = new Map<string, number>();
  inputs.forEach((inp, k) => inputOf.set(`${inp.population}:${inp.index}`, k));
  const events: CoreEvent[] = [];
  let prev = 0;
  let prevInput = -1;
  for (const spike of spikes) {
    const k = inputOf.get(`${spike.population}:${spike.index}`);
    if (k === undefined) continue;
    const inp = inputs[k]!;
    if (spike.step === 0) {
      sink.report({ code: "fpga/input-at-zero", span: inp.origin, format: { source: inp.label } });
      continue;
    }
    if (spike.step === prev && prevInput >= 0) {
      const other = inputs[prevInput]!;
      sink.report({
        code: "fpga/input-collision",
        span: inp.origin,
        format: {
          first: other.label,
          second: inp.label,
          time: formatMs(spike.step * network.dt),
          step: spike.step,
        },
      });
      continue;
    }
    fill(events, prev, spike.step);
    events.push({ step: spike.step, address: inp.address, kind: "spike", input: k });
    prev = spike.step;
    prevInput = k;
  }
  return events;
}

/** Filler events to address 95 so that the next event at `to` is at most 256 steps after one. */
function fill(events: CoreEvent[], from: number, to: number): void {
  let at = from;
  while (to - at > MAX_GAP_STEPS) {
    at += MAX_GAP_STEPS;
    events.push({ step: at, address: RESERVED_ADDRESS, kind: "filler", input: -1 });
  }
}

function appendTrailing(events: CoreEvent[], lastStep: number): CoreEvent[] {
  const out = events.slice();
  const prev = out[out.length - 1]?.step ?? 0;
  fill(out, prev, lastStep);
  out.push({ step: lastStep, address: RESERVED_ADDRESS, kind: "trailing", input: -1 });
  return out;
}

/** Milliseconds with the fewest decimals exact on the grid (`32.2`, never `32.200000000000003`). */
export function formatMs(seconds: number): string {
  return String(+(seconds * 1000).toPrecision(12));
}
