/** The SVG raster: well-formed, one band and one spike path per recorded population, traces. */
import { describe, expect, it } from "vitest";
import { renderRasterSvg, simulate } from "../../runtime/index.js";
import { compileFixture } from "./helpers.js";

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
});
