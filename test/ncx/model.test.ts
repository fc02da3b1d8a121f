/**
 * The core model against every [sim] behaviour of NEUROCOREX.md §2, §3 and §6, fed raw byte
 * streams built straight from the protocol (./stream.ts). Frame numbers and weights are the ones
 * the VHDL simulation reported.
 */
import { describe, expect, test } from "vitest";
import {
  CoreModel,
  decodeFrameStream,
  fromQRaw,
  runImage,
  type RunObserver,
} from "../../runtime/ncx/index.js";
import { allSpikes, rawStream, spikeFrames } from "./stream.js";

function frames(bytes: Uint8Array, observer?: RunObserver): Uint8Array {
  const report = runImage(bytes, observer === undefined ? {} : { observer });
  expect(report.incomplete).toBeNull();
  return report.runs[0]!.frames;
}

/** V of logical neuron b after each step (index = step). */
function voltageTrace(bytes: Uint8Array, b: number): number[] {
  const out: number[] = [];
  frames(bytes, { onStepEnd: (_s, _state, v) => out.push(fromQRaw(v[b]!)) });
  return out;
}

/** AA current of logical neuron b used in each step. */
function currentTrace(bytes: Uint8Array, b: number): number[] {
  const out: number[] = [];
  frames(bytes, { onStepEnd: (_s, _state, _v, i) => out.push(fromQRaw(i[b]!)) });
  return out;
}

describe("FF path (2.1, 2.3, 2.4)", () => {
  test.each([0, 1, 45, 88, 89])(
    "FF row b+6 drives output bit b (neuron %i) one step after the input",
    (b) => {
      const f = frames(
        rawStream({
          ff: [[b + 6, 2, 100]],
          events: [
            [3, 2],
            [20, 95],
          ],
        }),
      );
      expect(allSpikes(f)).toEqual([[4, b]]);
    },
  );

  test.each([0, 4, 5])("FF row %i reaches no spiking neuron", (row) => {
    const f = frames(
      rawStream({
        ff: [[row, 2, 100]],
        events: [
          [3, 2],
          [20, 95],
        ],
      }),
    );
    expect(allSpikes(f)).toEqual([]);
  });

  test("event k is injected in step s_k = sum(dt + 1): dt=0 is the next step, dt=3 four steps later", () => {
    // dt bytes 0, 0, 3 → steps 1, 2, 6
    const bytes = rawStream({
      ff: [
        [6, 2, 50],
        [8, 3, 100],
      ],
      events: [
        [1, 2],
        [2, 2],
        [6, 3],
        [20, 95],
      ],
    });
    const f = frames(bytes);
    expect(spikeFrames(f, 0)).toEqual([3]); // 50 at step 1 and 2 → V=100 after step 2 → frame 3
    expect(spikeFrames(f, 2)).toEqual([7]);
  });

  test("threshold test is >= on the previous step's value (spike one frame after the crossing)", () => {
    const f = frames(
      rawStream({
        ff: [[6, 2, 100]],
        threshold: 100,
        events: [
          [5, 2],
          [10, 95],
        ],
      }),
    );
    expect(spikeFrames(f, 0)).toEqual([6]);
    const g = frames(
      rawStream({
        ff: [[6, 2, 99]],
        threshold: 100,
        events: [
          [5, 2],
          [10, 95],
        ],
      }),
    );
    expect(spikeFrames(g, 0)).toEqual([]);
  });

  test("an input in the neuron's own spike step is lost", () => {
    // 60 at step 1 and 2 → V=120 → spikes in frame 3; the input of step 3 is discarded.
    const bytes = rawStream({
      ff: [[6, 2, 60]],
      events: [
        [1, 2],
        [2, 2],
        [3, 2],
        [10, 95],
      ],
    });
    expect(voltageTrace(bytes, 0).slice(0, 5)).toEqual([0, 60, 120, 0, 0]);
  });

  test("6.2.3: inputs to n31 are lost while n30 (its predecessor) spikes; an isolated one works", () => {
    const events: [number, number][] = [[13, 11]];
    for (let s = 20; s <= 27; s++) events.push([s, s % 2 === 0 ? 10 : 11]);
    events.push([40, 95]);
    const f = frames(
      rawStream({
        ff: [
          [36, 10, 100],
          [37, 11, 100],
        ],
        events,
      }),
    );
    expect(spikeFrames(f, 30)).toEqual([21, 23, 25, 27]);
    expect(spikeFrames(f, 31)).toEqual([14]);
  });

  test("refractory max(R,1): with Tref 0 a neuron never spikes on consecutive steps", () => {
    const events: [number, number][] = [];
    for (let s = 1; s <= 10; s++) events.push([s, 2]);
    events.push([20, 95]);
    const f0 = frames(rawStream({ ff: [[6, 2, 127]], tref: 0, events }));
    const f1 = frames(rawStream({ ff: [[6, 2, 127]], tref: 1, events }));
    expect(spikeFrames(f0, 0)).toEqual(spikeFrames(f1, 0));
    const s = spikeFrames(f0, 0);
    for (let k = 1; k < s.length; k++) expect(s[k]! - s[k - 1]!).toBeGreaterThanOrEqual(2);
    const f3 = frames(rawStream({ ff: [[6, 2, 127]], tref: 3, events }));
    const t = spikeFrames(f3, 0);
    for (let k = 1; k < t.length; k++) expect(t[k]! - t[k - 1]!).toBe(4);
  });

  test("Tref_max is a signed 18-bit register: from 2^17 on it is negative and acts as 1 step", () => {
    const events: [number, number][] = [];
    for (let s = 1; s <= 10; s++) events.push([s, 2]);
    events.push([20, 95]);
    const longest = frames(rawStream({ ff: [[6, 2, 127]], tref: 0x1ffff, events }));
    expect(spikeFrames(longest, 0)).toEqual([2]);
    const negative = frames(rawStream({ ff: [[6, 2, 127]], tref: 0x20000, events }));
    const one = frames(rawStream({ ff: [[6, 2, 127]], tref: 1, events }));
    expect(spikeFrames(negative, 0)).toEqual(spikeFrames(one, 0));
    expect(spikeFrames(negative, 0).length).toBeGreaterThan(1);
  });

  test("the global leak at tau_mem slot 8 is subtracted every step, with no floor", () => {
    const trace = voltageTrace(rawStream({ leak: 0.5, events: [[6, 95]] }), 10);
    expect(trace).toEqual([-0.5, -1, -1.5, -2, -2.5, -3]);
  });

  test("power-up weights (AA 6, FF 1) act when an image does not overwrite them", () => {
    // No 0x00/0x10 commands: a bare parameter block and a run.
    const full = rawStream({
      events: [
        [2, 7],
        [4, 95],
      ],
    });
    const withoutMatrices = full.subarray(2 * 9218);
    const trace: number[] = [];
    frames(withoutMatrices, { onStepEnd: (_s, _st, v) => trace.push(fromQRaw(v[3]!)) });
    expect(trace).toEqual([0, 0, 1, 1]);
  });
});

