/**
 * `runCoreModel`: what `snnc run` shows for a `target neurocorex` network. It builds the image with
 * the neurocorex backend's own encoder, feeds the image's bytes to the bit-accurate core model
 * (the limits check's run of it, unless V or weights are sampled),
 * decodes the spikes from the bytes the model "sends" (exactly as upload decodes a board's), and
 * maps logical neurons back to the IR's populations and indices. `v` and weight samples come from
 * the model's internal state (a board cannot report them).
 *
 * Sampling convention (shared with the JS simulator's neurocorex_lif kernel): the sample at step
 * s is the state at instant s·dt after that instant's events (SPEC §7): core step s is all
 * instantaneous at s·dt (resets of the spikes stamped s, recurrent current, inputs stamped s,
 * leak, learning), so the sample is V and the weights after core step s.
 */
import { DiagnosticSink } from "../../common/index.js";
import type { Network, Recording } from "../../compiler/ir/index.js";
import { checkCoreLimits, type CorePlan } from "../../backends/neurocorex/index.js";
import type { RunResult, SpikeTable, StateTrace, WeightTrace } from "../results.js";
import {
  FRAME_BITS,
  decodeFrameStream,
  findStartMarker,
  fromQRaw,
  runImage,
  type RunObserver,
} from "./core/index.js";

/** The network breaks a limit of the core: `diagnostics` says which. */
export class CoreLimitError extends Error {
  readonly diagnostics: DiagnosticSink;
  constructor(diagnostics: DiagnosticSink) {
    super(diagnostics.items.map((d) => d.message).join("\n"));
    this.name = "CoreLimitError";
    this.diagnostics = diagnostics;
  }
}

/**
 * Runs `network` on the core model. Callers check the target's limits first (`snnc run` does);
 * a network that breaks one throws {@link CoreLimitError} carrying the diagnostics.
 */
export function runCoreModel(network: Network): RunResult {
  const sink = new DiagnosticSink();
  const result = simulateOnCore(network, sink);
  if (result === null) throw new CoreLimitError(sink);
  return result;
}

/** As {@link runCoreModel}, reporting limit violations to `sink` and returning null instead. */
export function simulateOnCore(network: Network, sink: DiagnosticSink): RunResult | null {
  const checked = checkCoreLimits(network, sink);
  if (checked === null || sink.hasErrors) return null;
  const { plan, image } = checked;
  const sampler = createSampler(network, plan);
  // The limits check has already run the model on these bytes (collecting quirks, which gives
  // the same bits): run it again only when V or weights are sampled.
  const report = sampler.needed
    ? runImage(image.bytes, { observer: sampler.observer })
    : checked.model;
  const run = report.runs[0];
  const start = run === undefined ? -1 : findStartMarker(report.output, run.outputOffset);
  const decoded = decodeFrameStream(start < 0 ? new Uint8Array(0) : report.output.subarray(start));
  const frames = Math.min(decoded.frames, plan.steps + 1);
  return {
    network,
    steps: plan.steps,
    ...collectSpikes(network, plan, decoded.bits, frames),
    state: sampler.state(),
    weights: sampler.weights(),
    producedBy: "neurocorex-model",
  };
}

/**
 * Spikes of core neurons from decoded frames plus the source spikes, sorted as SPEC §6 says (by
 * step, then population, then index). The core neurons are visited in (population, index) order,
 * so each frame's spikes come out sorted; only the source spikes are sorted, then the two lists
 * are merged (a busy core has millions of spikes: no sort of them and no per-spike string key;
 * one pass over the frames).
 */
export function collectSpikes(
  network: Network,
  plan: CorePlan,
  bits: Uint8Array,
  frames: number,
): { spikes: SpikeTable; spikeCounts: number[] } {
  const counts = network.populations.map(() => 0);
  const recorded = recordedNeurons(network, "spikes");
  const order = [...plan.neurons].sort((x, y) => x.population - y.population || x.index - y.index);
  const logical = Int32Array.from(order, (n) => n.logical);
  const population = Int32Array.from(order, (n) => n.population);
  const index = Int32Array.from(order, (n) => n.index);
  const isRecorded = Uint8Array.from(order, (n) =>
    recorded.has(key(n.population, n.index)) ? 1 : 0,
  );
  const perNeuron = new Int32Array(order.length);
  let coreStep = new Int32Array(1024);
  let coreKey = new Int32Array(1024); // position in `order`
  let coreRows = 0;
  const end = frames * FRAME_BITS;
  // Frame by frame, jumping over frames without spikes (indexOf finds the next set bit).
  for (let p = bits.indexOf(1); p >= 0 && p < end; p = bits.indexOf(1, p)) {
    const f = Math.floor(p / FRAME_BITS);
    const base = f * FRAME_BITS;
    p = base + FRAME_BITS;
    for (let k = 0; k < order.length; k++) {
      if (bits[base + logical[k]!] === 0) continue;
      perNeuron[k]! += 1;
      if (isRecorded[k] === 0) continue;
      if (coreRows === coreStep.length) {
        coreStep = grow(coreStep);
        coreKey = grow(coreKey);
      }
      coreStep[coreRows] = f;
      coreKey[coreRows++] = k;
    }
  }
  order.forEach((n, k) => (counts[n.population]! += perNeuron[k]!));
  const sources: [number, number, number][] = [];
  for (const s of plan.sourceSpikes) {
    counts[s.population]! += 1;
    if (recorded.has(key(s.population, s.index))) sources.push([s.step, s.population, s.index]);
  }
  sources.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const length = coreRows + sources.length;
  const out = {
    step: new Int32Array(length),
    population: new Int32Array(length),
    index: new Int32Array(length),
    length,
  };
  let c = 0;
  let q = 0;
  for (let r = 0; r < length; r++) {
    const source = sources[q];
    const k = coreKey[c]!;
    // A core row goes first when it sorts before the next source row (never equal: a source
    // is not a core population).
    let takeCore = c < coreRows;
    if (takeCore && source !== undefined) {
      const step = coreStep[c]! - source[0];
      takeCore = (step || population[k]! - source[1] || index[k]! - source[2]) < 0;
    }
    if (takeCore) {
      out.step[r] = coreStep[c]!;
      out.population[r] = population[k]!;
      out.index[r] = index[k]!;
      c++;
    } else {
      out.step[r] = source![0];
      out.population[r] = source![1];
      out.index[r] = source![2];
      q++;
    }
  }
  return { spikes: out, spikeCounts: counts };
}

