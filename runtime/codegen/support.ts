/**
 * Set-up helpers of the generated simulator that need no network-specific code. Embedded
 * verbatim (by `Function.prototype.toString`) into the generated modules: self-contained.
 */
import type { ProjectionCsr } from "../instantiate/generate.js";

/**
 * Slots of population k's spike history ring: 1 + the longest delay of any projection out of it
 * that goes through the event queue (so the spikes of every stamp still due are kept).
 */
export function historySlots(
  projections: readonly { readonly pre: { readonly population: number } }[],
  queue: readonly boolean[],
  built: readonly ProjectionCsr[],
  k: number,
): number {
  let d = 0;
  projections.forEach((p, id) => {
    if (p.pre.population !== k || queue[id] !== true) return;
    const b = built[id];
    if (b === undefined) return;
    if (b.delays === null) d = Math.max(d, b.delayConst);
    else for (let s = 0; s < b.delays.length; s++) d = Math.max(d, b.delays[s] ?? 0);
  });
  return d + 1;
}

/** Smallest and largest per-synapse delay of a projection (1, 1 when it has none). */
export function delayRange(b: ProjectionCsr): [number, number] {
  if (b.delays === null || b.delays.length === 0) return [b.delayConst || 1, b.delayConst || 1];
  let lo = 2147483647;
  let hi = 1;
  for (let s = 0; s < b.delays.length; s++) {
    const d = b.delays[s] ?? 1;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  return [lo, hi];
}

/** The transpose of a CSR projection: for post j, `cs[cp[j]..cp[j+1]]` are its synapses, ascending. */
export function buildCsc(b: ProjectionCsr, nPost: number): { cp: Int32Array; cs: Int32Array } {
  const n = b.post.length;
  const cp = new Int32Array(nPost + 1);
  for (let s = 0; s < n; s++) {
    const j = (b.post[s] ?? 0) + 1;
    cp[j] = (cp[j] ?? 0) + 1;
  }
  for (let j = 0; j < nPost; j++) cp[j + 1] = (cp[j + 1] ?? 0) + (cp[j] ?? 0);
  const fill = cp.slice(0, nPost);
  const cs = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const j = b.post[s] ?? 0;
    cs[fill[j] ?? 0] = s;
    fill[j] = (fill[j] ?? 0) + 1;
  }
  return { cp, cs };
}

/** The pre-synaptic index of every synapse (expanding the CSR rows). */
export function expandRows(rowPtr: Int32Array, n: number): Int32Array {
  const pre = new Int32Array(n);
  for (let i = 0; i + 1 < rowPtr.length; i++) pre.fill(i, rowPtr[i] ?? 0, rowPtr[i + 1] ?? 0);
  return pre;
}

/**
 * The part of every CSR row whose targets lie in `lo .. hi` (rows are sorted by target): row i's
 * synapses onto that range are `ra[i] .. rz[i]`, written into `ra` and `rz`.
 */
export function rowRangeInto(
  rowPtr: Int32Array,
  post: Int32Array,
  lo: number,
  hi: number,
  nPost: number,
  ra: Int32Array,
  rz: Int32Array,
): void {
  const firstAtLeast = (from: number, to: number, x: number) => {
    let a = from;
    let b = to;
    while (a < b) {
      const m = (a + b) >>> 1;
      if ((post[m] ?? 0) < x) a = m + 1;
      else b = m;
    }
    return a;
  };
  for (let i = 0; i + 1 < rowPtr.length; i++) {
    const from = rowPtr[i] ?? 0;
    const to = rowPtr[i + 1] ?? 0;
    const a = lo <= 0 ? from : firstAtLeast(from, to, lo);
    ra[i] = a;
    rz[i] = hi >= nPost ? to : firstAtLeast(a, to, hi);
  }
}

/**
 * A state array of a partitioned run, shared by both threads (each writes only its own neurons):
 * the first thread to ask (rank 0) copies `initial` into shared memory and keeps it in
 * `part.state` for the other; without a partition, `initial` itself.
 */
export function shareState<T extends Int32Array | Float64Array>(
  part: { state: Record<string, Int32Array | Float64Array> } | null,
  key: string,
  initial: T,
): T {
  if (part === null) return initial;
  const have = part.state[key];
  if (have !== undefined) return have as T;
  const copy = inSharedMemory(initial);
  part.state[key] = copy;
  return copy;
}

/** The array itself when it already lives in shared memory, else a copy that does. */
export function inSharedMemory<T extends Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy =
    a instanceof Int32Array
      ? new Int32Array(new SharedArrayBuffer(a.byteLength))
      : new Float64Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy as T;
}

/**
 * Waits until the other thread of a partitioned run has finished step `step` (`ctl[other] >=
 * step`): spins briefly (a step takes microseconds), then sleeps in short waits. False when the
 * run was stopped (`ctl[2]`, set by either thread) or the other thread made no progress for
 * `patienceMs` (then it stops the run itself).
 */
export function awaitPeer(
  ctl: Int32Array,
  other: number,
  step: number,
  patienceMs: number,
): boolean {
  for (let k = 0; k < 20000; k++) {
    if (Atomics.load(ctl, other) >= step) return true;
    if (Atomics.load(ctl, 2) !== 0) return false;
  }
  let last = Atomics.load(ctl, other);
  let since = Date.now();
  for (;;) {
    const seen = Atomics.load(ctl, other);
    if (seen >= step) return true;
    if (Atomics.load(ctl, 2) !== 0) return false;
    if (seen !== last) {
      last = seen;
      since = Date.now();
    } else if (Date.now() - since > patienceMs) {
      stopPartitionedRun(ctl);
      return false;
    }
    Atomics.wait(ctl, other, seen, 20);
  }
}

/** Stops both threads of a partitioned run (each checks `ctl[2]` while it waits). */
export function stopPartitionedRun(ctl: Int32Array): void {
  Atomics.store(ctl, 2, 1);
  Atomics.notify(ctl, 0);
  Atomics.notify(ctl, 1);
}

/**
 * The next share of the split neurons for thread 0, from the busy milliseconds of both threads
 * since the last balance: toward equal times (damped, within 10-90 %, unchanged below a 2 %
 * move, which would not pay for recomputing the rows' ranges). `shares`, when given, is used in
 * turn instead (tests move the split on purpose).
 */
export function nextShare(
  share: number,
  busy0: number,
  busy1: number,
  shares: readonly number[] | null,
  round: number,
): number {
  if (shares !== null && shares.length > 0) return shares[round % shares.length] ?? share;
  if (!(busy0 > 0) || !(busy1 > 0)) return share;
  const speed0 = share / busy0;
  const speed1 = (1 - share) / busy1;
  const ideal = speed0 / (speed0 + speed1);
  const next = Math.min(0.9, Math.max(0.1, share + 0.75 * (ideal - share)));
  return Math.abs(next - share) < 0.02 ? share : next;
}

/** The build warnings of a network's projections (those not drawn, null, count nothing). */
export function buildStats(proj: readonly (ProjectionCsr | null)[]): {
  wrongSign: { projection: number; count: number }[];
  clipped: { projection: number; count: number }[];
  delaysRaised: { projection: number; count: number }[];
} {
  const statOf = (f: (p: ProjectionCsr) => number) =>
    proj.flatMap((p, id) => (p !== null && f(p) > 0 ? [{ projection: id, count: f(p) }] : []));
  return {
    wrongSign: statOf((p) => p.wrongSign),
    clipped: statOf((p) => p.clipped),
    delaysRaised: statOf((p) => p.delaysRaised),
  };
}
