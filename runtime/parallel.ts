/**
 * Partitioned runs: the step of a large network split between two threads by neuron range (for
 * networks whose plan is `partitionable`). The worker boots and draws part of the projections
 * while this thread draws the rest (each projection has random streams of its own); the synapse
 * arrays and the split populations' state live in shared memory (SharedArrayBuffer, one copy).
 * Each thread updates its own range of every lif and izhikevich population and delivers synaptic
 * input only onto its own range of targets; once per step they exchange the spike lists (the
 * generated `exchange`), and every 250 steps they move the split toward equal busy times. Every
 * value is computed by the same operations in the same order as on one thread, so the spikes are
 * identical bit for bit at any split (test/runtime/threads.test.ts). Any failure of the
 * partitioned run (NaN state, a thread that fails or stalls) makes `simulate()` run the network
 * again on one thread, which reports it exactly.
 */
import { availableParallelism } from "node:os";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { Network } from "../compiler/ir/index.js";
import { expectedSynapses } from "../compiler/ir/synapse-count.js";
import { loadSimulator } from "./codegen/index.js";
import type { GeneratedResult, GeneratedSimulator } from "./codegen/index.js";
import type { ProjectionCsr } from "./instantiate/generate.js";
import { exchangeWords } from "./codegen/emit-module.js";
import type { NetworkPlan } from "./codegen/plan.js";
import { simdEligible } from "./codegen/emit-simd.js";
import { awaitPeer, buildStats, inSharedMemory, stopPartitionedRun } from "./codegen/support.js";

/** Below this many neurons in split populations, a step is too short to share. */
export const PARALLEL_MIN_NEURONS = 32768;

/** How long a thread waits for the other to make progress before the run is given up. */
const STALL_MS = 10_000;