describe("output stream (3.3)", () => {
  test("start marker, 90-bit LSB-first frames, partial last byte dropped (truncated last frame)", () => {
    const bytes = rawStream({
      ff: [[6 + 89, 2, 100]],
      events: [
        [1, 2],
        [3, 95],
      ],
    });
    const report = runImage(bytes);
    const out = report.output;
    expect(out[0]).toBe(0xff);
    // 3 frames (steps 0..2) = 270 bits = 33 bytes + 6 bits; the 6 bits are dropped.
    expect(out.length).toBe(1 + 33);
    const decoded = decodeFrameStream(out.subarray(1));
    expect(decoded.frames).toBe(2);
    expect(decoded.truncatedBits).toBe(264 - 180);
    // Neuron 89 spiked in frame 2: bit 2*90+89 = 269, in the dropped partial byte.
    expect(allSpikes(report.runs[0]!.frames)).toEqual([[2, 89]]);
    expect(out.subarray(1).every((b) => b === 0)).toBe(true);
  });

  test("frame bits are packed LSB-first across byte boundaries", () => {
    const bytes = rawStream({
      ff: [
        [6, 2, 100],
        [6 + 3, 3, 100],
      ],
      events: [
        [1, 2],
        [2, 3],
        [12, 95],
      ],
    });
    const out = runImage(bytes).output;
    // neuron 0 in frame 2 → bit 180 → byte 22 bit 4; neuron 3 in frame 3 → bit 273 → byte 34 bit 1.
    expect(out[1 + 22]).toBe(0x10);
    expect(out[1 + 34]).toBe(0x02);
  });
});

