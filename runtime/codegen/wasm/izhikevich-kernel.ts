/**
 * The WebAssembly SIMD twin of an `izhikevich` kernel (runtime/codegen/emit-neurons.ts): the
 * same float64 operations in the same order (v and u in mV, two half steps of v, then u), two
 * neurons per instruction, four per iteration. A spiking neuron's reset (`v ← c`, `u ← u + d`)
 * is chosen by bit mask, so the spike path only appends to the history slot. Same parameter and
 * result as the lif kernel's (lif-kernel.ts).
 */
import { Simd, V128 } from "./encode.js";
import type { Body } from "./encode.js";
import { BlockKernel, type PerNeuron } from "./kernel-parts.js";

export interface IzhikevichSimdSpec {
  readonly size: number;
  /** Byte offsets of `v`, `u` (mV), `i_exc`, `i_inh` (A), all float64. */
  readonly v: number;
  readonly u: number;
  readonly ie: number;
  readonly ii: number;
  /** dt/2 in ms. */
  readonly halfDt: number;
  /** dt · a in ms. */
  readonly dtA: number;
  readonly b: number;
  /** c, d and v_peak in mV. */
  readonly c: number;
  readonly d: number;
  readonly vPeak: number;
  readonly kIn: number;
  readonly decayExc: number;
  readonly decayInh: number;
  /** The terms of the input after `i_exc + i_inh`: i_bias, stimuli, gap currents. */
  readonly external: readonly PerNeuron[];
}

/** The kernel's function body (one parameter: the history slot's byte address). */
export function izhikevichKernelBody(s: IzhikevichSimdSpec): Body {
  const k = new BlockKernel(s.size);
  const b = k.b;
  const x = b.local(V128);
  const uu = b.local(V128);
  const e = b.local(V128);
  const h = b.local(V128);
  const input = b.local(V128);
  const reset = b.local(V128);
  const halfStep = () => {
    // x + hdt * (0.04 * x * x + 5 * x + 140 - uu + I), left to right as in JS
    b.get(x).splat(s.halfDt);
    b.splat(0.04).get(x).simd(Simd.f64x2Mul).get(x).simd(Simd.f64x2Mul);
    b.splat(5).get(x).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
    b.splat(140).simd(Simd.f64x2Add).get(uu).simd(Simd.f64x2Sub);
    b.get(input).simd(Simd.f64x2Add);
    b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(x);
  };

  k.begin();
  for (const half of [0, 1] as const) {
    const at = half * 16;
    k.load(s.v + at).set(x);
    k.load(s.u + at).set(uu);
    k.load(s.ie + at).set(e);
    k.load(s.ii + at).set(h);
    // I = k_in * (e + h [+ terms])
    b.splat(s.kIn).get(e).get(h).simd(Simd.f64x2Add);
    for (const t of s.external) {
      k.operand(t, half);
      b.simd(Simd.f64x2Add);
    }
    b.simd(Simd.f64x2Mul).set(input);
    halfStep();
    halfStep();
    // uu + a * (b * x - uu)
    b.get(uu).splat(s.dtA).splat(s.b).get(x).simd(Simd.f64x2Mul).get(uu).simd(Simd.f64x2Sub);
    b.simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(uu);
    k.index(3).get(e).splat(s.decayExc).simd(Simd.f64x2Mul);
    k.store(s.ie + at);
    k.index(3).get(h).splat(s.decayInh).simd(Simd.f64x2Mul);
    k.store(s.ii + at);
    // spiked: v >= v_peak; then v = c and u = u + d in those lanes
    b.get(x).splat(s.vPeak).simd(Simd.f64x2Ge).tee(reset).set(k.spiked[half]);
    k.index(3).splat(s.c).get(x).get(reset).simd(Simd.bitselect);
    k.store(s.v + at);
    k.index(3).get(uu).splat(s.d).simd(Simd.f64x2Add).get(uu).get(reset).simd(Simd.bitselect);
    k.store(s.u + at);
  }
  k.appendSpikes(() => {});
  return k.end();
}
