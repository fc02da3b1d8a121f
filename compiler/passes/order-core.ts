/**
 * Pass: order-core.
 *
 * Input: the checked populations and projections (IR form, declaration order).
 * Output: the {@link CoreLayout} (the order of the neurocorex_lif neurons on the core and the
 * spike sources that drive them), or null when the network has no core neurons.
 * Preconditions: populations and projections checked (selections in bounds, rules valid).
 * Reports: core-order-impossible.
 *
 * The core silently drops a recurrent connection from neuron m to neuron m - 1 (NEUROCOREX.md
 * 6.2.1). The order is the declaration order (populations in file order, imports first, then
 * members in order) unless that puts some recurrent connection onto its source's predecessor;
 * then a depth-first search that tries neurons in declaration order at each position finds the
 * first order (lexicographically, by declaration index) that avoids every such connection.
 * Connectivity drawn at random (fixed_probability, degree rules) counts every pair it could
 * produce, so the order does not depend on the seed. Self-connections are never dropped.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import type { CoreLayout, Population, PopulationSelection, Projection } from "../ir/index.js";

/** Search steps before giving up (the problem is a Hamiltonian path in general). */
const SEARCH_BUDGET = 1_000_000;

interface CoreNeuron {
  readonly population: number;
  readonly index: number;
}

function selected(sel: PopulationSelection, pops: readonly Population[]): number[] {
  if (sel.indices !== null) return [...sel.indices];
  const size = pops[sel.population]?.size ?? 0;
  return Array.from({ length: size }, (_, i) => i);
}

/** Every (pre, post) pair of population-local indices a projection could connect. */
export function possiblePairs(
  j: Projection,
  pops: readonly Population[],
): { pre: number; post: number }[] {
  const pre = selected(j.pre, pops);
  const post = selected(j.post, pops);
  const out: { pre: number; post: number }[] = [];
  const same = j.pre.population === j.post.population;
  switch (j.rule.kind) {
    case "one_to_one":
      pre.forEach((p, k) => {
        const q = post[k];
        if (q !== undefined) out.push({ pre: p, post: q });
      });
      return out;
    case "explicit": {
      const r = j.rule;
      r.pre.forEach((pi, k) => {
        const p = pre[pi];
        const q = post[r.post[k] ?? -1];
        if (p !== undefined && q !== undefined) out.push({ pre: p, post: q });
      });
      return out;
    }
    case "all_to_all":
    case "fixed_probability":
    case "fixed_indegree":
    case "fixed_outdegree":
      for (const p of pre)
        for (const q of post) if (!(same && p === q && !j.allowSelf)) out.push({ pre: p, post: q });
      return out;
    default: {
      const never: never = j.rule;
      return never;
    }
  }
}

/** Orders the core's neurons and lists its inputs (see the file header). */
export function orderCore(
  pops: readonly Population[],
  projections: readonly Projection[],
  sink: DiagnosticSink,
): CoreLayout | null {
  const neurons: CoreNeuron[] = [];
  const globalIndex = new Map<string, number>();
  for (const p of pops) {
    if (p.model.kind !== "neurocorex_lif") continue;
    for (let i = 0; i < p.size; i++) {
      globalIndex.set(`${p.id}:${i}`, neurons.length);
      neurons.push({ population: p.id, index: i });
    }
  }
  if (neurons.length === 0) return null;

  // forbidden[p] holds every c with a connection c -> p: c may not directly follow p.
  const forbidden = neurons.map(() => new Set<number>());
  const edgeOrigin = new Map<string, { span: Span; text: string }>();
  const isSource = (id: number): boolean => {
    const kind = pops[id]?.model.kind;
    return kind === "poisson" || kind === "spike_times";
  };
  const inputs = new Set<string>();
  const name = (pop: number, i: number): string => {
    const p = pops[pop];
    const member = p?.memberNames?.[i];
    return `${p?.name ?? "?"}${member !== undefined ? `.${member}` : `[${i}]`}`;
  };
  for (const j of projections) {
    const postCore = pops[j.post.population]?.model.kind === "neurocorex_lif";
    if (!postCore) continue;
    const preCore = pops[j.pre.population]?.model.kind === "neurocorex_lif";
    for (const { pre, post } of possiblePairs(j, pops)) {
      if (isSource(j.pre.population)) inputs.add(`${j.pre.population}:${pre}`);
      if (!preCore) continue;
      const c = globalIndex.get(`${j.pre.population}:${pre}`);
      const p = globalIndex.get(`${j.post.population}:${post}`);
      if (c === undefined || p === undefined || c === p) continue;
      forbidden[p]?.add(c);
      const key = `${c}>${p}`;
      if (!edgeOrigin.has(key))
        edgeOrigin.set(key, {
          span: j.origin,
          text: `${name(j.pre.population, pre)} -> ${name(j.post.population, post)}`,
        });
    }
  }

  const order = searchOrder(neurons.length, forbidden);
  if (order === null || order === "gave-up") {
    // Name the first connection the declaration order breaks.
    let culprit: { span: Span; text: string } | undefined;
    for (let k = 1; k < neurons.length && culprit === undefined; k++)
      if (forbidden[k - 1]?.has(k) === true) culprit = edgeOrigin.get(`${k}>${k - 1}`);
    if (culprit === undefined) culprit = [...edgeOrigin.values()][0];
    if (culprit !== undefined)
      sink.report({
        code: "core-order-impossible",
        span: culprit.span,
        format: { connection: culprit.text },
        notes:
          order === "gave-up"
            ? [`the search gave up after ${SEARCH_BUDGET} steps without finding an order`]
            : [],
      });
    return null;
  }
  const inputList = pops
    .filter((p) => isSource(p.id))
    .flatMap((p) =>
      Array.from({ length: p.size }, (_, i) => ({ population: p.id, index: i })).filter((n) =>
        inputs.has(`${n.population}:${n.index}`),
      ),
    );
  return { neurons: order.map((g) => neurons[g] as CoreNeuron), inputs: inputList };
}

/**
 * The first permutation of 0..n-1 (in lexicographic order) where no element c directly follows
 * an element p with c in forbidden[p]; null when none exists, "gave-up" past the budget.
 */
export function searchOrder(
  n: number,
  forbidden: readonly ReadonlySet<number>[],
): number[] | null | "gave-up" {
  // The declaration order is the first permutation: most networks keep it, with no search.
  let identity = true;
  for (let k = 1; k < n && identity; k++) if (forbidden[k - 1]?.has(k) === true) identity = false;
  if (identity) return Array.from({ length: n }, (_, i) => i);
  // A depth-first search with its own stack: recursing once per position overflowed the call
  // stack on a core population of some thousands of neurons (reported as "nests too deeply").
  const order: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  // next[d]: the first candidate still to try at position d
  const next: number[] = [0];
  let steps = 0;
  while (order.length < n) {
    const depth = order.length;
    const prev = order[depth - 1];
    let c = next[depth]!;
    while (c < n && (used[c] === true || (prev !== undefined && forbidden[prev]?.has(c) === true)))
      c++;
    if (c < n) {
      if (++steps > SEARCH_BUDGET) return "gave-up";
      next[depth] = c + 1;
      used[c] = true;
      order.push(c);
      next[depth + 1] = 0;
      continue;
    }
    // no candidate left here: back up one position
    if (depth === 0) return null;
    used[order.pop()!] = false;
  }
  return order;
}