describe("AA path (6.2)", () => {
  // The AA run of 6.2.2: thresholds 100, the column sweep W_AA[16+j][2+j] = 100 and the tests
  // built on it.
  const aa: [number, number, number][] = [];
  for (let j = 0; j <= 7; j++) aa.push([16 + j, 2 + j, 100]);
  aa.push([6, 6, 100], [8, 6, 100], [46, 35, 30]);
  const events: [number, number][] = [
    [1, 2],
    [4, 3],
    [7, 10],
    [13, 11],
  ];
  for (let s = 20; s <= 27; s++) events.push([s, s % 2 === 0 ? 10 : 11]);
  events.push([40, 95]);
  const bytes = rawStream({
    aa,
    ff: [
      [6, 2, 100],
      [7, 3, 100],
      [36, 10, 100],
      [37, 11, 100],
    ],
    events,
  });
  const f = frames(bytes);

  test("column sweep: n0 (frame 2) reaches only n13 (row 19, column 5), two frames later", () => {
    expect(spikeFrames(f, 0)).toEqual([2]);
    expect(spikeFrames(f, 13)).toEqual([4]);
    for (const n of [10, 11, 12, 14, 16, 17])
      expect(spikeFrames(f, n).filter((t) => t < 6)).toEqual([]);
  });

  test("second column and the dropped m -> m-1 connection: n1 reaches n2 and n14, never n0", () => {
    expect(spikeFrames(f, 1)).toEqual([5]);
    expect(spikeFrames(f, 2)).toEqual([7]);
    expect(spikeFrames(f, 14)).toEqual([7]);
    expect(spikeFrames(f, 0)).toEqual([2]);
  });

  test("chain n2 -> column 7 -> row 21: n15 fires in frame 9", () => {
    expect(spikeFrames(f, 15)).toEqual([9]);
  });

  test("current persists while spikes continue and a quiet step clears it (n40)", () => {
    expect(spikeFrames(f, 30)).toEqual([8, 21, 23, 25, 27]);
    const i15 = currentTrace(bytes, 15);
    expect(i15[8]).toBe(100);
    expect(i15[9]).toBe(100);
    const i40 = currentTrace(bytes, 40);
    expect(i40.slice(9, 12)).toEqual([30, 30, 0]);
    expect(i40[15]).toBe(0); // n31 fired alone in frame 14: I stayed cleared
    const v40 = voltageTrace(bytes, 40);
    expect(v40.slice(9, 12)).toEqual([30, 60, 60]);
  });

  test("repeated isolated pre spikes act like delta inputs: n40 fires in frame 25", () => {
    const v40 = voltageTrace(bytes, 40);
    expect(v40[22]).toBe(90);
    expect(v40[24]).toBe(120);
    expect(spikeFrames(f, 40)).toEqual([25]);
  });

  test("accumulation across consecutive spiking steps: I grows by A each step", () => {
    // n10 fires in frame 2 and n20 in frame 3, both → n50 with 30: I = 30 then 60.
    const stream = rawStream({
      aa: [
        [56, 15, 30],
        [56, 25, 30],
      ],
      ff: [
        [16, 2, 100],
        [26, 3, 100],
      ],
      events: [
        [1, 2],
        [2, 3],
        [10, 95],
      ],
    });
    expect(currentTrace(stream, 50).slice(3, 6)).toEqual([30, 60, 0]);
    expect(voltageTrace(stream, 50).slice(3, 6)).toEqual([30, 90, 90]);
  });

  test("sole-spiker hazard [RTL]: a lone spiker takes its left neighbour's current", () => {
    // n10 fires (frame 2) → n20 gets 40; n21 fires alone in frame 3 → I_21 ← I_20 = 40.
    const stream = rawStream({
      aa: [[26, 15, 40]],
      ff: [
        [16, 2, 100],
        [27, 3, 100],
      ],
      events: [
        [1, 2],
        [2, 3],
        [10, 95],
      ],
    });
    expect(currentTrace(stream, 21)[4]).toBe(40);
  });
});

