/**
 * The WebAssembly step loop: many steps of a network whose every part has a WebAssembly twin
 * (a SIMD kernel for each population, WebAssembly arrivals and stdp for each projection), in
 * one call, so no JS runs between steps. Spike sources (poisson, spike_times) depend on nothing
 * in the network: the JS side runs their kernels for the call's steps before it. Each step is the JS step's order (emit-module.ts):
 * the kernels in population order, storing each spike count in its history slot; the arrivals
 * in projection order; the stdp post sides in projection order; then the recording of the
 * step's spikes, in population order and ascending index, into a buffer the JS side empties
 * into the spike table after the call, and the spike counts of every population.
 *
 * The addresses known only once the synapses are drawn (spike histories, synapse arrays, traces)
 * and the history lengths are read from a frame in the memory, which the JS set-up writes.
 * A step whose spikes would overflow the buffer is left unrecorded and ends the call, with
 * `unrecorded` set: the JS side records it from the history ring, as its own step would.
 */
import { Body, I32, Op, u32, memarg } from "./encode.js";
import { STATIC_ARRAYS } from "./arrival.js";
import { ARRIVAL_ARRAYS, POST_ARRAYS } from "./stdp.js";

export interface LoopPopulation {
  readonly size: number;
  /**
   * Function index of its kernel (slot address → spike count), or null for a spike source whose
   * slots the JS side has filled for the call's steps before it (its count read from the slot).
   */
  readonly kernel: number | null;
  readonly recorded: boolean;
}

export interface LoopProjection {
  readonly pre: number;
  readonly delay: number;
  /** Function index of its arrivals. */
  readonly arrivals: number;
  /** Its stdp post side: the function index and the post population, or null (static). */
  readonly stdp: { readonly post: number; readonly fn: number } | null;
}

export interface StepLoopSpec {
  /** Byte offset of the frame (8-byte aligned). */
  readonly frame: number;
  readonly populations: readonly LoopPopulation[];
  readonly projections: readonly LoopProjection[];
}

/** Where each value of the frame is, as byte offsets. */
export interface FrameLayout {
  /** Spike counts since the JS side last took them, float64, one per population. */
  readonly counts: number;
  /** int32: entries in the buffer, its capacity, and its step, population and index arrays. */
  readonly entries: number;
  readonly capacity: number;
  readonly recStep: number;
  readonly recPop: number;
  readonly recIdx: number;
  /** int32: 1 when the call's last step was left unrecorded. */
  readonly unrecorded: number;
  /** int32 per population: its history ring's address and length in steps. */
  readonly history: (k: number) => number;
  readonly length: (k: number) => number;
  /** int32 per projection: its arrays, in the order its functions take them. */
  readonly arrays: (p: number) => number;
  /** The frame's size in int32 words. */
  readonly words: number;
}

/** A projection's arrays in the frame: what its arrivals take, then what its post side adds. */
export const STDP_ARRAYS: readonly string[] = [
  ...new Set<string>([...ARRIVAL_ARRAYS, ...POST_ARRAYS]),
];
export { STATIC_ARRAYS };

/**
 * The frame at byte `frame`: the float64 spike counts (one per population), then int32 words:
 * the buffer's fill and capacity, its three arrays' addresses, the unrecorded flag, each
 * population's history address and length, each projection's arrays (static: 3, stdp: 9).
 */
export function frameLayout(
  frame: number,
  populations: number,
  projections: readonly { readonly stdp: unknown }[],
): FrameLayout {
  const ints = frame + populations * 8;
  const fixed = 6;
  const arrayWords: number[] = [];
  let top = fixed + 2 * populations;
  for (const p of projections) {
    arrayWords.push(top);
    top += p.stdp === null ? STATIC_ARRAYS.length : STDP_ARRAYS.length;
  }
  return {
    counts: frame,
    entries: ints,
    capacity: ints + 4,
    recStep: ints + 8,
    recPop: ints + 12,
    recIdx: ints + 16,
    unrecorded: ints + 20,
    history: (k) => ints + (fixed + 2 * k) * 4,
    length: (k) => ints + (fixed + 2 * k + 1) * 4,
    arrays: (p) => ints + (arrayWords[p] ?? 0) * 4,
    words: 2 * populations + top,
  };
}

