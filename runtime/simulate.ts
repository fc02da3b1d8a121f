/**
 * `simulate()`: runs a network on the generated JS simulator in memory and returns its
 * `RunResult`. Failures are reported as diagnostics on the result, never thrown: a network too
 * large is refused before anything is allocated, and state that becomes NaN or infinite stops the
 * run at that step (the recordings up to it are kept).
 */
import { createDiagnostic, NoSpan, type Diagnostic } from "../common/index.js";
import type { Network } from "../compiler/ir/index.js";
import { loadSimulator, planNetwork, type GeneratedResult } from "./codegen/index.js";
import { estimateBytes, MAX_NETWORK_BYTES, networkTooLarge } from "./instantiate/estimate.js";
import type { RunResult } from "./results.js";
import { timeFormatter } from "./output/csv.js";
import { runPartitioned, threadsFor } from "./parallel.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Called every 1000 steps with the number of steps done (for progress bars). */
  onProgress?(step: number): void;
  /** Refuse networks estimated above this many bytes (default 8 GiB). */
  readonly maxBytes?: number;
  /**
   * 1: one thread; 2: split each step between two threads where the network allows it
   * (runtime/parallel.ts; same spikes, twice the memory). Default: two for large networks on a
   * machine with two CPUs or more.
   */
  readonly threads?: number;
}

function emptyResult(network: Network, diagnostics: Diagnostic[]): RunResult {
  return {
    network,
    steps: 0,
    spikes: {
      step: new Int32Array(0),
      population: new Int32Array(0),
      index: new Int32Array(0),
      length: 0,
    },
    spikeCounts: network.populations.map(() => 0),
    state: [],
    weights: [],
    producedBy: "js",
    diagnostics,
  };
}

function buildDiagnostics(network: Network, r: GeneratedResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  const origin = (id: number) => network.projections[id]?.origin ?? NoSpan;
  const name = (id: number) => network.projections[id]?.name ?? String(id);
  for (const s of r.stats.wrongSign)
    out.push(
      createDiagnostic({
        code: "weights-wrong-sign",
        span: origin(s.projection),
        format: {
          count: s.count,
          projection: name(s.projection),
          receptor: network.projections[s.projection]?.receptor ?? "exc",
        },
      }),
    );
  for (const s of r.stats.clipped) {
    // a constant weight out of the rule's bounds was warned about by the checker (weight-clipped)
    const p = network.projections[s.projection];
    if (p !== undefined && p.weight.kind === "const" && p.rule.kind !== "explicit") continue;
    out.push(
      createDiagnostic({
        code: "stdp-weights-clipped",
        span: origin(s.projection),
        format: { count: s.count, projection: name(s.projection) },
      }),
    );
  }
  for (const s of r.stats.delaysRaised)
    out.push(
      createDiagnostic({
        code: "delays-raised",
        span: origin(s.projection),
        format: { count: s.count, projection: name(s.projection) },
      }),
    );
  if (r.failure !== null) {
    const pop = network.populations[r.failure.population];
    const member = pop?.memberNames?.[r.failure.index];
    out.push(
      createDiagnostic({
        code: "non-finite-state",
        span: pop?.origin ?? NoSpan,
        format: {
          population: (pop?.name ?? "?") + (member !== undefined ? `.${member}` : ""),
          index: r.failure.index,
          value: r.failure.value,
          variable: r.failure.variable,
          time: timeFormatter(network.dt)(r.failure.step),
        },
      }),
    );
  }
  return out;
}

/**
 * Simulates a network with the JS backend's generated simulator (compiled in memory) and
 * returns what it recorded. Same network and seed → same result, on every run and machine.
 */
export function simulate(network: Network, options: SimulateOptions = {}): RunResult {
  const limit = options.maxBytes ?? MAX_NETWORK_BYTES;
  const tooLarge = networkTooLarge(network, limit);
  if (tooLarge !== null) return emptyResult(network, [tooLarge]);
  const bytes = estimateBytes(network);
  const plan = planNetwork(network);
  if (threadsFor(plan, options.threads, bytes, limit) === 2) {
    const split = runPartitioned(network, plan, options.onProgress);
    if (split !== null) return toRunResult(network, split.result, split.setupS, split.loopS, 2);
  }
  // code generation counts as set-up
  const t0 = performance.now();
  const { createNetwork } = loadSimulator(network, { injectable: false }, plan);
  const sim = createNetwork();
  const t1 = performance.now();
  // a failure found by run()'s scan every 128 steps is located there, by a replay of the run
  const r = sim.run(options.onProgress);
  const t2 = performance.now();
  return toRunResult(network, r, (t1 - t0) / 1000, (t2 - t1) / 1000, 1);
}

function toRunResult(
  network: Network,
  r: GeneratedResult,
  setupS: number,
  loopS: number,
  threads: number,
): RunResult {
  const diagnostics = buildDiagnostics(network, r);
  const result: RunResult = {
    network,
    steps: r.steps,
    spikes: r.spikes,
    spikeCounts: r.spikeCounts,
    state: r.state,
    weights: r.weights,
    producedBy: "js",
    timing: { setupS, loopS, threads },
    ...(diagnostics.length > 0 ? { diagnostics } : {}),
  };
  return result;
}
