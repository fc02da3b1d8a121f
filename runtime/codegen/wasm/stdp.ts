/**
 * The WebAssembly twins of a one-delay `stdp` projection's arrivals and postsynaptic side
 * (emit-synapses.ts: `deliver` and emitStdpPost). They do the JS code's float64 operations in
 * its order, and take the trace decay from `Math.exp` itself (imported as {@link EXP}), so the
 * weights, traces and currents are the same bits.
 *
 * Arrivals, per spike of the pre population's history slot and per synapse s of its row, in
 * order: deliver `w[s]` to the target; depress by the post trace `y`; clip; `x += 1`.
 * Post side, per spike j of the post population's slot: potentiate each synapse onto j (its
 * CSC column, in order) by the pre trace `x`; clip; then `y += 1`.
 *
 * Traces are a value and the step it was last updated (float64 and int32 arrays): read as
 * `value · exp(−(T − last) · dt/τ)`. Every array is a byte address in the memory, given at call
 * time but the target current's, known when the code is generated.
 */
import { Body, EXP, F64, I32, Op, u32, memarg } from "./encode.js";

/**
 * Entries of a table of `exp(−d · rate)` for the integer ages d = T − last below it: the JS
 * set-up fills it with `Math.exp` itself, so a read gives the bits a call would, at a
 * fraction of the cost; an older trace calls `Math.exp`.
 */
export const DECAY_TABLE = 4096;

export interface StdpSpec {
  /** Neurons of the population whose history slot the function reads (pre or post). */
  readonly slotSize: number;
  /** Byte offsets of the decay tables of dt/τ+ and dt/τ− ({@link DECAY_TABLE}). */
  readonly plusTable: number;
  readonly minusTable: number;
  /** dt/τ+ and dt/τ−, as the JS code's literals. */
  readonly plusRate: number;
  readonly minusRate: number;
  /** a+ · w_max and a− · w_max. */
  readonly plusStep: number;
  readonly minusStep: number;
  readonly wMin: number;
  readonly wMax: number;
  readonly multiplicative: boolean;
}

export interface StdpArrivalSpec extends StdpSpec {
  /** Byte offset of the target current array (float64). */
  readonly target: number;
}

/** Parameters of both functions, in order: byte addresses but T. */
const [SLOT, T, ROWS, COLS, W, X, XL, Y, YL] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
export const STDP_PARAMS = 9;

/**
 * The arrays the two functions take after (slot, T), in parameter order, by the names of their
 * addresses in the generated JS (`<name><projection>`, emit-simd.ts): the arrivals walk the CSR
 * (`RP`, `PO`), the post side its transpose (`CPO`, `CSO`); both then take the weights and traces.
 */
export const ARRIVAL_ARRAYS = ["RP", "PO", "WO", "XO", "XLO", "YO", "YLO"] as const;
export const POST_ARRAYS = ["CPO", "CSO", "WO", "XO", "XLO", "YO", "YLO"] as const;

/** Pushes the address `base + index · 2^shift`. */
function at(b: Body, base: number, index: number, shift: number): void {
  b.get(base).get(index).i32(shift).op(Op.i32Shl, Op.i32Add);
}

/** A trace: its value and last-update arrays (parameters), its decay rate dt/τ and table. */
interface Trace {
  readonly value: number;
  readonly last: number;
  readonly rate: number;
  readonly table: number;
}

/**
 * Pushes `value[k] · exp(−(T − last[k]) · rate)`, the exponential from the trace's table where
 * the age is below its length; `age` is a scratch local.
 */
function decayed(b: Body, trace: Trace, k: number, age: number): void {
  at(b, trace.value, k, 3);
  b.op(Op.f64Load, ...memarg(0, 3));
  b.get(T);
  at(b, trace.last, k, 2);
  b.op(Op.i32Load, ...memarg(0, 2), Op.i32Sub).tee(age);
  b.i32(DECAY_TABLE).op(Op.i32LtU, Op.if, F64);
  b.get(age)
    .i32(3)
    .op(Op.i32Shl, Op.f64Load, ...memarg(trace.table, 3));
  b.op(Op.else);
  b.get(age).op(Op.f64ConvertI32S, Op.f64Neg);
  b.f64(trace.rate).op(Op.f64Mul, Op.call, ...u32(EXP));
  b.op(Op.end, Op.f64Mul);
}

/** value[k] = value[k] · exp(−(T − last[k]) · rate) + 1; last[k] = T. */
function bump(b: Body, trace: Trace, k: number, age: number): void {
  at(b, trace.value, k, 3);
  decayed(b, trace, k, age);
  b.f64(1).op(Op.f64Add, Op.f64Store, ...memarg(0, 3));
  at(b, trace.last, k, 2);
  b.get(T).op(Op.i32Store, ...memarg(0, 2));
}

/** The pre trace x (per synapse) and the post trace y (per post neuron) of a spec. */
function traces(spec: StdpSpec): { x: Trace; y: Trace } {
  return {
    x: { value: X, last: XL, rate: spec.plusRate, table: spec.plusTable },
    y: { value: Y, last: YL, rate: spec.minusRate, table: spec.minusTable },
  };
}

