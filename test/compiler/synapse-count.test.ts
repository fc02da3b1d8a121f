/** expectedSynapses(): the expected synapse count of a projection (hovers, the weight warning). */
import { describe, expect, it } from "vitest";
import { expectedSynapses } from "../../compiler/ir/index.js";
import { NetBuilder, lif, sel } from "../runtime/ir-builder.js";

describe("expectedSynapses", () => {
  const b = new NetBuilder();
  const a = b.pop("a", lif(), 1000);
  const c = b.pop("c", lif(), 10);
  const pops = b.build().populations;
  const p = { kind: "fixed_probability" as const, p: 0.5 };

  it("leaves out self-connections within a population", () => {
    const whole = { population: a, indices: null };
    expect(expectedSynapses({ pre: whole, post: whole, rule: p, allowSelf: false }, pops)).toBe(
      0.5 * (1000 * 1000 - 1000),
    );
    expect(expectedSynapses({ pre: whole, post: whole, rule: p, allowSelf: true }, pops)).toBe(
      0.5 * 1000 * 1000,
    );
  });

  it("counts each neuron of a selection once among the sources, duplicates included", () => {
    const whole = { population: a, indices: null };
    const some = sel(a, [1, 2, 2]);
    // 3 targets (one listed twice), 2 distinct ones that are also sources
    expect(expectedSynapses({ pre: whole, post: some, rule: p, allowSelf: false }, pops)).toBe(
      0.5 * (1000 * 3 - 2),
    );
    expect(expectedSynapses({ pre: some, post: whole, rule: p, allowSelf: false }, pops)).toBe(
      0.5 * (3 * 1000 - 3),
    );
    expect(
      expectedSynapses(
        { pre: whole, post: { population: c, indices: null }, rule: p, allowSelf: false },
        pops,
      ),
    ).toBe(0.5 * 1000 * 10);
  });
});
