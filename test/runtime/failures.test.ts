/** Runtime failures are reported as diagnostics, never thrown. */
import { describe, expect, it } from "vitest";
import { simulate } from "../../runtime/index.js";
import { DiagnosticSink } from "../../common/index.js";
import { runOnCore } from "../../cli/commands/run.js";
import { NetBuilder, core, izh, lif, spikeTimes, uniform } from "./ir-builder.js";

describe("runtime failures", () => {
  it("stops at the exact step where state becomes NaN and names population, neuron, variable, time", () => {
    const b = new NetBuilder(1e-4, 0.1);
    const src = b.pop("src", spikeTimes([[0.0123]]), 1);
    const e = b.pop("e", lif(), 3);
    const z = b.pop("z", izh(), 2);
    b.connect(src, e, { weight: 1e308 });
    b.connect(src, e, { weight: -1e308, receptor: "inh" });
    b.connect(src, z, { weight: 1e-9 });
    b.recordSpikes(e);
    const r = simulate(b.build());
    const d = r.diagnostics?.find((x) => x.code === "non-finite-state");
    expect(d?.message).toBe(
      "The state of 'e'[0] became NaN (variable 'v') at 12.5 ms; the run stopped there",
    );
    expect(r.steps).toBe(125);
  });
  it("refuses a network too large before allocating, with the estimate", () => {
    const b = new NetBuilder(1e-4, 1);
    const a = b.pop("a", lif(), 1_000_000);
    b.connect(a, a, { rule: { kind: "fixed_probability", p: 0.5 }, weight: 1e-12 });
    const r = simulate(b.build());
    expect(r.diagnostics?.[0]?.code).toBe("network-too-large");
    expect(r.diagnostics?.[0]?.message).toMatch(/about \d+ bytes/);
    expect(r.steps).toBe(0);
  });
});

describe("build-time warnings of a run", () => {
  it("counts wrong-sign draws, clipped stdp weights and raised delays", () => {
    const b = new NetBuilder(1e-4, 0.01);
    const a = b.pop("a", lif(), 20);
    const d = b.pop("d", lif(), 20);
    const rule = b.stdp({ w_min: 0, w_max: 1e-9 });
    b.connect(a, d, { weight: uniform(-1e-9, 3e-9), receptor: "exc" });
    b.connect(a, d, { weight: uniform(0, 2e-9), plasticity: rule });
    b.connect(a, d, { weight: 1e-12, delay: uniform(0, 3e-4) });
    const codes = (simulate(b.build()).diagnostics ?? []).map((x) => [x.code, x.severity]);
    expect(codes).toEqual([
      ["weights-wrong-sign", "warning"],
      ["stdp-weights-clipped", "warning"],
      ["delays-raised", "warning"],
    ]);
  });
});

describe("snnc run on the core", () => {
  it("reports 'core-model-unavailable' when runtime/ncx offers no model", async () => {
    const sink = new DiagnosticSink();
    const b = new NetBuilder(1e-3, 0.01);
    b.pop("c", core(), 2);
    const r = await runOnCore(b.build(), sink, async () => ({}));
    expect(r).toBeNull();
    expect(sink.items.map((x) => x.code)).toEqual(["core-model-unavailable"]);
  });
});