/** One thread's share of a partitioned run, as the generated `createNetwork(PART)` reads it. */
export interface Partition {
  readonly rank: 0 | 1;
  /**
   * [0]/[1]: last step each thread exchanged; [2]: stop; [3]: the worker failed; [4]/[5]: last
   * step each thread balanced after; [6]: the worker has drawn its projections.
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
 * neurons on a machine with two CPUs or more, unless one thread would step a population with a
 * WebAssembly SIMD kernel: a partitioned run uses the JS kernels, and one thread with
 * SIMD kernels was the faster (CUBA, 16,000 neurons: 0.18 s against 0.26-0.32 s; 64,000:
 * 0.76 s against 0.87-0.91 s). The worker shares the synapses but copies the per-neuron
 * arrays; the check against the memory limit is kept simple and safe: twice the estimate must
 * fit.
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
  if (plan.populations.some((pp) => simdEligible({ ...pp, partitioned: false }))) return 1;
  return splitNeurons(plan) >= PARALLEL_MIN_NEURONS ? 2 : 1;
}

/**
 * The worker's program: the generated simulator body, then two messages. "draw": draw some
 * projections (while this thread draws the others) and send them back on the port; "run": build
 * rank 1 on the shared structure and run.
 */
function workerScript(source: string): string {
  return [
    `"use strict";`,
    `const { parentPort, workerData } = require("node:worker_threads");`,
    `const { port, ctl } = workerData;`,
    `let code = null;`,
    `try {`,
    `  code = (function () {`,
    source,
    `  return { createNetwork, buildStructure };`,
    `  })();`,
    `} catch (error) {}`,
    `const fail = () => {`,
    `  Atomics.store(ctl, 3, 1);`,
    `  Atomics.store(ctl, 2, 1);`,
    `  for (const k of [0, 1, 6]) Atomics.notify(ctl, k);`,
    `};`,
    `parentPort.on("message", (msg) => {`,
    `  if (msg.kind === "draw") {`,
    `    try {`,
    `      port.postMessage(code.buildStructure(true, msg.ids, true).proj);`,
    `      Atomics.store(ctl, 6, 1);`,
    `      Atomics.notify(ctl, 6);`,
    `    } catch (error) {`,
    `      fail();`,
    `    }`,
    `    return;`,
    `  }`,
    `  try {`,
    `    const sim = code.createNetwork(msg.part, msg.built);`,
    `    Atomics.store(ctl, 1, 0);`,
    `    Atomics.notify(ctl, 1);`,
    `    sim.run();`,
    `  } catch (error) {`,
    `    fail();`,
    `  }`,
    `  parentPort.close();`,
    `  port.close();`,
    `});`,
  ].join("\n");
}

/**
 * Which projections the worker draws: the larger ones go to whichever thread has less so far,
 * this thread first (the worker starts later, when it has booted).
 */
function drawnByWorker(network: Network): number[] {
  const sizes = network.projections
    .map((p) => ({ id: p.id, n: expectedSynapses(p, network.populations) }))
    .sort((a, b) => b.n - a.n || a.id - b.id);
  let mine = 0;
  let theirs = 0;
  const ids: number[] = [];
  for (const { id, n } of sizes) {
    if (mine <= theirs) mine += n;
    else {
      theirs += n;
      ids.push(id);
    }
  }
  return ids;
}

/** What buildStructure() returns, as far as this module looks into it. */
interface Structure {
  proj: (ProjectionCsr | null)[];
  stats: unknown;
}

/** The structure with its synapse arrays in shared memory (sent to the worker uncopied). */
function shareStructure(built: Structure): void {
  built.proj = built.proj.map((p) =>
    p === null
      ? null
      : {
          ...p,
          rowPtr: inSharedMemory(p.rowPtr),
          post: inSharedMemory(p.post),
          weights: p.weights === null ? null : inSharedMemory(p.weights),
          delays: p.delays === null ? null : inSharedMemory(p.delays),
        },
  );
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
  const simulator = loadSimulator(network, { injectable: false, partitioned: true }, plan);
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
  const channel = new MessageChannel();
  let worker: Worker;
  try {
    // started first: it boots while this thread draws its share of the structure
    worker = new Worker(workerScript(simulator.source), {
      eval: true,
      workerData: { port: channel.port2, ctl },
      transferList: [channel.port2],
    });
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
    const theirs = drawnByWorker(network);
    worker.postMessage({ kind: "draw", ids: theirs });
    const mine = network.projections.map((p) => p.id).filter((id) => !theirs.includes(id));
    const drawFrom = performance.now();
    const built = simulator.buildStructure(true, mine) as Structure;
    // the worker draws less than this thread did, a little later: allow it several times as long
    const patience = STALL_MS + 4 * (performance.now() - drawFrom);
    const drawn = theirs.length === 0 || awaitPeer(ctl, 6, 1, patience);
    const reply = drawn && theirs.length > 0 ? receiveMessageOnPort(channel.port1) : undefined;
    if (reply === undefined && theirs.length > 0) {
      stop();
      channel.port1.close();
      return null;
    }
    const got = (reply?.message ?? []) as (ProjectionCsr | null)[];
    for (const id of theirs) built.proj[id] = got[id] ?? null;
    built.stats = buildStats(built.proj);
    channel.port1.close();
    shareStructure(built);
    // rank 0 first: it puts the split populations' state into shared memory (part.state)
    sim = simulator.createNetwork(part(0), built);
    worker.postMessage({ kind: "run", part: part(1), built });
  } catch (error) {
    stop();
    throw error;
  }
  if (!awaitPeer(ctl, 1, 0, STALL_MS)) {
    stop();
    return null;
  }
  const t1 = performance.now();
  let result: GeneratedResult;
  try {
    result = sim.run(onProgress);
  } catch (error) {
    stop();
    throw error;
  }
  const t2 = performance.now();
  const clean =
    result.failure === null && result.steps === network.steps && Atomics.load(ctl, 2) === 0;
  stop();
  return clean ? { result, setupS: (t1 - t0) / 1000, loopS: (t2 - t1) / 1000 } : null;
}
