/**
 * `runCoreModel` end to end: SPEC §9.5 through the image bytes and the core model must give
 * exactly the spikes and weights the VHDL simulation gave (SPEC 9.5).
 */
import { describe, expect, test } from "vitest";
import { runCoreModel } from "../../runtime/ncx/index.js";
import { spec95 } from "./networks.js";

describe("SPEC 9.5 on the core model", () => {
  const result = runCoreModel(spec95());
  const names = ["AVAL", "AVBL", "AVAR"];
  const spikes = Array.from({ length: result.spikes.length }, (_, k) => [
    result.spikes.step[k]!,
    names[result.spikes.index[k]!],
  ]);

  test("AVAL at 7 and 10 ms, AVAR at 9 and 12 ms, AVBL at 33 ms, nothing else", () => {
    expect(spikes).toEqual([
      [7, "AVAL"],
      [9, "AVAR"],
      [10, "AVAL"],
      [12, "AVAR"],
      [33, "AVBL"],
    ]);
    expect(result.spikeCounts).toEqual([9, 5]);
    expect(result.producedBy).toBe("neurocorex-model");
  });

  test("the recurrent weight goes 12 -> 13 (9 ms) -> 12 (10 ms) -> 13 (12 ms)", () => {
    const w = result.weights[0]!;
    expect(w.projection).toBe(3);
    expect([...w.pre, ...w.post]).toEqual([0, 2]);
    expect(w.steps.length).toBe(51);
    const changes: [number, number][] = [];
    for (let s = 0; s < w.steps.length; s++) {
      if (s === 0 || w.values[s] !== w.values[s - 1]) changes.push([w.steps[s]!, w.values[s]!]);
    }
    expect(changes).toEqual([
      [0, 12],
      [9, 13],
      [10, 12],
      [12, 13],
    ]);
  });

  test("v samples: the value after core step s (instant s), 0 for neurons that spike at s", () => {
    const net = spec95();
    const withV = {
      ...net,
      recordings: [
        ...net.recordings,
        {
          kind: "state" as const,
          id: 2,
          variable: "v" as const,
          targets: [{ population: 1, indices: [0] }],
          everySteps: 1,
          origin: { file: 0, start: 0, end: 1 },
        },
      ],
    };
    const v = runCoreModel(withV).state[0]!;
    expect(Array.from(v.values.subarray(0, 13))).toEqual([0, 0, 0, 0, 0, 6, 12, 0, 6, 12, 0, 0, 0]);
    expect(v.values[30]).toBe(-4);
    expect(v.values[32]).toBe(-8);
    expect(v.steps.length).toBe(51);
  });
});
