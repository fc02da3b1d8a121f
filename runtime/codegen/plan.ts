/**
 * What the code generator needs to know about a network before it writes any code: per
 * population its kind, whether it is stimulated, gap-coupled, recorded or adaptive, how long a
 * spike history it must keep; per projection its path (event queue into lif/izhikevich, or the
 * core's input and recurrent paths into neurocorex_lif). Plain data, computed once.
 */
import type { Network, Projection } from "../../compiler/ir/index.js";
import { evalValue, isRandomValueExpr, keptDelay, toSteps } from "../instantiate/generate.js";

/** How a projection's spikes reach their targets. */
export type ProjectionPath = "queue" | "core-input" | "core-recurrent";

export interface ProjectionPlan {
  readonly id: number;
  readonly path: ProjectionPath;
  /** Constant delay in steps, or null when delays differ per synapse. */
  readonly delay: number | null;
  /** Upper bound of the delays in steps (for history length), when known at generation. */
  readonly maxDelay: number | null;
  readonly constWeight: boolean;
  readonly stdp: number | null;
  readonly stdpWindow: number | null;
}

export interface PopulationPlan {
  readonly id: number;
  readonly kind: Network["populations"][number]["model"]["kind"];
  readonly size: number;
  readonly stimulated: boolean;
  readonly gap: boolean;
  /** A per-neuron bitmap of recent spikes is needed (heterogeneous delays out of it). */
  readonly bitHistory: boolean;
  readonly recordSpikes: "none" | "all" | "some";
  readonly homeostasis: number | null;
  /** Per-neuron parameters listed in the IR. */
  readonly perNeuron: readonly string[];
  /**
   * Split between threads when the network runs partitioned (lif and izhikevich populations of a
   * partitionable network): each thread updates a range of the neurons, `LO<k> .. HI<k>`.
   */
  readonly partitioned: boolean;
}

export interface NetworkPlan {
  readonly populations: readonly PopulationPlan[];
  readonly projections: readonly ProjectionPlan[];
  readonly hasCore: boolean;
  /**
   * The step can be split between two threads by neuron range, with identical results: every
   * update then belongs to one neuron (its state, or the input current of the synapse's target),
   * so only the spike lists need to be exchanged each step. True for networks of lif, izhikevich,
   * poisson and spike_times populations with static, one-delay projections, no gap junctions, no
   * homeostasis and no recordings but spikes (see runtime/parallel.ts).
   */
  readonly partitionable: boolean;
}

type PopulationShape = Omit<PopulationPlan, "partitioned">;

function isPartitionable(
  net: Network,
  populations: readonly PopulationShape[],
  projections: readonly ProjectionPlan[],
): boolean {
  if (net.gaps.length > 0 || net.recordings.some((r) => r.kind !== "spikes")) return false;
  if (populations.some((p) => p.kind === "neurocorex_lif" || p.homeostasis !== null)) return false;
  if (populations.some((p) => p.bitHistory)) return false;
  if (projections.some((p) => p.path !== "queue" || p.delay === null)) return false;
  if (projections.some((p) => p.stdp !== null || p.stdpWindow !== null)) return false;
  return populations.some((p) => p.kind === "lif" || p.kind === "izhikevich");
}

function projectionPlan(net: Network, p: Projection): ProjectionPlan {
  const postKind = net.populations[p.post.population]?.model.kind;
  const preKind = net.populations[p.pre.population]?.model.kind;
  const path: ProjectionPath =
    postKind === "neurocorex_lif"
      ? preKind === "neurocorex_lif"
        ? "core-recurrent"
        : "core-input"
      : "queue";
  const explicitDelays = p.rule.kind === "explicit" && p.rule.delays !== undefined;
  const randomDelay = isRandomValueExpr(p.delay);
  let delay: number | null = null;
  let maxDelay: number | null = null;
  // in steps as the draw keeps them (instantiate/generate.ts)
  if (!explicitDelays && !randomDelay) {
    delay = keptDelay(toSteps(evalValue(p.delay, null), net.dt), net.steps);
    maxDelay = delay;
  } else if (explicitDelays && p.rule.kind === "explicit" && p.rule.delays !== undefined) {
    let m = 1;
    for (const d of p.rule.delays) m = Math.max(m, toSteps(d, net.dt));
    maxDelay = keptDelay(m, net.steps);
  }
  const rule = p.plasticity === null ? null : net.plasticity[p.plasticity];
  const explicitW =
    p.rule.kind === "explicit" &&
    (p.rule.weights !== undefined || p.rule.weightScale !== undefined);
  return {
    id: p.id,
    path,
    delay,
    maxDelay,
    constWeight: !isRandomValueExpr(p.weight) && !explicitW && rule === null,
    stdp: rule !== undefined && rule !== null && rule.kind === "stdp" ? rule.id : null,
    stdpWindow: rule !== undefined && rule !== null && rule.kind === "stdp_window" ? rule.id : null,
  };
}

/** Plans the generated simulator of a network. */
export function planNetwork(net: Network): NetworkPlan {
  const projections = net.projections.map((p) => projectionPlan(net, p));
  const shapes = net.populations.map((pop): PopulationShape => {
    let bitHistory = false;
    for (const pp of projections) {
      const proj = net.projections[pp.id];
      if (proj === undefined || proj.pre.population !== pop.id || pp.path !== "queue") continue;
      if (pp.delay === null) bitHistory = true;
    }
    let record: PopulationPlan["recordSpikes"] = "none";
    for (const r of net.recordings) {
      if (r.kind !== "spikes") continue;
      for (const t of r.targets)
        if (t.population === pop.id)
          record = t.indices === null ? "all" : record === "all" ? "all" : "some";
    }
    return {
      id: pop.id,
      kind: pop.model.kind,
      size: pop.size,
      stimulated: net.stimuli.some((s) => s.target.population === pop.id),
      gap: net.gaps.some((g) => g.a.population === pop.id || g.b.population === pop.id),
      bitHistory,
      recordSpikes: record,
      homeostasis: pop.homeostasis,
      perNeuron: Object.keys(pop.perNeuron).sort(),
    };
  });
  const partitionable = isPartitionable(net, shapes, projections);
  const populations = shapes.map((p): PopulationPlan => ({
    ...p,
    partitioned: partitionable && (p.kind === "lif" || p.kind === "izhikevich"),
  }));
  return {
    populations,
    projections,
    hasCore: net.populations.some((p) => p.model.kind === "neurocorex_lif"),
    partitionable,
  };
}
