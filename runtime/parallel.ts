/**
 * Partitioned runs: the step of a large network split between two threads by neuron range (for
 * networks whose plan is `partitionable`). This thread draws the network's structure once and
 * shares its synapse arrays with a worker (SharedArrayBuffer: one copy, read by both); each thread
 * keeps its own neuron state, updates its own half of every lif and izhikevich population and
 * delivers synaptic input only onto its own half of the targets; once per step they exchange the
 * spike lists (the generated `exchange`). Every value is computed by the same operations in the
 * same order as on one thread, so the spikes are identical bit for bit
 * (test/runtime/threads.test.ts). Any failure of the partitioned run (NaN state, a thread that
 * fails or stalls) makes `simulate()` run the network again on one thread, which reports it
 * exactly.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Network } from "../compiler/ir/index.js";
import { loadSimulator } from "./codegen/index.js";
import type { GeneratedResult, GeneratedSimulator } from "./codegen/index.js";
import type { ProjectionCsr } from "./instantiate/generate.js";
import { exchangeWords } from "./codegen/emit-module.js";
import type { NetworkPlan } from "./codegen/plan.js";
import { awaitPeer, stopPartitionedRun } from "./codegen/support.js";

/** Below this many neurons in split populations, a step is too short to share. */
export const PARALLEL_MIN_NEURONS = 32768;

/** How long a thread waits for the other to make progress before the run is given up. */
const STALL_MS = 10_000;

/** One thread's share of a partitioned run, as the generated `createNetwork(PART)` reads it. */
export interface Partition {
  readonly rank: 0 | 1;
  /**
   * [0]/[1]: last step each thread exchanged; [2]: stop; [3]: the worker failed; [4]/[5]: last
   * step each thread balanced after.
   */
  readonly ctl: Int32Array;
  readonly exchange: Int32Array;
  /** Per population, this thread's first neuron range (used for split populations only). */
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  /** How long to wait for the other thread's progress before giving the run up. */
  readonly patienceMs: number;
  /** Steps between balancings of the split; each thread's busy milliseconds since the last. */
  readonly balanceEvery: number;
  readonly times: Float64Array;
  /** Shares of thread 0 to use in turn instead of measured ones (tests), or null. */
  readonly shares: readonly number[] | null;
  /** The shared state arrays of split populations, by "population:variable" (filled by rank 0). */
  readonly state: Record<string, Int32Array | Float64Array>;
}

/** How the split is balanced: every so many steps, by measured times or given shares. */
export interface Balancing {
  readonly every: number;
  readonly shares: readonly number[] | null;
}

const DEFAULT_BALANCING: Balancing = { every: 250, shares: null };

/** Neurons in the populations a partitioned run splits. */
function splitNeurons(plan: NetworkPlan): number {
  return plan.populations.reduce((sum, pp) => sum + (pp.partitioned ? pp.size : 0), 0);
}

/**
 * The number of threads to run a network on: `requested` (1 or 2) when the network allows it,
 * otherwise two for a partitionable network of at least {@link PARALLEL_MIN_NEURONS} split
 * neurons on a machine with two CPUs or more, whose doubled memory stays within the limit.
 */
export function threadsFor(
  plan: NetworkPlan,
  requested: number | undefined,
  bytes: number,
  limit: number,
): 1 | 2 {
  if (requested === 1 || !plan.partitionable || 2 * bytes > limit) return 1;
  if (requested === 2) return 2;
  if (availableParallelism() < 2) return 1;
  return splitNeurons(plan) >= PARALLEL_MIN_NEURONS ? 2 : 1;
}

