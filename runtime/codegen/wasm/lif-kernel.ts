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
import { Op, Simd, V128, memarg } from "./encode.js";
import type { Body } from "./encode.js";
import { BlockKernel, type PerNeuron } from "./kernel-parts.js";

export type { PerNeuron } from "./kernel-parts.js";

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
  const k = new BlockKernel(s.size);
  const b = k.b;
  const r = b.local(V128);
  const refractory = b.local(V128);
  const refractoryHalf = [b.local(V128), b.local(V128)] as const;
  const x = b.local(V128);
  const y = b.local(V128);
  const e = b.local(V128);
  const h = b.local(V128);

  k.begin();
  // the refractory counters of four neurons; a lane of `refractory` is all ones where rf > 0
  k.index(2)
    .simd(Simd.load, ...memarg(s.rf))
    .set(r);
  b.get(r)
    .simd(Simd.const, ...new Array<number>(16).fill(0))
    .simd(Simd.i32x4GtS)
    .set(refractory);
  // rf - 1 where refractory (adding the all-ones lane, -1), unchanged elsewhere
  k.index(2)
    .get(r)
    .get(refractory)
    .simd(Simd.i32x4Add)
    .simd(Simd.store, ...memarg(s.rf));
  b.get(refractory).simd(Simd.i64x2ExtendLowI32x4S).set(refractoryHalf[0]);
  b.get(refractory).simd(Simd.i64x2ExtendHighI32x4S).set(refractoryHalf[1]);
  for (const half of [0, 1] as const) {
    const at = half * 16;
    k.load(s.v + at).set(x);
    k.load(s.ie + at).set(e);
    k.load(s.ii + at).set(h);
    // vRest + p22 * (x - vRest) + p21e * e + p21i * h [+ p20 * (terms)], left to right as in JS
    b.splat(s.vRest).splat(s.p22).get(x).splat(s.vRest).simd(Simd.f64x2Sub);
    b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    b.splat(s.p21e).get(e).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    b.splat(s.p21i).get(h).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    if (s.external !== null) {
      b.splat(s.external.p20);
      s.external.terms.forEach((t, n) => {
        k.operand(t, half);
        if (n > 0) b.simd(Simd.f64x2Add);
      });
      b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    }
    b.set(y);
    // spiked: v >= v_th and not refractory
    b.get(y);
    k.operand(s.vTh, half);
    b.simd(Simd.f64x2Ge).get(refractoryHalf[half]).simd(Simd.andNot).set(k.spiked[half]);
    // a refractory neuron keeps its v (bitselect takes x where the mask is set)
    k.index(3).get(x).get(y).get(refractoryHalf[half]).simd(Simd.bitselect);
    k.store(s.v + at);
    k.index(3).get(e).splat(s.pe).simd(Simd.f64x2Mul);
    k.store(s.ie + at);
    k.index(3).get(h).splat(s.pi).simd(Simd.f64x2Mul);
    k.store(s.ii + at);
  }
  // a spike among the four: reset and refractory, neuron by neuron in index order
  k.appendSpikes((lane) => {
    k.index(3)
      .f64(s.vReset)
      .op(Op.f64Store, ...memarg(s.v + 8 * lane, 3));
    k.index(2)
      .i32(s.refSteps)
      .op(Op.i32Store, ...memarg(s.rf + 4 * lane, 2));
  });
  return k.end();
}
