/**
 * What the SIMD neuron kernels (lif-kernel.ts, izhikevich-kernel.ts) share: the loop over blocks
 * of four neurons, their addressing, per-neuron operands, and the spike path that appends the
 * block's spikes to the history slot in index order.
 */
import { Body, I32, Op, Simd, V128, memarg, u32 } from "./encode.js";

/** A float64 per neuron: a constant, or an array at a byte offset of the memory. */
export type PerNeuron = { readonly constant: number } | { readonly array: number };

/** The locals and helpers of a kernel over blocks of four neurons (parameter 0: the slot). */
export class BlockKernel {
  readonly b = new Body(1);
  readonly slot = 0;
  /** The block's first neuron. */
  readonly i = this.b.local(I32);
  /** Spikes appended so far. */
  readonly count = this.b.local(I32);
  /** Per half of the block (neurons 0-1, 2-3): all ones in the lanes that spiked. */
  readonly spiked = [this.b.local(V128), this.b.local(V128)] as const;

  constructor(readonly size: number) {}

  /** Pushes the byte address of neuron i in a float64 (scale 3) or int32 (scale 2) array. */
  index(scale: number): Body {
    return this.b.get(this.i).i32(scale).op(Op.i32Shl);
  }

  /** Pushes two float64 of an array from neuron i (byte `offset`, plus 16 for the second half). */
  load(offset: number): Body {
    return this.index(3).simd(Simd.load, ...memarg(offset));
  }

  /** Pushes a per-neuron operand for one half of the block. */
  operand(p: PerNeuron, half: number): Body {
    return "constant" in p ? this.b.splat(p.constant) : this.load(p.array + half * 16);
  }

  /** Stores the vector on the stack to an array, at neuron i (one half: `at` is 0 or 16). */
  store(offset: number): Body {
    return this.b.simd(Simd.store, ...memarg(offset));
  }

  /** Opens the loop over blocks (i = 0, 4, 8, ...). */
  begin(): void {
    this.b.i32(0).set(this.i).i32(0).set(this.count);
    this.b.op(Op.loop, Op.void);
  }

  /**
   * The spike path: when a lane of `spiked` is set, neuron by neuron in index order (padding
   * past the last neuron left out), `perLane(lane)` and the index appended to the slot.
   */
  appendSpikes(perLane: (lane: number) => void): void {
    const { b, i, count } = this;
    b.get(this.spiked[0]).get(this.spiked[1]).simd(Simd.or).simd(Simd.anyTrue);
    b.op(Op.if, Op.void);
    for (let lane = 0; lane < 4; lane++) {
      b.get(lane < 2 ? this.spiked[0] : this.spiked[1])
        .simd(Simd.i64x2ExtractLane, lane & 1)
        .op(Op.i32WrapI64);
      // the padding after the last neuron (the arrays are a whole number of blocks long)
      if (this.size % 4 !== 0 && lane >= this.size % 4)
        b.get(i).i32(lane).op(Op.i32Add).i32(this.size).op(Op.i32LtS).op(Op.i32And);
      b.op(Op.if, Op.void);
      perLane(lane);
      b.get(this.slot).get(count).i32(2).op(Op.i32Shl).op(Op.i32Add);
      b.get(i)
        .i32(lane)
        .op(Op.i32Add)
        .op(Op.i32Store, ...memarg(0, 2));
      b.get(count).i32(1).op(Op.i32Add).set(count);
      b.op(Op.end);
    }
    b.op(Op.end);
  }

  /** Closes the loop (next block while i < size) and returns the spike count. */
  end(): Body {
    const { b, i } = this;
    b.get(i).i32(4).op(Op.i32Add).tee(i).i32(this.size).op(Op.i32LtS).op(Op.brIf, 0);
    b.op(Op.end);
    return b.get(this.count);
  }
}
