/**
 * The spikes of a network's spike sources, as integer steps of their stamps (SPEC §3, §7): a
 * `spike_times` time `ts` is step round(ts / dt); a Poisson spike drawn in step n is stamped
 * (n + 1)·dt. Poisson sources are drawn at compile time from the run's seed with the runtime's
 * seeded stream ("poisson", population name), one uniform per neuron per step in step-major
 * order, the same draws the JS simulator makes, so the core sees the spikes `snnc run --target js`
 * would. Spikes stamped at or after the duration never reach the core and are left out.
 */
import type { Network, Population } from "../../compiler/ir/index.js";
import { RandomStream } from "../../runtime/random/index.js";

/** One source spike: population-local neuron and the step of its stamp. */
export interface SourceSpike {
  readonly population: number;
  readonly index: number;
  readonly step: number;
}

/** `x / dt` rounded half away from zero (SPEC §7). */
export function toSteps(x: number, dt: number): number {
  const k = x / dt;
  return k < 0 ? -Math.round(-k) : Math.round(k);
}

/** True when the population is a spike source (its neurons have no state on the core). */
export function isSpikeSource(pop: Population): boolean {
  return pop.model.kind === "poisson" || pop.model.kind === "spike_times";
}

/** Every source spike of the network, sorted by step, then population, then index. */
export function collectSourceSpikes(network: Network): SourceSpike[] {
  const out: SourceSpike[] = [];
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
      const p = model.params.rate * network.dt;
      for (let n = 0; n < network.steps; n++) {
        for (let i = 0; i < pop.size; i++) {
          if (rng.uniform() < p && n + 1 < network.steps) {
            out.push({ population: pop.id, index: i, step: n + 1 });
          }
        }
      }
    }
  }
  out.sort((a, b) => a.step - b.step || a.population - b.population || a.index - b.index);
  return out;
}