describe("AA learning (6.3.2)", () => {
  const cell = 66 * 96 + 55; // n50 -> n60
  const stream = rawStream({
    aa: [
      [66, 55, 100],
      [6, 55, 9],
    ],
    ff: [
      [56, 30, 100],
      [66, 31, 100],
    ],
    stdp: { tpre: 3, tpost: 3, plus: 5, minus: 2 },
    enable: [cell],
    events: [
      [105, 30],
      [115, 31],
      [117, 30],
      [130, 95],
    ],
  });
  test("LTP two steps after (+5), LTD the other way (-2), forward current uses the old weight", () => {
    const weights: number[] = [];
    const f = frames(stream, { onStepEnd: (_s, state) => weights.push(state.aa[cell]!) });
    expect(spikeFrames(f, 50)).toEqual([106, 118]);
    expect(spikeFrames(f, 60)).toEqual([108, 116, 120]);
    expect(weights[107]).toBe(100);
    expect(weights[108]).toBe(105);
    expect(weights[117]).toBe(105);
    expect(weights[118]).toBe(103);
    expect(weights[120]).toBe(108);
  });

  test("row-6 hazard: n0 gets +9 in the steps after n50's spikes only", () => {
    const v0 = voltageTrace(stream, 0);
    expect(v0[106]).toBe(0);
    expect(v0[107]).toBe(9);
    expect(v0[119]).toBe(18);
    expect(v0[129]).toBe(18);
  });

  test("the self pair is potentiated and never depressed; LTP wraps in 8 bits; LTD floors at -1", () => {
    const self = 16 * 96 + 15; // n10 -> n10
    const down = 17 * 96 + 15; // n10 -> n11, n11 fires just before
    const wrap = 18 * 96 + 15; // n10 -> n12 (125 + 5 wraps), n12 fires after
    const s = rawStream({
      aa: [
        [16, 15, 10],
        [17, 15, 0],
        [18, 15, 125],
      ],
      ff: [
        [16, 2, 120],
        [17, 3, 120],
        [18, 4, 120],
      ],
      threshold: 110,
      stdp: { tpre: 3, tpost: 3, plus: 5, minus: 2 },
      enable: [self, down, wrap],
      events: [
        [1, 3],
        [2, 2],
        [3, 4],
        [10, 95],
      ],
    });
    const report = runImage(s);
    const f = report.runs[0]!.frames;
    expect(spikeFrames(f, 11)).toEqual([2]);
    expect(spikeFrames(f, 10)).toEqual([3]);
    expect(spikeFrames(f, 12)).toEqual([4]);
    expect(report.state.aa[self]).toBe(15);
    expect(report.state.aa[down]).toBe(-1);
    expect(report.state.aa[wrap]).toBe(-126);
  });
});

describe("UART receiver (3, 6.3.4)", () => {
  test("0x50 read-back sends the FF RAM row-major minus its last byte", () => {
    const model = new CoreModel();
    model.receive(
      rawStream({
        ff: [
          [16, 20, 100],
          [95, 95, -7],
        ],
        events: [[1, 95]],
      }),
    );
    const before = model.report().output.length;
    model.receive(Uint8Array.of(0x50, 0x7a));
    const out = model.report().output.subarray(before);
    expect(out.length).toBe(9215);
    expect(out[16 * 96 + 20]).toBe(100);
    expect([...out].filter((b) => b !== 0).length).toBe(1); // cell 9215 (-7) is the lost byte
  });

  test("unknown commands 7..F swallow exactly one byte and the low nibble of a header is ignored", () => {
    const base = rawStream({
      ff: [[6, 2, 100]],
      events: [
        [1, 2],
        [5, 95],
      ],
    });
    const noisy = Uint8Array.from([0x7f, 0x30, 0xa5, 0x00, ...base]);
    noisy[4 + 9218] = 0x0c; // FF header with a low nibble
    expect(allSpikes(frames(noisy))).toEqual([[2, 0]]);
  });

  test("0x40 debug current is added to slot N_debug every step", () => {
    const base = rawStream({ events: [[5, 95]] });
    const debug = Uint8Array.from([0x40, 0x00, 0x0c, 0x00, 14, 0, 0, ...base]); // 3.0 to slot 14 (n10)
    expect(voltageTrace(debug, 10)).toEqual([3, 6, 9, 12, 15]);
  });

  test("a cut stream is reported as incomplete and runs nothing", () => {
    const bytes = rawStream({
      events: [
        [1, 2],
        [5, 95],
      ],
    });
    const report = runImage(bytes.subarray(0, bytes.length - 2));
    expect(report.incomplete).toMatch(/no terminator/);
    expect(report.runs).toEqual([]);
  });
});

test.each([0.25, 0])(
  "skipping inert neurons and quiet stretches (no observer) changes nothing (leak %f)",
  (leak) => {
    const stream = rawStream({
      aa: [
        [66, 55, 100],
        [6, 55, 9],
        [20, 15, 30],
      ],
      ff: [
        [56, 30, 100],
        [66, 31, 100],
        [16, 2, 120],
      ],
      leak,
      threshold: 20,
      stdp: { tpre: 3, tpost: 3, plus: 5, minus: 2 },
      enable: [66 * 96 + 55, 20 * 96 + 15],
      events: [
        [3, 2],
        [105, 30],
        [115, 31],
        [117, 30],
        [300, 95],
      ],
    });
    const fast = runImage(stream);
    const full = runImage(stream, { observer: { onStepEnd: () => undefined } });
    expect(Buffer.from(fast.runs[0]!.frames).equals(Buffer.from(full.runs[0]!.frames))).toBe(true);
    expect(Buffer.from(fast.output).equals(Buffer.from(full.output))).toBe(true);
    expect(Array.from(fast.state.aa)).toEqual(Array.from(full.state.aa));
    expect(Array.from(fast.state.age)).toEqual(Array.from(full.state.age));
    expect(Array.from(fast.state.refractory)).toEqual(Array.from(full.state.refractory));
  },
);