/** A copy of `a` twice as long (the rows of a run's spikes are not known in advance). */
function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

function key(population: number, index: number): string {
  return `${population}:${index}`;
}

function recordedNeurons(network: Network, kind: Recording["kind"]): Set<string> {
  const out = new Set<string>();
  for (const rec of network.recordings) {
    if (rec.kind !== kind || rec.kind === "weights") continue;
    for (const t of rec.targets) {
      const size = network.populations[t.population]?.size ?? 0;
      for (const i of t.indices ?? Array.from({ length: size }, (_, k) => k))
        out.add(key(t.population, i));
    }
  }
  return out;
}

interface Sampler {
  /** False when nothing is sampled (the engine may then skip inert neurons). */
  readonly needed: boolean;
  readonly observer: RunObserver;
  state(): StateTrace[];
  weights(): WeightTrace[];
}

/** Collects `v` and weight samples at steps 0, every, ..., steps (inclusive). */
function createSampler(network: Network, plan: CorePlan): Sampler {
  const logicalOf = new Map<string, number>();
  for (const n of plan.neurons) logicalOf.set(key(n.population, n.index), n.logical);
  const stateRecs = network.recordings.flatMap((rec) => {
    if (rec.kind !== "state" || rec.variable !== "v") return [];
    const neurons: { population: number; index: number }[] = [];
    for (const t of rec.targets) {
      const size = network.populations[t.population]?.size ?? 0;
      for (const i of t.indices ?? Array.from({ length: size }, (_, k) => k))
        neurons.push({ population: t.population, index: i });
    }
    const logical = neurons.map((n) => logicalOf.get(key(n.population, n.index)) ?? -1);
    return [
      { every: rec.everySteps, neurons, logical, steps: [] as number[], values: [] as number[] },
    ];
  });
  const weightRecs = network.recordings.flatMap((rec) =>
    rec.kind !== "weights"
      ? []
      : rec.projections.map((id) => ({
          every: rec.everySteps,
          id,
          synapses: plan.synapses[id] ?? [],
          steps: [] as number[],
          values: [] as number[],
        })),
  );
  const plastic = new Set(plan.plasticCells);
  const observer: RunObserver = {
    onStepEnd(step, state, v) {
      if (step > plan.steps) return;
      for (const r of stateRecs) {
        if (step % r.every !== 0) continue;
        r.steps.push(step);
        for (const b of r.logical) r.values.push(b < 0 ? 0 : fromQRaw(v[b]!));
      }
      for (const r of weightRecs) {
        if (step % r.every !== 0) continue;
        r.steps.push(step);
        // Only plastic cells change, and a plastic cell has one synapse (fpga/plastic-cell-shared);
        // any other cell may hold the sum of several synapses, each of which keeps its weight.
        for (const s of r.synapses)
          r.values.push(s.matrix === "aa" && plastic.has(s.cell) ? state.aa[s.cell]! : s.weight);
      }
    },
  };
  return {
    needed: stateRecs.length > 0 || weightRecs.length > 0,
    observer,
    state: () =>
      stateRecs.map((r) => ({
        variable: "v" as const,
        neurons: r.neurons,
        steps: Int32Array.from(r.steps),
        values: Float64Array.from(r.values),
      })),
    weights: () =>
      weightRecs.map((r) => ({
        projection: r.id,
        pre: Int32Array.from(r.synapses, (s) => s.pre),
        post: Int32Array.from(r.synapses, (s) => s.post),
        steps: Int32Array.from(r.steps),
        values: Float64Array.from(r.values),
      })),
  };
}
