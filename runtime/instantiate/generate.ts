/**
 * THE generator of a network's random and rule-based structure: synapses (as compressed sparse
 * rows), weights, delays, gap-junction pairs, initial values and per-neuron parameters. Both
 * `instantiateNetwork` (for exports and tests) and the simulator (in memory and in the modules the
 * JS backend writes) build through these functions, so every consumer sees the same network.
 *
 * Order of draws (SPEC §7): connectivity is drawn per projection from the stream
 * ("connectivity", projection name) in the rule's natural order (pre-major for all_to_all,
 * fixed_probability and fixed_outdegree; post-major for fixed_indegree); the synapses are then put
 * in (pre, post) order (population-local indices, stable for multapses), which is "synapse order"
 * everywhere (CSR rows, arrival order, weights.csv). Weights and delays are drawn in synapse order
 * from ("weights", name) and ("delays", name). Gap conductances from ("gap", name) in pair order;
 * initial values from ("init", "pop.var") and per-neuron parameters from ("params", "pop.param") in
 * neuron order.
 *
 * These functions are embedded verbatim (by `Function.prototype.toString`) into the self-contained
 * ES modules of the JS backend: they may call each other, the two IR queries bound below and the
 * `stream` factory they are given, and name nothing else (no other binding, no import).
 */
import type {
  GapJunction,
  Network,
  PerNeuronValue,
  Population,
  Projection,
  ValueExpr,
} from "../../compiler/ir/index.js";
import type { RandomStream } from "../random/index.js";
import { isRandomValueExpr as irIsRandomValueExpr } from "../../compiler/ir/value-expr.js";
import { toSteps as gridToSteps } from "../../compiler/ir/time-grid.js";

// The IR's queries that the functions below call, bound under their own names in this module:
// the functions here are embedded by their text, which may name only this module's bindings (a
// module loader rewrites an imported name, vitest's into `__vite_ssr_import_1__.toSteps`); the
// generated module gets these two, and `roundHalfAway` that `toSteps` calls, from their text.
export const isRandomValueExpr = irIsRandomValueExpr;
export const toSteps = gridToSteps;

/** Creates the stream for a purpose and declaration name (bound to the run's seed). */
export type StreamFactory = (purpose: string, name: string) => RandomStream;

/** One projection's synapses in CSR form over the pre population's local indices. */
export interface ProjectionCsr {
  /** `rowPtr[i]..rowPtr[i+1]` are the synapses of pre neuron i (length: pre population size + 1). */
  readonly rowPtr: Int32Array;
  /** Post-population-local target of each synapse. */
  readonly post: Int32Array;
  /** Per-synapse weights (SI or core integers), or null when all equal `weightConst`. */
  readonly weights: Float64Array | null;
  readonly weightConst: number;
  /** Per-synapse delays in steps (>= 1), or null when all equal `delayConst`. */
  readonly delays: Int32Array | null;
  readonly delayConst: number;
  /** Drawn weights of the wrong sign for the receptor, set to 0 (SPEC §3). */
  readonly wrongSign: number;
  /** Initial weights clipped into [w_min, w_max] of an stdp rule (SPEC §5). */
  readonly clipped: number;
  /** Drawn delays below one step, raised to one step. */
  readonly delaysRaised: number;
}

/** One gap junction's unordered pairs (population-local indices) and conductances (S). */
export interface GapPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly g: Float64Array;
}

/**
 * Evaluates a value expression once, drawing from `rng` depth-first, left to right
 * (`uniform(a, b)` = a + (b − a)·u; `normal(m, s)` = m + s·z).
 */
