/** Runtime failures are reported as diagnostics, never thrown. */
import { describe, expect, it } from "vitest";
import { estimateBytes, instantiateNetwork, simulate } from "../../runtime/index.js";
import type { ValueExpr } from "../../compiler/ir/index.js";
import { DiagnosticSink } from "../../common/index.js";
import { compile } from "../../compiler/index.js";
import { runOnCore } from "../../cli/commands/run.js";
import {
  NetBuilder,
  core,
  izh,
  lif,
  normal,
  poisson,
  sel,
  spikeTimes,
  uniform,
} from "./ir-builder.js";

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

describe("a network too large", () => {
  it("is reported at the declaration that needs the most memory, which the message names", () => {
    const text = [
      "population p = lif[100000]",
      "population q = lif[10]",
      "connect q -> q { weight = 1 pA }",
      "connect p -> p { weight = 1 pA }",
      "record v of q",
      "simulate { duration = 10 ms }",
      "",
    ].join("\n");
    const r = compile("/t/main.snn", { readFile: (p) => (p === "/t/main.snn" ? text : undefined) });
    expect(r.network).not.toBeNull();
    if (r.network === null) return;
    const d = simulate(r.network).diagnostics?.[0];
    expect(d?.code).toBe("network-too-large");
    const span = d?.span;
    expect(typeof span === "object" ? text.slice(span.start, span.end) : span).toBe(
      "connect p -> p { weight = 1 pA }",
    );
    expect(d?.message).toContain("the largest part is the synapses of 'p->p'");
  });
});

describe("delays longer than the run", () => {
  it("never arrive, whether constant, drawn or listed, however long (1e300 s)", () => {
    // a delay past 2^31 steps used to wrap in the 32-bit delay arrays and arrive early
    const b = new NetBuilder(1e-4, 0.05, 2);
    const src = b.pop("src", spikeTimes([[0.001, 0.002, 0.003]]), 1);
    const post = b.pop("post", lif(), 4);
    const strong = 20e-9;
    b.connect(src, sel(post, [0]), { weight: strong, delay: 1e300 });
    b.connect(src, sel(post, [1]), { weight: strong, delay: uniform(1e299, 1e300) });
    b.connect(src, sel(post, [2]), {
      rule: { kind: "explicit", pre: [0], post: [0], delays: [214748.3648] },
      weight: strong,
    });
    b.connect(src, sel(post, [3]), { weight: strong, delay: 0.02 }); // the control arrives
    b.recordSpikes(post);
    const r = simulate(b.build());
    expect(r.diagnostics ?? []).toEqual([]);
    expect(new Set(r.spikes.index)).toEqual(new Set([3]));
    expect(r.spikes.step[0]).toBeGreaterThanOrEqual(10 + 200);
  });

  it("count the spike history they need in the memory estimate", () => {
    // 10,000 neurons keeping 100 s of spikes at 0.1 ms: about 40 GB, refused before allocating
    const b = new NetBuilder(1e-4, 200);
    const a = b.pop("a", lif(), 10_000);
    const c = b.pop("c", lif(), 1);
    b.connect(a, c, { weight: 1e-9, delay: 100 });
    const net = b.build();
    expect(estimateBytes(net)).toBeGreaterThan(4e10);
    const refused = simulate(net).diagnostics?.[0];
    expect(refused?.code).toBe("network-too-large");
    // at the projection whose delay makes the history that long
    expect(refused?.message).toContain(
      "the largest part is the spike history of 'a' kept for the delays of 'a->c'",
    );
    expect(refused?.span).toBe(net.projections[0]?.origin);
    // drawn delays count by their bounds, a normal's as mean ± 10 sd
    const drawn = (delay: ValueExpr) => {
      const d = new NetBuilder(1e-4, 200);
      const x = d.pop("x", lif(), 10_000);
      d.connect(x, d.pop("y", lif(), 1), { weight: 1e-9, delay });
      return estimateBytes(d.build());
    };
    expect(drawn(uniform(1e-3, 2e-3))).toBeLessThan(1e7);
    expect(drawn(normal(2e-3, 1e-4))).toBeLessThan(1e7);
    expect(drawn(uniform(1e-3, 100))).toBeGreaterThan(4e10);
  });
});

describe("sources and rules at the limits of a probability", () => {
  it("a poisson rate or connection probability too small for float64 never fires or connects", () => {
    const b = new NetBuilder(1e-4, 0.01, 4);
    const src = b.pop("src", poisson(1e-13), 3);
    const a = b.pop("a", lif(), 50);
    b.connect(a, a, { rule: { kind: "fixed_probability", p: 1e-17 }, weight: 1e-9 });
    b.recordSpikes(src);
    const r = simulate(b.build());
    expect(r.spikes.length).toBe(0);
    expect(r.steps).toBe(100);
    expect(instantiateNetwork(b.build()).projections[0]?.post.length).toBe(0);
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

  it("leaves a constant weight out of the rule's bounds to the checker's warning", () => {
    // the checker says weight-clipped at the weight; counting the same synapses again was noise
    const b = new NetBuilder(1e-4, 0.01);
    const a = b.pop("a", lif(), 5);
    const d = b.pop("d", lif(), 5);
    b.connect(a, d, { weight: 5e-9, plasticity: b.stdp({ w_min: 0, w_max: 1e-9 }) });
    expect(simulate(b.build()).diagnostics ?? []).toEqual([]);
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
