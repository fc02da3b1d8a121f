/**
 * The expected number of synapses of a projection: exact for deterministic rules, the mean for
 * random ones. Shown in hovers and in the weight-crosses-zero warning; the simulator's memory
 * estimate and the two-thread draw's division of work use it too.
 */
import type { Population, PopulationSelection, Projection } from "./types.js";

/** The number of neurons a selection names: its indices, or the whole population. */
export function selectionSize(
  s: PopulationSelection,
  pops: readonly Pick<Population, "size">[],
): number {
  return s.indices === null ? (pops[s.population]?.size ?? 0) : s.indices.length;
}

/** What a count needs of each population: its size (the checker passes its own population table). */
type Sized = Pick<Population, "size">;

/** Expected number of synapses of a projection (exact for deterministic rules). */
export function expectedSynapses(
  j: Pick<Projection, "pre" | "post" | "rule" | "allowSelf">,
  pops: readonly Sized[],
): number {
  const n = selectionSize(j.pre, pops);
  const m = selectionSize(j.post, pops);
  let overlap = 0;
  if (j.pre.population === j.post.population && !j.allowSelf && j.pre.indices === null) {
    // the whole population onto itself or a selection of it: every target is also a source
    overlap = j.post.indices === null ? m : new Set(j.post.indices).size;
  } else if (j.pre.population === j.post.population && !j.allowSelf) {
    const all = (s: Projection["pre"]): number[] =>
      s.indices === null
        ? Array.from({ length: pops[s.population]?.size ?? 0 }, (_, i) => i)
        : [...s.indices];
    const post = new Set(all(j.post));
    overlap = all(j.pre).filter((i) => post.has(i)).length;
  }
  switch (j.rule.kind) {
    case "all_to_all":
      return n * m - overlap;
    case "one_to_one":
      return n - selfPairs(j, pops);
    case "fixed_probability":
      return j.rule.p * (n * m - overlap);
    case "fixed_indegree":
      return j.rule.k * m;
    case "fixed_outdegree":
      return j.rule.k * n;
    case "explicit":
      return j.rule.pre.length;
    default: {
      const never: never = j.rule;
      return never;
    }
  }
}

/** The pairs of a one_to_one projection that join a neuron to itself and are dropped. */
function selfPairs(
  j: Pick<Projection, "pre" | "post" | "allowSelf">,
  pops: readonly Sized[],
): number {
  if (j.pre.population !== j.post.population || j.allowSelf) return 0;
  const size = pops[j.pre.population]?.size ?? 0;
  const at = (s: Projection["pre"], k: number): number =>
    s.indices === null ? k : (s.indices[k] ?? -1);
  const n = Math.min(
    j.pre.indices === null ? size : j.pre.indices.length,
    j.post.indices === null ? size : j.post.indices.length,
  );
  let count = 0;
  for (let k = 0; k < n; k++) if (at(j.pre, k) === at(j.post, k)) count++;
  return count;
}
