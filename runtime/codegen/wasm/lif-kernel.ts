/**
 * The WebAssembly SIMD twin of a `lif` kernel (runtime/codegen/emit-neurons.ts): the same
 * float64 operations in the same order, on two neurons per instruction and four per iteration,
 * so its state and spikes are the JS kernel's to the bit (test/runtime/simd-kernels.test.ts).
 * What it gains is the branch per neuron: a refractory neuron's new `v` is chosen with a bit
 * mask instead of a jump, and only a block of four with a spike in it leaves the vector path.
 *
 * The function takes the byte address of this step's slot in the population's spike history
 * (`H[base]`), writes the indices that spiked there in ascending order and returns their count.
 */
import { Body, I32, Op, Simd, V128, u32 } from "./encode.js";

/** A float64 per neuron: a constant, or an array at a byte offset of the memory. */
export type PerNeuron = { readonly constant: number } | { readonly array: number };

/** Everything one population's kernel needs: its constants and where its arrays are. */
export interface LifSimdSpec {
  readonly size: number;
  /** Byte offsets of `v`, `i_exc`, `i_inh` (float64) and the refractory counter (int32). */
  readonly v: number;
  readonly ie: number;
  readonly ii: number;
  readonly rf: number;
  readonly vRest: number;
  readonly vReset: number;
  readonly vTh: PerNeuron;
  readonly refSteps: number;
  readonly p22: number;
  readonly p21e: number;
  readonly p21i: number;
  readonly pe: number;
  readonly pi: number;
  /** The external current `p20 * (terms...)`, summed in this order; null without one. */
  readonly external: { readonly p20: number; readonly terms: readonly PerNeuron[] } | null;
}

/** The kernel's function body (one parameter: the history slot's byte address). */
export function lifKernelBody(s: LifSimdSpec): Body {
  const b = new Body(1);
  const HB = 0;
  const i = b.local(I32);
  const c = b.local(I32);
  const r = b.local(V128);
  const refractory = b.local(V128);
  const refractoryHalf = [b.local(V128), b.local(V128)] as const;
  const spiked = [b.local(V128), b.local(V128)] as const;
  const x = b.local(V128);
  const y = b.local(V128);
  const e = b.local(V128);
  const h = b.local(V128);

  // byte address of neuron i in a float64 (scale 3) or int32 (scale 2) array
  const index = (scale: number) => b.get(i).i32(scale).op(Op.i32Shl);
  const loadF64 = (offset: number) => index(3).simd(Simd.load, ...memarg(offset));
  const perNeuron = (p: PerNeuron, half: number) =>
    "constant" in p ? b.splat(p.constant) : loadF64(p.array + half);

  b.i32(0).set(i).i32(0).set(c);
  b.op(Op.loop, Op.void);
  // the refractory counters of four neurons; a lane of `refractory` is all ones where rf > 0
  index(2)
    .simd(Simd.load, ...memarg(s.rf))
    .set(r);
  b.get(r)
    .simd(Simd.const, ...new Array<number>(16).fill(0))
    .simd(Simd.i32x4GtS)
    .set(refractory);
  // rf - 1 where refractory (adding the all-ones lane, -1), unchanged elsewhere
  index(2)
    .get(r)
    .get(refractory)
    .simd(Simd.i32x4Add)
    .simd(Simd.store, ...memarg(s.rf));
  b.get(refractory).simd(Simd.i64x2ExtendLowI32x4S).set(refractoryHalf[0]);
  b.get(refractory).simd(Simd.i64x2ExtendHighI32x4S).set(refractoryHalf[1]);
  for (const half of [0, 1] as const) {
    const at = half * 16;
    loadF64(s.v + at).set(x);
    loadF64(s.ie + at).set(e);
    loadF64(s.ii + at).set(h);
    // vRest + p22 * (x - vRest) + p21e * e + p21i * h [+ p20 * (terms)], left to right as in JS
    b.splat(s.vRest).splat(s.p22).get(x).splat(s.vRest).simd(Simd.f64x2Sub);
    b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    b.splat(s.p21e).get(e).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    b.splat(s.p21i).get(h).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    if (s.external !== null) {
      b.splat(s.external.p20);
      s.external.terms.forEach((t, k) => {
        perNeuron(t, at);
        if (k > 0) b.simd(Simd.f64x2Add);
      });
      b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    }
    b.set(y);
    // spiked: v >= v_th and not refractory
    b.get(y);
    perNeuron(s.vTh, at);
    b.simd(Simd.f64x2Ge).get(refractoryHalf[half]).simd(Simd.andNot).set(spiked[half]);
    // a refractory neuron keeps its v (bitselect takes x where the mask is set)
    index(3).get(x).get(y).get(refractoryHalf[half]).simd(Simd.bitselect);
    b.simd(Simd.store, ...memarg(s.v + at));
    index(3)
      .get(e)
      .splat(s.pe)
      .simd(Simd.f64x2Mul)
      .simd(Simd.store, ...memarg(s.ie + at));
    index(3)
      .get(h)
      .splat(s.pi)
      .simd(Simd.f64x2Mul)
      .simd(Simd.store, ...memarg(s.ii + at));
  }
  // a spike among the four: reset, refractory and history, neuron by neuron in index order
  b.get(spiked[0]).get(spiked[1]).simd(Simd.or).simd(Simd.anyTrue).op(Op.if, Op.void);
  for (let lane = 0; lane < 4; lane++) {
    b.get(lane < 2 ? spiked[0] : spiked[1])
      .simd(Simd.i64x2ExtractLane, lane & 1)
      .op(Op.i32WrapI64);
    // the padding after the last neuron (the arrays are a whole number of blocks long)
    if (s.size % 4 !== 0 && lane >= s.size % 4)
      b.get(i).i32(lane).op(Op.i32Add).i32(s.size).op(Op.i32LtS).op(Op.i32And);
    b.op(Op.if, Op.void);
    index(3)
      .f64(s.vReset)
      .op(Op.f64Store, ...memarg(s.v + 8 * lane, 3));
    index(2)
      .i32(s.refSteps)
      .op(Op.i32Store, ...memarg(s.rf + 4 * lane, 2));
    b.get(HB).get(c).i32(2).op(Op.i32Shl).op(Op.i32Add);
    b.get(i)
      .i32(lane)
      .op(Op.i32Add)
      .op(Op.i32Store, ...memarg(0, 2));
    b.get(c).i32(1).op(Op.i32Add).set(c);
    b.op(Op.end);
  }
  b.op(Op.end);
  b.get(i).i32(4).op(Op.i32Add).tee(i).i32(s.size).op(Op.i32LtS).op(Op.brIf, 0);
  b.op(Op.end);
  b.get(c);
  return b;
}

/** A load's or store's memory argument: alignment (log2, 16 bytes by default) and offset. */
function memarg(offset: number, alignLog2 = 4): number[] {
  return [...u32(alignLog2), ...u32(offset)];
}
