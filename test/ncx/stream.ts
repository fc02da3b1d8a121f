/**
 * A hand-rolled byte-stream builder for the core-model tests, written straight from
 * NEUROCOREX.md §3 (independent of the compiler's encoder), so the model is tested against the
 * protocol rather than against our own image writer.
 */
export interface RawCore {
  /** [row, col, weight] */
  readonly aa?: readonly (readonly [number, number, number])[];
  readonly ff?: readonly (readonly [number, number, number])[];
  /** Threshold (real value) for every slot 4..93, default 100 as the older notebook sends. */
  readonly threshold?: number;
  readonly thresholds?: readonly (readonly [number, number])[]; // [slot, value]
  readonly tref?: number;
  readonly leak?: number;
  readonly stdp?: { tpre: number; tpost: number; plus: number; minus: number };
  /** AA cells whose enable bit is set (flat row*96+col). */
  readonly enable?: readonly number[];
  /** Input events as (step, address): converted to dt = gap − 1. */
  readonly events: readonly (readonly [number, number])[];
}

function w18(v: number): number[] {
  const s = Math.round(v * 1024);
  const u = s < 0 ? s + (1 << 18) : s;
  return [u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff];
}

export function rawStream(core: RawCore): Uint8Array {
  const out: number[] = [];
  const matrix = (header: number, cells: readonly (readonly [number, number, number])[]) => {
    const m = new Array<number>(9216).fill(0);
    for (const [r, c, w] of cells) m[r * 96 + c] = w & 0xff;
    out.push(header, ...m, 0x00);
  };
  matrix(0x10, core.aa ?? []);
  matrix(0x00, core.ff ?? []);
  if (core.enable !== undefined) {
    const bits = new Array<number>(2304).fill(0);
    for (const k of core.enable) bits[k >> 3]! |= 0x80 >> (k & 7);
    out.push(0x60, ...bits, 0x00);
  }
  out.push(0x20);
  for (let slot = 0; slot < 96; slot++) {
    const custom = core.thresholds?.find(([s]) => s === slot)?.[1];
    out.push(
      ...w18(custom ?? (slot >= 4 && slot <= 93 ? (core.threshold ?? 100) : 127.9990234375)),
    );
  }
  for (let slot = 0; slot < 96; slot++) {
    const t = slot === 0 ? 1 : (core.tref ?? 1);
    out.push(t & 0xff, (t >> 8) & 0xff, (t >> 16) & 0x03);
  }
  for (let slot = 0; slot < 96; slot++) out.push(...w18(slot === 8 ? (core.leak ?? 0) : 0));
  const s = core.stdp;
  const stdp = [
    s ? s.tpre | (s.tpost << 8) : 0,
    s ? s.tpre | (s.tpost << 8) : 0,
    s ? (s.plus & 0xff) | ((s.minus & 0xff) << 8) : 0,
  ];
  for (let k = 0; k < 96; k++) {
    const v = stdp[k] ?? 0;
    out.push(v & 0xff, (v >> 8) & 0xff, 0);
  }
  out.push(0x30);
  let prev = 0;
  for (const [step, addr] of core.events) {
    out.push(step - prev - 1, addr & 0xff, addr >> 8);
    prev = step;
  }
  out.push(0xff, 0xff, 0xff);
  return Uint8Array.from(out);
}

/** Frames in which logical neuron b spiked. */
export function spikeFrames(frames: Uint8Array, b: number): number[] {
  const out: number[] = [];
  for (let f = 0; f * 90 < frames.length; f++) if (frames[f * 90 + b] === 1) out.push(f);
  return out;
}

/** Every (frame, neuron) spike of a run. */
export function allSpikes(frames: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < frames.length; p++)
    if (frames[p] === 1) out.push([Math.floor(p / 90), p % 90]);
  return out;
}
