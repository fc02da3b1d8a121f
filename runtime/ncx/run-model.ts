/**
 * `runCoreModel`: what `snnc run` shows for a `target neurocorex` network. It builds the image with
 * the neurocorex backend's own encoder, feeds the image's bytes to the bit-accurate core model,
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
  const report = runImage(image.bytes, sampler.needed ? { observer: sampler.observer } : {});
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

/** Spikes of core neurons from decoded frames plus the source spikes, sorted as SPEC §6 says. */
export function collectSpikes(
  network: Network,
  plan: CorePlan,
  bits: Uint8Array,
  frames: number,
): { spikes: SpikeTable; spikeCounts: number[] } {
  const counts = network.populations.map(() => 0);
  const recorded = recordedNeurons(network, "spikes");
  const rows: [number, number, number][] = [];
  for (let f = 0; f < frames; f++) {
    for (const n of plan.neurons) {
      if (bits[f * FRAME_BITS + n.logical] === 0) continue;
      counts[n.population]! += 1;
      if (recorded.has(key(n.population, n.index))) rows.push([f, n.population, n.index]);
    }
  }
  for (const s of plan.sourceSpikes) {
    counts[s.population]! += 1;
    if (recorded.has(key(s.population, s.index))) rows.push([s.step, s.population, s.index]);
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return {
    spikes: {
      step: Int32Array.from(rows, (r) => r[0]),
      population: Int32Array.from(rows, (r) => r[1]),
      index: Int32Array.from(rows, (r) => r[2]),
      length: rows.length,
    },
    spikeCounts: counts,
  };
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
        for (const s of r.synapses)
          r.values.push(s.matrix === "aa" ? state.aa[s.cell]! : state.ff[s.cell]!);
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