export function evalValue(e: ValueExpr, rng: RandomStream | null): number {
  switch (e.kind) {
    case "const":
      return e.value;
    case "uniform": {
      const lo = evalValue(e.low, rng);
      const hi = evalValue(e.high, rng);
      const u = rng === null ? 0.5 : rng.uniform();
      return lo + (hi - lo) * u;
    }
    case "normal": {
      const m = evalValue(e.mean, rng);
      const s = evalValue(e.sd, rng);
      return rng === null ? m : m + s * rng.normal();
    }
    case "binary": {
      const l = evalValue(e.left, rng);
      const r = evalValue(e.right, rng);
      if (e.op === "+") return l + r;
      if (e.op === "-") return l - r;
      if (e.op === "*") return l * r;
      if (e.op === "/") return l / r;
      return Math.pow(l, r);
    }
    case "neg":
      return -evalValue(e.operand, rng);
    case "call": {
      const xs: number[] = [];
      for (const a of e.args) xs.push(evalValue(a, rng));
      const x = xs[0] ?? 0;
      if (e.fn === "exp") return Math.exp(x);
      if (e.fn === "log") return Math.log(x);
      if (e.fn === "sqrt") return Math.sqrt(x);
      if (e.fn === "abs") return Math.abs(x);
      if (e.fn === "min") return Math.min(...xs);
      return Math.max(...xs);
    }
  }
}

/**
 * A delay of `k` whole steps as the simulator keeps it in a run of `steps`: at least one step,
 * and at most `steps + 1` (a spike delayed past the run's end never arrives, however much later;
 * the bound keeps the history rings no longer than the run and the count inside 32 bits).
 */
export function keptDelay(k: number, steps: number): number {
  return k < 1 ? 1 : k > steps + 1 ? steps + 1 : k;
}

/** The population-local indices of a selection (in its written order). */
export function selectionIndices(
  sel: { readonly indices: readonly number[] | null },
  size: number,
): Int32Array {
  if (sel.indices === null) {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = i;
    return out;
  }
  return Int32Array.from(sel.indices);
}

/** A growable Int32 buffer used only while building (never in the step loop). @internal */
export function pushPair(
  buf: { pre: Int32Array; post: Int32Array; n: number },
  i: number,
  j: number,
) {
  if (buf.n === buf.pre.length) {
    const cap = Math.max(16, buf.pre.length * 2);
    const p = new Int32Array(cap);
    p.set(buf.pre);
    const q = new Int32Array(cap);
    q.set(buf.post);
    buf.pre = p;
    buf.post = q;
  }
  buf.pre[buf.n] = i;
  buf.post[buf.n] = j;
  buf.n++;
}