/** w[s] = (nw < w_min ? w_min : nw > w_max ? w_max : nw), from local `nw`. */
function storeClipped(b: Body, s: number, nw: number, spec: StdpSpec): void {
  at(b, W, s, 3);
  b.f64(spec.wMin).f64(spec.wMax).get(nw).get(nw).f64(spec.wMax).op(Op.f64Gt, Op.select);
  b.get(nw).f64(spec.wMin).op(Op.f64Lt, Op.select);
  b.op(Op.f64Store, ...memarg(0, 3));
}

/**
 * Loops q over the spikes of the slot, and r over `ROWS[i] .. ROWS[i + 1]` of each spiking
 * neuron i; `inner` writes the body of the inner loop, `after` what follows it (given i).
 */
function overSpikes(
  b: Body,
  slotSize: number,
  inner: (r: number) => void,
  after: (i: number) => void,
): void {
  const [q, cnt, i, r, end] = [
    b.local(I32),
    b.local(I32),
    b.local(I32),
    b.local(I32),
    b.local(I32),
  ];
  b.get(SLOT)
    .op(Op.i32Load, ...memarg(slotSize * 4, 2))
    .set(cnt);
  b.i32(0).set(q);
  b.op(Op.block, Op.void, Op.loop, Op.void);
  b.get(q).get(cnt).op(Op.i32GeS, Op.brIf, 1);
  at(b, SLOT, q, 2);
  b.op(Op.i32Load, ...memarg(0, 2)).set(i);
  at(b, ROWS, i, 2);
  b.op(Op.i32Load, ...memarg(0, 2)).set(r);
  at(b, ROWS, i, 2);
  b.op(Op.i32Load, ...memarg(4, 2)).set(end);
  b.op(Op.block, Op.void, Op.loop, Op.void);
  b.get(r).get(end).op(Op.i32GeS, Op.brIf, 1);
  inner(r);
  b.get(r).i32(1).op(Op.i32Add).set(r);
  b.op(Op.br, 0, Op.end, Op.end);
  after(i);
  b.get(q).i32(1).op(Op.i32Add).set(q);
  b.op(Op.br, 0, Op.end, Op.end);
}

/**
 * The arrivals at T: parameters (slot, T, rowPtr, post, w, X, XL, Y, YL), no result. Per
 * synapse s onto j: `tgt[j] += w[s]`, then w[s] = clip(w − a−·w_max · y [· (w − w_min)/range]),
 * then x[s] bumped.
 */
export function stdpArrivalBody(spec: StdpArrivalSpec): Body {
  const b = new Body(STDP_PARAMS);
  const [j, ja, wv, nw] = [b.local(I32), b.local(I32), b.local(F64), b.local(F64)];
  const age = b.local(I32);
  const { x, y } = traces(spec);
  overSpikes(
    b,
    spec.slotSize,
    (s) => {
      at(b, COLS, s, 2);
      b.op(Op.i32Load, ...memarg(0, 2)).set(j);
      at(b, W, s, 3);
      b.op(Op.f64Load, ...memarg(0, 3)).set(wv);
      // tgt[j] += wv
      b.get(j).i32(3).op(Op.i32Shl).tee(ja);
      b.get(ja).op(Op.f64Load, ...memarg(spec.target, 3));
      b.get(wv).op(Op.f64Add, Op.f64Store, ...memarg(spec.target, 3));
      // nw = wv − a−w · y  or  wv − a−w · y · (wv − w_min) / range
      b.get(wv).f64(spec.minusStep);
      decayed(b, y, j, age);
      b.op(Op.f64Mul);
      if (spec.multiplicative) {
        b.get(wv).f64(spec.wMin).op(Op.f64Sub, Op.f64Mul);
        b.f64(spec.wMax - spec.wMin).op(Op.f64Div);
      }
      b.op(Op.f64Sub).set(nw);
      storeClipped(b, s, nw, spec);
      bump(b, x, s, age);
    },
    () => {},
  );
  return b;
}

/**
 * The postsynaptic side at T: parameters (slot, T, colPtr, colSynapses, w, X, XL, Y, YL), no
 * result. Per spike j and synapse s onto it: w[s] = clip(w + a+·w_max · x [· (w_max − w)/range]);
 * then y[j] bumped.
 */
export function stdpPostBody(spec: StdpSpec): Body {
  const b = new Body(STDP_PARAMS);
  const [s, wv, nw] = [b.local(I32), b.local(F64), b.local(F64)];
  const age = b.local(I32);
  const { x, y } = traces(spec);
  overSpikes(
    b,
    spec.slotSize,
    (r) => {
      at(b, COLS, r, 2);
      b.op(Op.i32Load, ...memarg(0, 2)).set(s);
      at(b, W, s, 3);
      b.op(Op.f64Load, ...memarg(0, 3)).set(wv);
      // nw = wv + a+w · x  or  wv + a+w · x · (w_max − wv) / range
      b.get(wv).f64(spec.plusStep);
      decayed(b, x, s, age);
      b.op(Op.f64Mul);
      if (spec.multiplicative) {
        b.f64(spec.wMax).get(wv).op(Op.f64Sub, Op.f64Mul);
        b.f64(spec.wMax - spec.wMin).op(Op.f64Div);
      }
      b.op(Op.f64Add).set(nw);
      storeClipped(b, s, nw, spec);
    },
    (j) => bump(b, y, j, age),
  );
  return b;
}