/** `run(T0, count)`: steps T0 + 1 .. T0 + count; returns how many it took. */
export function stepLoopBody(spec: StepLoopSpec): Body {
  const f = frameLayout(spec.frame, spec.populations.length, spec.projections);
  const b = new Body(2);
  const [T0, COUNT] = [0, 1];
  const T = b.local(I32);
  const end = b.local(I32);
  const rec = b.local(I32);
  const total = b.local(I32);
  const q = b.local(I32);
  const cnt = spec.populations.map(() => b.local(I32));
  const slot = spec.populations.map(() => b.local(I32));
  const cntOf = (k: number) => cnt[k] ?? 0;
  const slotOf = (k: number) => slot[k] ?? 0;
  const load = (at: number) => b.i32(0).op(Op.i32Load, ...memarg(at, 2));
  /** Pushes the address of population k's history slot of step `T − back`. */
  const slotAddress = (k: number, back: number) => {
    const size = spec.populations[k]?.size ?? 0;
    load(f.history(k));
    b.get(T);
    if (back !== 0) b.i32(back).op(Op.i32Sub);
    load(f.length(k));
    b.op(Op.i32RemU)
      .i32((size + 1) * 4)
      .op(Op.i32Mul, Op.i32Add);
  };
  /** Pushes the addresses of projection p's arrays `names`, from the frame. */
  const arrays = (p: number, names: readonly string[]) => {
    const all: readonly string[] = spec.projections[p]?.stdp === null ? STATIC_ARRAYS : STDP_ARRAYS;
    for (const name of names) load(f.arrays(p) + all.indexOf(name) * 4);
  };

  /** Before returning: the buffer's fill, and whether the last step was left unrecorded. */
  const leave = (unrecorded: 0 | 1) => {
    b.i32(0)
      .i32(unrecorded)
      .op(Op.i32Store, ...memarg(f.unrecorded, 2));
    b.i32(0)
      .get(rec)
      .op(Op.i32Store, ...memarg(f.entries, 2));
  };

  b.get(T0).set(T);
  b.get(T0).get(COUNT).op(Op.i32Add).set(end);
  load(f.entries).set(rec);
  b.op(Op.block, Op.void, Op.loop, Op.void);
  b.get(T).get(end).op(Op.i32GeS, Op.brIf, 1);
  b.get(T).i32(1).op(Op.i32Add).set(T);
  // the kernels, each storing its count after its spike indices; a source's count read there
  spec.populations.forEach((pop, k) => {
    slotAddress(k, 0);
    b.set(slotOf(k));
    if (pop.kernel === null) {
      b.get(slotOf(k))
        .op(Op.i32Load, ...memarg(pop.size * 4, 2))
        .set(cntOf(k));
      return;
    }
    b.get(slotOf(k));
    b.get(slotOf(k))
      .op(Op.call, ...u32(pop.kernel))
      .tee(cntOf(k));
    b.op(Op.i32Store, ...memarg(pop.size * 4, 2));
  });
  // the arrivals, of the pre population's spikes stamped T − delay
  spec.projections.forEach((pj, p) => {
    b.get(T).i32(pj.delay).op(Op.i32GeS, Op.if, Op.void);
    slotAddress(pj.pre, pj.delay);
    // (slot, rowPtr, post, w), or (slot, T, rowPtr, post, w, X, XL, Y, YL)
    if (pj.stdp === null) arrays(p, STATIC_ARRAYS);
    else {
      b.get(T);
      arrays(p, ARRIVAL_ARRAYS);
    }
    b.op(Op.call, ...u32(pj.arrivals), Op.end);
  });
  // the stdp post sides, of the post population's spikes stamped T
  spec.projections.forEach((pj, p) => {
    if (pj.stdp === null) return;
    // (slot, T, colPtr, colSynapses, w, X, XL, Y, YL)
    b.get(slotOf(pj.stdp.post)).get(T);
    arrays(p, POST_ARRAYS);
    b.op(Op.call, ...u32(pj.stdp.fn));
  });
  // the recording, all or nothing: a step that would overflow the buffer ends the call
  b.i32(0).set(total);
  spec.populations.forEach((pop, k) => {
    if (pop.recorded) b.get(total).get(cntOf(k)).op(Op.i32Add).set(total);
  });
  b.get(rec).get(total).op(Op.i32Add);
  load(f.capacity);
  b.op(Op.i32GtS, Op.if, Op.void);
  leave(1);
  b.get(T).get(T0).op(Op.i32Sub, Op.return, Op.end);
  spec.populations.forEach((pop, k) => {
    // counts[k] += cnt
    b.i32(0)
      .i32(0)
      .op(Op.f64Load, ...memarg(f.counts + k * 8, 3));
    b.get(cntOf(k)).op(Op.f64ConvertI32S, Op.f64Add, Op.f64Store, ...memarg(f.counts + k * 8, 3));
    if (!pop.recorded) return;
    b.i32(0).set(q);
    b.op(Op.block, Op.void, Op.loop, Op.void);
    b.get(q).get(cntOf(k)).op(Op.i32GeS, Op.brIf, 1);
    const entry = (at: number) => {
      load(at);
      b.get(rec).i32(2).op(Op.i32Shl, Op.i32Add);
    };
    entry(f.recStep);
    b.get(T).op(Op.i32Store, ...memarg(0, 2));
    entry(f.recPop);
    b.i32(k).op(Op.i32Store, ...memarg(0, 2));
    entry(f.recIdx);
    b.get(slotOf(k))
      .get(q)
      .i32(2)
      .op(Op.i32Shl, Op.i32Add, Op.i32Load, ...memarg(0, 2));
    b.op(Op.i32Store, ...memarg(0, 2));
    b.get(rec).i32(1).op(Op.i32Add).set(rec);
    b.get(q).i32(1).op(Op.i32Add).set(q);
    b.op(Op.br, 0, Op.end, Op.end);
  });
  b.op(Op.br, 0, Op.end, Op.end);
  leave(0);
  b.get(COUNT);
  return b;
}