/** k distinct values of [0, n) (Floyd's algorithm), or k with repeats when `multapses`. @internal */
export function chooseK(rng: RandomStream, n: number, k: number, multapses: boolean): number[] {
  const out: number[] = [];
  if (multapses) {
    for (let r = 0; r < k; r++) out.push(rng.below(n));
    return out;
  }
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.below(j + 1);
    if (chosen.has(t)) {
      chosen.add(j);
      out.push(j);
    } else {
      chosen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** Whether every element is larger than the one before it. @internal */
export function strictlyAscending(a: Int32Array): boolean {
  for (let i = 1; i < a.length; i++) if ((a[i - 1] ?? 0) >= (a[i] ?? 0)) return false;
  return true;
}

/**
 * The sparse fixed-probability draw (geometric skipping: O(synapses), not O(N·M)): for each pre
 * `A[a]` in order, the targets drawn among `B` go into `post` and their number into `counts[a]`.
 * Only the targets are stored: when both selections ascend they are already the CSR's, and at
 * millions of synapses an array of sources cost a fifth of the set-up (its fresh memory is
 * mapped page by page on first write). Returns the targets, grown if the draw ran past their
 * capacity, and their count. @internal
 */
export function drawSparseRows(
  rng: RandomStream,
  logQ: number,
  A: Int32Array,
  B: Int32Array,
  noSelf: boolean,
  post: Int32Array,
  counts: Int32Array,
): { post: Int32Array; n: number } {
  const nb = B.length;
  // The gaps come in batches (geometricInto); draws left over at the end are never used, and
  // nothing else draws from this projection's connectivity stream.
  const gaps = new Int32Array(4096);
  let g = gaps.length;
  let out = post;
  let n = 0;
  for (let a = 0; a < A.length; a++) {
    const ia = A[a] ?? 0;
    const first = n;
    let b = -1;
    for (;;) {
      if (g === gaps.length) {
        rng.geometricInto(logQ, gaps, gaps.length);
        g = 0;
      }
      b += 1 + (gaps[g++] ?? 0);
      if (b >= nb) break;
      const jb = B[b] ?? 0;
      if (noSelf && ia === jb) continue;
      if (n === out.length) {
        const grown = new Int32Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[n] = jb;
      n++;
    }
    counts[a] = n - first;
  }
  return { post: out, n };
}

/**
 * Names for declarations by their keys (a spelling, or two sides): a key held once is the name;
 * declarations sharing a key are named by it and by `content(k)` instead of their position, with
 * `#k` only among identical ones, so that reordering declarations does not change a network
 * (SPEC §7).
 */
export function namesByContent(keys: readonly string[], content: (k: number) => string): string[] {
  const names = keys.slice();
  const groups = new Map<string, number[]>();
  keys.forEach((key, k) => {
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [k]);
    else group.push(k);
  });
  groups.forEach((ids, key) => {
    if (ids.length < 2) return;
    const seen = new Map<string, number>();
    for (const k of ids) {
      const c = content(k);
      const repeat = (seen.get(c) ?? 0) + 1;
      seen.set(c, repeat);
      names[k] = key + "#" + c + (repeat > 1 ? "#" + repeat : "");
    }
  });
  return names;
}

/**
 * The names the random streams (connectivity, weights, delays) of every projection use, by
 * projection id: its own name (`PRE->POST`) when no other projection has that spelling.
 * Projections sharing a spelling would be `PRE->POST#2`, ... by position, which a reordering of
 * the file swaps; their streams are named by the spelling and the declaration's content (rule,
 * weight, delay, receptor, plasticity rule, allow_self, allow_multapses) instead
 * (namesByContent). All at once: a network may have thousands of projections.
 */
export function projectionStreamNames(network: Network): string[] {
  const spellings = network.projections.map((p) => p.name.replace(/#[0-9]+$/, ""));
  return namesByContent(spellings, (k) => {
    const p = network.projections[k] as Projection;
    return JSON.stringify(
      {
        rule: p.rule,
        allowSelf: p.allowSelf,
        allowMultapses: p.allowMultapses,
        weight: p.weight,
        delay: p.delay,
        receptor: p.receptor,
        plasticity: p.plasticity === null ? null : (network.plasticity[p.plasticity] ?? null),
      },
      // ids, names and source positions follow the declarations' order, not their content
      (key, value: unknown) =>
        key === "id" || key === "name" || key === "origin" ? undefined : value,
    );
  });
}

/**
 * Draws the connectivity of a projection as (pre, post) pairs of population-local indices and,
 * for explicit rules, the edge each pair came from; or, for a sparse draw in CSR order, the
 * targets and the row pointers (`rowPtr`, with `pre` null).
 */
export function generatePairs(
  network: Network,
  proj: Projection,
  streamName: string,
  stream: StreamFactory,
  shared = false,
): {
  pre: Int32Array | null;
  post: Int32Array;
  edge: Int32Array | null;
  n: number;
  rowPtr: Int32Array | null;
} {
  const prePop = network.populations[proj.pre.population] as Population;
  const postPop = network.populations[proj.post.population] as Population;
  const A = selectionIndices(proj.pre, prePop.size);
  const B = selectionIndices(proj.post, postPop.size);
  const samePop = proj.pre.population === proj.post.population;
  const noSelf = samePop && !proj.allowSelf;
  const buf: { pre: Int32Array; post: Int32Array; n: number } = {
    pre: new Int32Array(16),
    post: new Int32Array(16),
    n: 0,
  };
  const rule = proj.rule;
  if (rule.kind === "explicit") {
    const n = rule.pre.length;
    const edge = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      pushPair(buf, A[rule.pre[e] ?? 0] ?? 0, B[rule.post[e] ?? 0] ?? 0);
      edge[e] = e;
    }
    return { pre: buf.pre, post: buf.post, edge, n: buf.n, rowPtr: null };
  }
  const rng = stream("connectivity", streamName);
  if (rule.kind === "all_to_all") {
    for (let a = 0; a < A.length; a++)
      for (let b = 0; b < B.length; b++) {
        if (noSelf && A[a] === B[b]) continue;
        pushPair(buf, A[a] ?? 0, B[b] ?? 0);
      }
  } else if (rule.kind === "one_to_one") {
    // allow_self applies to every generated rule (SPEC §4): a pair of a neuron with itself is
    // dropped unless allowed
    const n = Math.min(A.length, B.length);
    for (let a = 0; a < n; a++) {
      if (noSelf && A[a] === B[a]) continue;
      pushPair(buf, A[a] ?? 0, B[a] ?? 0);
    }
  } else if (rule.kind === "fixed_probability") {
    const p = rule.p;
    if (p >= 1) {
      for (let a = 0; a < A.length; a++)
        for (let b = 0; b < B.length; b++) {
          if (noSelf && A[a] === B[b]) continue;
          pushPair(buf, A[a] ?? 0, B[b] ?? 0);
        }
    } else if (p > 0) {
      // Reserve the expected count (+5σ) up front; the targets become the CSR's `post` as they
      // are when they come in order (see buildProjection).
      const expected = p * A.length * B.length;
      const cap = Math.ceil(expected + 5 * Math.sqrt(expected) + 16);
      const post = shared ? new Int32Array(new SharedArrayBuffer(4 * cap)) : new Int32Array(cap);
      const counts = new Int32Array(A.length);
      const drawn = drawSparseRows(rng, Math.log(1 - p), A, B, noSelf, post, counts);
      if (strictlyAscending(A) && strictlyAscending(B)) {
        const rows = new Int32Array(prePop.size + 1);
        for (let a = 0; a < A.length; a++) rows[(A[a] ?? 0) + 1] = counts[a] ?? 0;
        for (let i = 0; i < prePop.size; i++) rows[i + 1] = (rows[i + 1] ?? 0) + (rows[i] ?? 0);
        return { pre: null, post: drawn.post, edge: null, n: drawn.n, rowPtr: rows };
      }
      const pre = new Int32Array(drawn.n);
      for (let a = 0, s = 0; a < A.length; s += counts[a] ?? 0, a++)
        pre.fill(A[a] ?? 0, s, s + (counts[a] ?? 0));
      return { pre, post: drawn.post, edge: null, n: drawn.n, rowPtr: null };
    }
  } else if (rule.kind === "fixed_indegree") {
    for (let b = 0; b < B.length; b++) {
      const self = noSelf ? A.indexOf(B[b] ?? -1) : -1;
      const pool = self >= 0 ? A.length - 1 : A.length;
      const k = Math.min(rule.k, proj.allowMultapses ? rule.k : pool);
      if (pool <= 0) continue;
      for (const r of chooseK(rng, pool, k, proj.allowMultapses)) {
        const a = self >= 0 && r >= self ? r + 1 : r;
        pushPair(buf, A[a] ?? 0, B[b] ?? 0);
      }
    }
  } else {
    for (let a = 0; a < A.length; a++) {
      const self = noSelf ? B.indexOf(A[a] ?? -1) : -1;
      const pool = self >= 0 ? B.length - 1 : B.length;
      const k = Math.min(rule.k, proj.allowMultapses ? rule.k : pool);
      if (pool <= 0) continue;
      for (const r of chooseK(rng, pool, k, proj.allowMultapses)) {
        const b = self >= 0 && r >= self ? r + 1 : r;
        pushPair(buf, A[a] ?? 0, B[b] ?? 0);
      }
    }
  }
  return { pre: buf.pre, post: buf.post, edge: null, n: buf.n, rowPtr: null };
}

/**
 * Row pointers of the pairs `(pre[e], post[e])`, e < n, into `rowPtr` (zeroed, one longer than
 * the pre population), and whether the pairs are already in (pre, post) order. A function of its
 * own so that V8 optimises this loop by itself: inside buildProjection, the code after it
 * (never run when the loop was optimised on the stack) threw the optimised code away. @internal
 */
export function countRows(
  pre: Int32Array,
  post: Int32Array,
  n: number,
  rowPtr: Int32Array,
): boolean {
  let inOrder = true;
  for (let e = 0; e < n; e++) {
    const r = (pre[e] ?? 0) + 1;
    rowPtr[r] = (rowPtr[r] ?? 0) + 1;
    if (e > 0 && inOrder) {
      const a = pre[e - 1] ?? 0;
      const b = pre[e] ?? 0;
      if (a > b || (a === b && (post[e - 1] ?? 0) > (post[e] ?? 0))) inOrder = false;
    }
  }
  for (let i = 0; i + 1 < rowPtr.length; i++)
    rowPtr[i + 1] = (rowPtr[i + 1] ?? 0) + (rowPtr[i] ?? 0);
  return inOrder;
}

/**
 * Builds one projection: connectivity, then weights and delays in synapse order, drawn from the
 * streams named `streamName` (projectionStreamNames). Weights onto
 * the wrong receptor are set to 0 when drawn (random expression); stdp weights are clipped into
 * [w_min, w_max]; drawn delays below one step become one step.
 */
export function buildProjection(
  network: Network,
  proj: Projection,
  streamName: string,
  stream: StreamFactory,
  shared = false,
): ProjectionCsr {
  const prePop = network.populations[proj.pre.population] as Population;
  const pairs = generatePairs(network, proj, streamName, stream, shared);
  const n = pairs.n;
  // Counting sort by pre, then by post within each row (stable: multapses keep their order).
  // Rules that generate pre-major with ascending posts (the common case) are already in order;
  // a sparse draw in CSR order has counted its rows itself.
  const pp = pairs.pre ?? new Int32Array(0);
  const pq = pairs.post;
  const rowPtr = pairs.rowPtr ?? new Int32Array(prePop.size + 1);
  const inOrder = pairs.rowPtr !== null || countRows(pp, pq, n, rowPtr);
  let order: Int32Array | null = null;
  let post: Int32Array;
  if (inOrder) post = pq.subarray(0, n);
  else {
    const fill = rowPtr.slice(0, prePop.size);
    const ord = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      const i = pp[e] ?? 0;
      ord[fill[i] ?? 0] = e;
      fill[i] = (fill[i] ?? 0) + 1;
    }
    post = new Int32Array(n);
    for (let s = 0; s < n; s++) post[s] = pq[ord[s] ?? 0] ?? 0;
    for (let i = 0; i < prePop.size; i++) {
      const lo = rowPtr[i] ?? 0;
      const hi = rowPtr[i + 1] ?? 0;
      let sorted = true;
      for (let s = lo + 1; s < hi; s++) if ((post[s - 1] ?? 0) > (post[s] ?? 0)) sorted = false;
      if (sorted) continue;
      const idx: number[] = [];
      for (let s = lo; s < hi; s++) idx.push(ord[s] ?? 0);
      idx.sort((x, y) => (pq[x] ?? 0) - (pq[y] ?? 0) || x - y);
      for (let s = lo; s < hi; s++) {
        ord[s] = idx[s - lo] ?? 0;
        post[s] = pq[ord[s] ?? 0] ?? 0;
      }
    }
    order = ord;
  }
  const rule = proj.rule;
  const explicit = rule.kind === "explicit" ? rule : null;
  const edgeOf = (s: number) => {
    const e = order === null ? s : (order[s] ?? 0);
    return pairs.edge === null ? e : (pairs.edge[e] ?? 0);
  };

  // Weights.
  const plastic = proj.plasticity === null ? null : (network.plasticity[proj.plasticity] ?? null);
  const stdp = plastic !== null && plastic.kind === "stdp" ? plastic : null;
  const randomW = isRandomValueExpr(proj.weight);
  const perEdgeW =
    explicit !== null && (explicit.weights !== undefined || explicit.weightScale !== undefined);
  let weights: Float64Array | null = null;
  let weightConst = evalValue(proj.weight, null);
  let wrongSign = 0;
  let clipped = 0;
  if (randomW || perEdgeW || plastic !== null) {
    weights = shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
    const rng = randomW ? stream("weights", streamName) : null;
    for (let s = 0; s < n; s++) {
      const e = edgeOf(s);
      let w: number;
      if (explicit !== null && explicit.weights !== undefined) w = explicit.weights[e] ?? 0;
      else {
        w = evalValue(proj.weight, rng);
        if (explicit !== null && explicit.weightScale !== undefined)
          w = w * (explicit.weightScale[e] ?? 1);
      }
      if (randomW && (proj.receptor === "exc" ? w < 0 : w > 0)) {
        w = 0;
        wrongSign++;
      }
      if (stdp !== null && (w < stdp.w_min || w > stdp.w_max)) {
        w = w < stdp.w_min ? stdp.w_min : stdp.w_max;
        clipped++;
      }
      weights[s] = w;
    }
    weightConst = 0;
  }

  // Delays.
  const dt = network.dt;
  const randomD = isRandomValueExpr(proj.delay);
  const perEdgeD = explicit !== null && explicit.delays !== undefined;
  let delays: Int32Array | null = null;
  let delayConst = keptDelay(toSteps(evalValue(proj.delay, null), dt), network.steps);
  let delaysRaised = 0;
  if (randomD || perEdgeD) {
    delays = shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
    const rng = randomD ? stream("delays", streamName) : null;
    for (let s = 0; s < n; s++) {
      const d =
        explicit !== null && explicit.delays !== undefined
          ? (explicit.delays[edgeOf(s)] ?? dt)
          : evalValue(proj.delay, rng);
      const k = toSteps(d, dt);
      if (k < 1) delaysRaised++;
      delays[s] = keptDelay(k, network.steps);
    }
    delayConst = 0;
  }
  return {
    rowPtr,
    post,
    weights,
    weightConst,
    delays,
    delayConst,
    wrongSign,
    clipped,
    delaysRaised,
  };
}

/**
 * The names the streams of every gap junction use, by gap id: `A<->B` for whole populations,
 * with the selected neurons listed when a side is a selection (`touch[ALML, AVM]<->inter[0, 1]`:
 * member names, or indices); gaps of the same sides add their content (rule and conductance:
 * namesByContent), so two gaps keep their draws when their declarations swap places (SPEC §7).
 */
export function gapStreamNames(network: Network): string[] {
  const side = (s: GapJunction["a"]) => {
    const pop = network.populations[s.population];
    const name = pop?.name ?? "?";
    if (s.indices === null) return name;
    const names = pop?.memberNames ?? null;
    return (
      name +
      "[" +
      s.indices.map((i) => (names === null ? String(i) : (names[i] ?? String(i)))).join(", ") +
      "]"
    );
  };
  const sides = network.gaps.map((g) => side(g.a) + "<->" + side(g.b));
  return namesByContent(sides, (k) => {
    const g = network.gaps[k] as GapJunction;
    return JSON.stringify({ rule: g.rule, conductance: g.conductance }, (key, value: unknown) =>
      key === "id" || key === "origin" ? undefined : value,
    );
  });
}

/**
 * Builds one gap junction's unordered pairs, each exactly once, and their conductances (drawn
 * from the stream named `streamName`: gapStreamNames).
 */
export function buildGap(
  network: Network,
  gapId: number,
  streamName: string,
  stream: StreamFactory,
): GapPairs {
  const gap = network.gaps[gapId] as GapJunction;
  const popA = network.populations[gap.a.population] as Population;
  const popB = network.populations[gap.b.population] as Population;
  const A = selectionIndices(gap.a, popA.size);
  const B = selectionIndices(gap.b, popB.size);
  const same = gap.a.population === gap.b.population;
  const as: number[] = [];
  const bs: number[] = [];
  const scale: number[] = [];
  const seen = new Set<number>();
  const add = (a: number, b: number, sc: number) => {
    if (same) {
      if (a === b) return;
      const key = a < b ? a * popA.size + b : b * popA.size + a;
      if (seen.has(key)) return;
      seen.add(key);
    }
    as.push(a);
    bs.push(b);
    scale.push(sc);
  };
  const rule = gap.rule;
  if (rule.kind === "all_pairs") {
    for (let i = 0; i < A.length; i++)
      for (let j = 0; j < B.length; j++) add(A[i] ?? 0, B[j] ?? 0, 1);
  } else if (rule.kind === "one_to_one") {
    for (let i = 0; i < Math.min(A.length, B.length); i++) add(A[i] ?? 0, B[i] ?? 0, 1);
  } else {
    for (let e = 0; e < rule.a.length; e++)
      add(
        A[rule.a[e] ?? 0] ?? 0,
        B[rule.b[e] ?? 0] ?? 0,
        rule.conductanceScale === undefined ? 1 : (rule.conductanceScale[e] ?? 1),
      );
  }
  const random = isRandomValueExpr(gap.conductance);
  const rng = random ? stream("gap", streamName) : null;
  const g = new Float64Array(as.length);
  for (let p = 0; p < as.length; p++) {
    const v = evalValue(gap.conductance, rng);
    g[p] = (scale[p] ?? 1) === 1 ? v : v * (scale[p] ?? 1);
  }
  return { a: Int32Array.from(as), b: Int32Array.from(bs), g };
}

/** Values of a per-neuron quantity (`init` or a per-neuron parameter), drawn in neuron order. */
export function perNeuronValues(
  value: PerNeuronValue,
  size: number,
  stream: StreamFactory,
  purpose: string,
  name: string,
): Float64Array {
  const out = new Float64Array(size);
  if (value.kind === "values") {
    for (let i = 0; i < size; i++) out[i] = value.values[i] ?? 0;
    return out;
  }
  const rng = isRandomValueExpr(value.expr) ? stream(purpose, name) : null;
  for (let i = 0; i < size; i++) out[i] = evalValue(value.expr, rng);
  return out;
}

/** The per-neuron parameter arrays of a population (only parameters listed in `perNeuron`). */
export function buildParams(pop: Population, stream: StreamFactory): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const key of Object.keys(pop.perNeuron).sort()) {
    const v = pop.perNeuron[key];
    if (v !== undefined)
      out[key] = perNeuronValues(v, pop.size, stream, "params", pop.name + "." + key);
  }
  return out;
}

