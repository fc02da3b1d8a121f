/**
 * Building a network's concrete structure from its IR: the lean CSR form the simulator uses, and
 * the flat `BuiltNetwork` (pre/post arrays) that exports and other backends read. Both go through
 * the one generator in ./generate.ts, so they describe the same synapses in the same order.
 */
import type { Network } from "../../compiler/ir/index.js";
import { RandomStream } from "../random/index.js";
import {
  buildGap,
  buildInit,
  buildParams,
  buildProjection,
  gapStreamNames,
  projectionStreamNames,
  type GapPairs,
  type ProjectionCsr,
  type StreamFactory,
} from "./generate.js";

/** A network with its random structure drawn: what every backend and export agrees on. */
export interface BuiltNetwork {
  readonly projections: readonly {
    readonly id: number;
    /** Population-local indices, in synapse order ((pre, post), stable). */
    readonly pre: Int32Array;
    readonly post: Int32Array;
    /** SI amperes, or core integers onto neurocorex_lif. */
    readonly weight: Float64Array;
    readonly delaySteps: Int32Array;
  }[];
  readonly gaps: readonly {
    readonly id: number;
    readonly a: Int32Array;
    readonly b: Int32Array;
    readonly g: Float64Array;
  }[];
  /** Initial state per population (SI; core units for neurocorex_lif `v`). */
  readonly init: readonly Record<string, Float64Array>[];
  /** Per-neuron parameters per population (only those the IR lists in `perNeuron`). */
  readonly params: readonly Record<string, Float64Array>[];
  /** Counts behind the build-time warnings (wrong-sign draws, clipped stdp weights, ...). */
  readonly stats: BuildStats;
}

/** What the build changed in drawn values, for warnings. */
export interface BuildStats {
  readonly wrongSign: readonly { readonly projection: number; readonly count: number }[];
  readonly clipped: readonly { readonly projection: number; readonly count: number }[];
  readonly delaysRaised: readonly { readonly projection: number; readonly count: number }[];
}

/** The CSR form of a whole network, as the simulator consumes it. */
export interface CsrNetwork {
  readonly projections: readonly ProjectionCsr[];
  readonly gaps: readonly GapPairs[];
  readonly init: readonly Record<string, Float64Array>[];
  readonly params: readonly Record<string, Float64Array>[];
  readonly stats: BuildStats;
}

/** The stream factory of a network's seed (SPEC §7). */
export function streamsFor(seed: number): StreamFactory {
  return (purpose, name) => new RandomStream(seed, purpose, name);
}

/** Builds every projection, gap, parameter and initial value in CSR form (the simulator's path). */
export function buildCsrNetwork(network: Network): CsrNetwork {
  const stream = streamsFor(network.seed);
  const projectionNames = projectionStreamNames(network);
  const projections = network.projections.map((p, k) =>
    buildProjection(network, p, projectionNames[k] ?? p.name, stream),
  );
  const gapNames = gapStreamNames(network);
  const gaps = network.gaps.map((_, k) => buildGap(network, k, gapNames[k] ?? "", stream));
  const params = network.populations.map((pop) => buildParams(pop, stream));
  const init = network.populations.map((pop, k) => buildInit(pop, params[k] ?? {}, stream));
  const count = (f: (p: ProjectionCsr) => number) =>
    projections.flatMap((p, id) => (f(p) > 0 ? [{ projection: id, count: f(p) }] : []));
  return {
    projections,
    gaps,
    init,
    params,
    stats: {
      wrongSign: count((p) => p.wrongSign),
      clipped: count((p) => p.clipped),
      delaysRaised: count((p) => p.delaysRaised),
    },
  };
}

/**
 * Draws a network's connectivity, weights, delays, gap pairs and initial values with the seeded,
 * documented streams (docs/runtime.md), as flat arrays in synapse order. Every backend and export
 * that needs concrete synapses calls this, so all of them agree with the simulator.
 */
export function instantiateNetwork(network: Network): BuiltNetwork {
  const csr = buildCsrNetwork(network);
  return {
    projections: csr.projections.map((p, id) => {
      const n = p.post.length;
      const pre = new Int32Array(n);
      for (let i = 0; i + 1 < p.rowPtr.length; i++)
        pre.fill(i, p.rowPtr[i] ?? 0, p.rowPtr[i + 1] ?? 0);
      const weight = p.weights ?? new Float64Array(n).fill(p.weightConst);
      const delaySteps = p.delays ?? new Int32Array(n).fill(p.delayConst);
      return { id, pre, post: p.post, weight, delaySteps };
    }),
    gaps: csr.gaps.map((g, id) => ({ id, a: g.a, b: g.b, g: g.g })),
    init: csr.init,
    params: csr.params,
    stats: csr.stats,
  };
}
