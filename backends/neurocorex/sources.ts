/**
 * The spikes of a network's spike sources, as integer steps of their stamps (SPEC §3, §7): a
 * `spike_times` time `ts` is step round(ts / dt); a Poisson spike drawn in step n is stamped
 * (n + 1)·dt. Poisson sources are drawn at compile time from the run's seed with the runtime's
 * seeded stream ("poisson", population name) and exactly the simulator's algorithm
 * (runtime/codegen/emit-neurons.ts): with one rate p = rate·dt in (0, 1), geometric gaps
 * 1 + geometric(ln(1 − p)) over the neurons of successive steps, the first drawn before step 0;
 * with per-neuron rates one uniform per neuron per step; p >= 1 fires every neuron every step.
 * So the core sees the spikes `snnc run --target js` would. Poisson spikes stamped at
 * the duration are kept (they reach the value sampled at the duration).
 */
import type { Network, Population } from "../../compiler/ir/index.js";
import { toSteps } from "../../runtime/instantiate/index.js";
import { RandomStream } from "../../runtime/random/index.js";

/** One source spike: population-local neuron and the step of its stamp. */
export interface SourceSpike {
  readonly population: number;
  readonly index: number;
  readonly step: number;
}

/** True when the population is a spike source (its neurons have no state on the core). */
export function isSpikeSource(pop: Population): boolean {
  return pop.model.kind === "poisson" || pop.model.kind === "spike_times";
}

/** Every source spike of the network, sorted by step, then population, then index. */
export function collectSourceSpikes(
  network: Network,
  params: readonly Readonly<Record<string, Float64Array>>[],
): SourceSpike[] {
  const out: SourceSpike[] = [];
  const add = (population: number, index: number, drawStep: number) => {
    if (drawStep + 1 <= network.steps) out.push({ population, index, step: drawStep + 1 });
  };
  for (const pop of network.populations) {
    const model = pop.model;
    if (model.kind === "spike_times") {
      model.params.times.forEach((times, index) => {
        for (const t of times) {
          const step = toSteps(t, network.dt);
          if (step < network.steps) out.push({ population: pop.id, index, step });
        }
      });
    } else if (model.kind === "poisson") {
      const rng = new RandomStream(network.seed, "poisson", pop.name);
      const rates = params[pop.id]?.["rate"];
      const p = model.params.rate * network.dt;
      const n = pop.size;
      if (rates !== undefined) {
        for (let t = 0; t < network.steps; t++) {
          for (let i = 0; i < n; i++) if (rng.uniform() < rates[i]! * network.dt) add(pop.id, i, t);
        }
      } else if (p >= 1) {
        for (let t = 0; t < network.steps; t++) for (let i = 0; i < n; i++) add(pop.id, i, t);
      } else if (p > 0) {
        const logQ = Math.log(1 - p);
        let pos = rng.geometric(logQ);
        for (let t = 0; t < network.steps; t++) {
          while (pos < n) {
            add(pop.id, pos, t);
            pos += 1 + rng.geometric(logQ);
          }
          pos -= n;
        }
      }
    }
  }
  out.sort((a, b) => a.step - b.step || a.population - b.population || a.index - b.index);
  return out;
}