/** The worker's program: the generated simulator body, run as rank 1 on the structure it is sent. */
function workerScript(source: string): string {
  return [
    `"use strict";`,
    `const { parentPort } = require("node:worker_threads");`,
    `let createNetwork = null;`,
    `try {`,
    `  createNetwork = (function () {`,
    source,
    `  return createNetwork;`,
    `  })();`,
    `} catch (error) {}`,
    `parentPort.once("message", ({ part, built }) => {`,
    `  try {`,
    `    const sim = createNetwork(part, built);`,
    `    Atomics.store(part.ctl, 1, 0);`,
    `    Atomics.notify(part.ctl, 1);`,
    `    sim.run();`,
    `  } catch (error) {`,
    `    Atomics.store(part.ctl, 3, 1);`,
    `    Atomics.store(part.ctl, 2, 1);`,
    `    Atomics.notify(part.ctl, 0);`,
    `    Atomics.notify(part.ctl, 1);`,
    `  }`,
    `  parentPort.close();`,
    `});`,
  ].join("\n");
}

function shared<T extends Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy =
    a instanceof Int32Array
      ? new Int32Array(new SharedArrayBuffer(a.byteLength))
      : new Float64Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy as T;
}

/** The structure with its synapse arrays moved into shared memory (sent to the worker uncopied). */
function shareStructure(built: { proj: ProjectionCsr[] }): void {
  built.proj = built.proj.map((p) => ({
    ...p,
    rowPtr: shared(p.rowPtr),
    post: shared(p.post),
    weights: p.weights === null ? null : shared(p.weights),
    delays: p.delays === null ? null : shared(p.delays),
  }));
}

/** What a completed partitioned run returns to `simulate()`. */
export interface PartitionedRun {
  readonly result: GeneratedResult;
  readonly setupS: number;
  readonly loopS: number;
}

/**
 * Runs a partitioned network on this thread (rank 0, which records) and one worker (rank 1).
 * Null when the run did not complete cleanly; the caller then runs it on one thread.
 */
export function runPartitioned(
  network: Network,
  plan: NetworkPlan,
  onProgress?: (step: number) => void,
  balancing: Balancing = DEFAULT_BALANCING,
): PartitionedRun | null {
  // code generation counts as set-up
  const t0 = performance.now();
  const simulator = loadSimulator(network, { injectable: false, partitioned: true });
  const lo = network.populations.map(() => 0);
  const hi = network.populations.map((p) => p.size);
  const mid = network.populations.map((p) => Math.floor(p.size / 2));
  const ctl = new Int32Array(new SharedArrayBuffer(32));
  ctl[1] = -1;
  const exchange = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, exchangeWords(plan))));
  const times = new Float64Array(new SharedArrayBuffer(16));
  const state: Record<string, Int32Array | Float64Array> = {};
  const part = (rank: 0 | 1): Partition => ({
    rank,
    ctl,
    exchange,
    lo: rank === 0 ? lo : mid,
    hi: rank === 0 ? mid : hi,
    patienceMs: STALL_MS,
    balanceEvery: Math.max(1, balancing.every),
    times,
    shares: balancing.shares,
    state,
  });
  let worker: Worker;
  try {
    // started first: it boots while this thread draws the structure
    worker = new Worker(workerScript(simulator.source), { eval: true });
  } catch {
    return null;
  }
  worker.unref();
  // The worker reports its own failures through ctl; this keeps an 'error' event from throwing.
  worker.on("error", () => stopPartitionedRun(ctl));
  const stop = () => {
    stopPartitionedRun(ctl);
    void worker.terminate();
  };
  let sim: GeneratedSimulator;
  try {
    const built = simulator.buildStructure(true) as { proj: ProjectionCsr[] };
    shareStructure(built);
    // rank 0 first: it puts the split populations' state into shared memory (part.state)
    sim = simulator.createNetwork(part(0), built);
    worker.postMessage({ part: part(1), built });
  } catch (error) {
    stop();
    throw error;
  }
  if (!awaitPeer(ctl, 1, 0, STALL_MS)) {
    stop();
    return null;
  }
  const t1 = performance.now();
  const result = sim.run(onProgress);
  const t2 = performance.now();
  const clean =
    result.failure === null && result.steps === network.steps && Atomics.load(ctl, 2) === 0;
  stop();
  return clean ? { result, setupS: (t1 - t0) / 1000, loopS: (t2 - t1) / 1000 } : null;
}
