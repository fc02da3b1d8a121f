/**
 * Pass: lower-network.
 *
 * Input: the outputs of every checking pass.
 * Output: the IR {@link Network} (compiler/ir/types.ts): SI everywhere, ids index arrays, every
 * entity with its origin.
 * Preconditions: no pass reported an error (the pipeline only calls it then).
 * Reports: nothing; it only assembles.
 */
import {
  IR_VERSION,
  type CoreLayout,
  type GapJunction,
  type Network,
  type Recording,
  type Stimulus,
} from "../ir/index.js";
import type { ConnectionTable } from "./check-connections.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import { irPopulations, type PopulationLayout } from "./layout-populations.js";
import { basenameOf } from "./paths.js";

export interface CheckedProgram {
  readonly mainPath: string;
  readonly run: RunSettings;
  readonly layout: PopulationLayout;
  readonly plasticity: PlasticityTable;
  readonly connections: ConnectionTable;
  readonly gaps: readonly GapJunction[];
  readonly stimuli: readonly Stimulus[];
  readonly recordings: readonly Recording[];
  readonly core: CoreLayout | null;
}

/** Assembles the network. */
export function lowerNetwork(p: CheckedProgram): Network {
  return {
    irVersion: IR_VERSION,
    name: basenameOf(p.mainPath).replace(/\.snn$/, ""),
    seed: p.run.seed,
    dt: p.run.dt,
    duration: p.run.duration,
    steps: p.run.steps,
    populations: irPopulations(p.layout),
    projections: p.connections.projections.map((c) => c.projection),
    gaps: p.gaps,
    plasticity: p.plasticity.rules,
    stimuli: p.stimuli,
    recordings: p.recordings,
    targets: p.run.targets,
    core: p.core,
  };
}
