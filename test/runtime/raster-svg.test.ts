/** The SVG raster: well-formed, one band and one spike path per recorded population, traces. */
import { describe, expect, it } from "vitest";
import { renderRasterSvg, simulate } from "../../runtime/index.js";
import { compileFixture } from "./helpers.js";
import { NetBuilder, lif } from "./ir-builder.js";

describe("renderRasterSvg", () => {
  it("draws the tap-withdrawal run with labelled bands, a time axis and the v traces", () => {
    const svg = renderRasterSvg(simulate(compileFixture("tap-withdrawal.snn")));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    for (const label of [
      ">touch<",
      ">inter<",
      ">command<",
      ">AVAL<",
      "time (ms)",
      "v (mV)",
      ">1000<",
    ])
      expect(svg).toContain(label);
    expect(svg.match(/<path d="M/g)?.length).toBe(3);
    expect(svg.match(/<polyline/g)?.length).toBe(4);
    expect(svg).not.toContain("NaN");
  });
  it("draws a run stopped by infinite state without NaN coordinates", () => {
    const b = new NetBuilder(1e-4, 0.01, 1);
    const e = b.pop("e", lif(), 2);
    b.stimulus(e, { kind: "current", amplitude: 2e-9 });
    b.connect(e, e, { weight: 1e308, allowSelf: true }); // two spikes sum to Infinity
    b.recordSpikes(e);
    b.recordState("i_exc", 1, e);
    const r = simulate(b.build());
    expect(r.diagnostics?.map((d) => d.code)).toContain("non-finite-state");
    const svg = renderRasterSvg(r);
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("Infinity");
    expect(svg).toContain("<polyline");
  });
});