/**
 * The initial state of a population in SI (volts, amperes; core units for neurocorex_lif):
 * `lif` v = v_rest, `izhikevich` v = c and u = b·v (with v in mV, so u in mV, stored in volts),
 * currents 0, unless `init` says otherwise.
 */
export function buildInit(
  pop: Population,
  params: Record<string, Float64Array>,
  stream: StreamFactory,
): Record<string, Float64Array> {
  const n = pop.size;
  const out: Record<string, Float64Array> = {};
  const given = (k: string) => pop.init[k];
  const fill = (key: string, base: number, perNeuron: Float64Array | undefined) => {
    const g = given(key);
    if (g !== undefined) out[key] = perNeuronValues(g, n, stream, "init", pop.name + "." + key);
    else {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = perNeuron === undefined ? base : (perNeuron[i] ?? base);
      out[key] = a;
    }
  };
  const m = pop.model;
  if (m.kind === "lif") {
    fill("v", m.params.v_rest, params["v_rest"]);
    fill("i_exc", 0, undefined);
    fill("i_inh", 0, undefined);
  } else if (m.kind === "izhikevich") {
    fill("v", m.params.c, params["c"]);
    fill("i_exc", 0, undefined);
    fill("i_inh", 0, undefined);
    if (given("u") !== undefined) fill("u", 0, undefined);
    else {
      const v = out["v"] as Float64Array;
      const b = params["b"];
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) u[i] = (b === undefined ? m.params.b : (b[i] ?? 0)) * (v[i] ?? 0);
      out["u"] = u;
    }
  } else if (m.kind === "neurocorex_lif") {
    out["v"] = new Float64Array(n);
  }
  return out;
}

/**
 * The events of a spike_times population sorted by (stamp, neuron): stamp = round(t / dt);
 * events outside [0, steps] are dropped (the checker warns about them).
 */
export function spikeTimeEvents(
  times: readonly (readonly number[])[],
  dt: number,
  steps: number,
): { stamp: Int32Array; index: Int32Array } {
  const ev: [number, number][] = [];
  times.forEach((list, i) => {
    for (const t of list) {
      const k = toSteps(t, dt);
      if (k >= 0 && k <= steps) ev.push([k, i]);
    }
  });
  ev.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return {
    stamp: Int32Array.from(ev.map((e) => e[0])),
    index: Int32Array.from(ev.map((e) => e[1])),
  };
}
