/**
 * Property tests: encode → decode round trips of images (random plans through the real
 * encoder and the decoder) and of the frame stream.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  decodeImage,
  encodeCommands,
  assembleImage,
  paramValues,
  type CorePlan,
} from "../../backends/neurocorex/index.js";
import { decodeFrameStream, encodeFrameStream } from "../../runtime/ncx/index.js";

const span = { file: 0, start: 0, end: 0 };

const arbPlan: fc.Arbitrary<CorePlan> = fc
  .record({
    neurons: fc.integer({ min: 1, max: 90 }),
    thresholds: fc.array(fc.integer({ min: -131072, max: 131071 }), {
      minLength: 90,
      maxLength: 90,
    }),
    refractory: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 90, maxLength: 90 }),
    leak: fc.integer({ min: -131072, max: 131071 }),
    ff: fc.array(fc.tuple(fc.integer({ min: 0, max: 9215 }), fc.integer({ min: -128, max: 127 })), {
      maxLength: 50,
    }),
    aa: fc.array(fc.tuple(fc.integer({ min: 0, max: 9215 }), fc.integer({ min: -128, max: 127 })), {
      maxLength: 50,
    }),
    plastic: fc.uniqueArray(fc.integer({ min: 0, max: 9215 }), { maxLength: 20 }),
    stdp: fc.option(
      fc.tuple(
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 1, max: 255 }),
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 127 }),
      ),
    ),
    gaps: fc.array(fc.tuple(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 0, max: 95 })), {
      minLength: 1,
      maxLength: 60,
    }),
  })
  .map((r) => {
    const ff = new Int8Array(9216);
    for (const [c, w] of r.ff) ff[c] = w;
    const aa = new Int8Array(9216);
    for (const [c, w] of r.aa) aa[c] = w;
    let step = 0;
    const events = r.gaps.map(([gap, address]) => {
      step += gap;
      return { step, address, kind: "spike" as const, input: 0 };
    });
    return {
      name: "p",
      dt: 0.001,
      steps: step,
      neurons: Array.from({ length: r.neurons }, (_, b) => ({
        logical: b,
        slot: b + 4,
        population: 0,
        index: b,
        label: `n${b}`,
        threshold: r.thresholds[b]! / 1024,
        thresholdRaw: r.thresholds[b]!,
        refractorySteps: r.refractory[b]!,
        origin: span,
      })),
      inputs: [],
      leak: r.leak / 1024,
      leakRaw: r.leak,
      ffGain: 1,
      ff,
      aa,
      stdp:
        r.stdp === null
          ? null
          : {
              rule: "w",
              preWindowSteps: r.stdp[0],
              postWindowSteps: r.stdp[1],
              stepPlus: r.stdp[2],
              stepMinus: r.stdp[3],
              origin: span,
            },
      plasticCells: r.stdp === null ? [] : [...r.plastic].sort((a, b) => a - b),
      sourceSpikes: [],
      events,
      lastStep: step,
      paced: false,
      synapses: [],
    };
  });

describe("round trips", () => {
  test("image encode → decode gives back every matrix, parameter, bitmap cell and event", () => {
    fc.assert(
      fc.property(arbPlan, (plan) => {
        const image = assembleImage(encodeCommands(plan));
        const decoded = decodeImage(image.bytes);
        expect(decoded.error).toBeNull();
        const byKind = new Map(decoded.commands.map((c) => [c.kind, c]));
        const aa = byKind.get("aa-weights");
        const ff = byKind.get("ff-weights");
        const params = byKind.get("parameters");
        const run = byKind.get("run");
        const bitmap = byKind.get("stdp-bitmap");
        expect(
          aa?.kind === "aa-weights" &&
            Buffer.from(aa.weights.buffer).equals(Buffer.from(plan.aa.buffer)),
        ).toBe(true);
        expect(
          ff?.kind === "ff-weights" &&
            Buffer.from(ff.weights.buffer).equals(Buffer.from(plan.ff.buffer)),
        ).toBe(true);
        const expected = Array.from(paramValues(plan), (v) => v & 0x3ffff);
        expect(params?.kind === "parameters" ? Array.from(params.values) : null).toEqual(expected);
        expect(run?.kind === "run" ? run.events.map((e) => [e.step, e.address]) : null).toEqual(
          plan.events.map((e) => [e.step, e.address]),
        );
        if (plan.stdp === null) expect(bitmap).toBeUndefined();
        else
          expect(bitmap?.kind === "stdp-bitmap" ? [bitmap.aaCells, bitmap.ffCells] : null).toEqual([
            plan.plasticCells,
            [],
          ]);
      }),
      { numRuns: 40 },
    );
  });

  test("frame stream encode → decode keeps every whole frame", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (steps, seed) => {
          const frames = new Uint8Array(steps * 90);
          let x = seed >>> 0;
          for (let p = 0; p < frames.length; p++) {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            frames[p] = (x >>> 16) % 7 === 0 ? 1 : 0;
          }
          const bytes = encodeFrameStream(frames, steps);
          expect(bytes[0]).toBe(0xff);
          const decoded = decodeFrameStream(bytes.subarray(1));
          const whole = Math.floor(((bytes.length - 1) * 8) / 90);
          expect(decoded.frames).toBe(whole);
          expect(whole).toBeGreaterThanOrEqual(Math.max(0, steps - 1));
          expect(Array.from(decoded.bits)).toEqual(Array.from(frames.subarray(0, whole * 90)));
        },
      ),
      { numRuns: 100 },
    );
  });
});
