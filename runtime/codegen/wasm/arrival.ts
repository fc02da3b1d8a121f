/**
 * The WebAssembly twin of a static, one-delay projection's arrivals (emit-synapses.ts,
 * emitConstDelayArrival): for each spike of the pre population's history slot, in order, the
 * weight is added to the target current of each synapse of its row, in order: the same
 * additions as the JS loop, so the same bits.
 *
 * The function takes four byte addresses: the history slot (the spike indices, then their count
 * at `preSize`), and the CSR arrays `rowPtr`, `post` and `weights` (unused when the weight is
 * one constant). Those arrays are placed at run time, once the synapses are drawn; the target
 * array's place is known when the code is generated.
 */
import { Body, I32, Op, u32, memarg } from "./encode.js";

/** The arrays the function takes after the slot, by the names of their addresses in the JS. */
export const STATIC_ARRAYS = ["RP", "PO", "WO"] as const;

export interface ArrivalSpec {
  readonly preSize: number;
  /** Byte offset of the target current array (float64). */
  readonly target: number;
  /** The weight of every synapse, or null: per synapse, from the `weights` array. */
  readonly weight: number | null;
}

/** The arrival function's body: parameters (slot, rowPtr, post, weights), no result. */
export function arrivalBody(s: ArrivalSpec): Body {
  const b = new Body(4);
  const [SLOT, RP, PO, W] = [0, 1, 2, 3];
  const q = b.local(I32);
  const cnt = b.local(I32);
  const syn = b.local(I32);
  const end = b.local(I32);
  const at = b.local(I32);

  b.get(SLOT)
    .op(Op.i32Load, ...memarg(s.preSize * 4, 2))
    .set(cnt);
  b.i32(0).set(q);
  b.op(Op.block, Op.void, Op.loop, Op.void);
  b.get(q).get(cnt).op(Op.i32GeS, Op.brIf, 1);
  // the row of the spike's neuron: rowPtr[i] .. rowPtr[i + 1]
  b.get(RP)
    .get(SLOT)
    .get(q)
    .i32(2)
    .op(Op.i32Shl, Op.i32Add)
    .op(Op.i32Load, ...memarg(0, 2));
  b.i32(2).op(Op.i32Shl, Op.i32Add).tee(at);
  b.op(Op.i32Load, ...memarg(0, 2)).set(syn);
  b.get(at)
    .op(Op.i32Load, ...memarg(4, 2))
    .set(end);
  b.op(Op.block, Op.void, Op.loop, Op.void);
  b.get(syn).get(end).op(Op.i32GeS, Op.brIf, 1);
  // target[post[syn]] += weight
  b.get(PO)
    .get(syn)
    .i32(2)
    .op(Op.i32Shl, Op.i32Add)
    .op(Op.i32Load, ...memarg(0, 2));
  b.i32(3).op(Op.i32Shl).tee(at);
  b.get(at).op(Op.f64Load, ...memarg(s.target, 3));
  if (s.weight === null)
    b.get(W)
      .get(syn)
      .i32(3)
      .op(Op.i32Shl, Op.i32Add)
      .op(Op.f64Load, ...memarg(0, 3));
  else b.f64(s.weight);
  b.op(Op.f64Add).op(Op.f64Store, ...memarg(s.target, 3));
  b.get(syn).i32(1).op(Op.i32Add).set(syn);
  b.op(Op.br, 0, Op.end, Op.end);
  b.get(q).i32(1).op(Op.i32Add).set(q);
  b.op(Op.br, 0, Op.end, Op.end);
  return b;
}
