/** Exports that draw or size the network refuse one too large for memory, before drawing it. */
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import { jsBackend } from "../../backends/js/index.js";
import { nirBackend } from "../../backends/nir/index.js";
import { pynnBackend } from "../../backends/pynn/index.js";
import { NetBuilder, lif } from "../runtime/ir-builder.js";

describe("a network too large for memory", () => {
  // 1e12 neurons used to end in 'Invalid typed array length' (an internal error), 4e8 in
  // minutes of work, where snnc run refused the same file at once
  for (const size of [1e12, 4e8]) {
    const b = new NetBuilder(1e-4, 0.1);
    b.pop("a", lif(), size);
    const net = b.build();
    for (const backend of [pynnBackend, nirBackend, jsBackend]) {
      it(`is refused by --target ${backend.name} (${size} neurons), in checkLimits and build`, () => {
        const limits = new DiagnosticSink();
        backend.checkLimits(net, { diagnostics: limits });
        expect(limits.items.map((d) => d.code)).toEqual(["network-too-large"]);
        const sink = new DiagnosticSink();
        expect(backend.build(net, { diagnostics: sink })).toBeNull();
        expect(sink.items.map((d) => d.code)).toEqual(["network-too-large"]);
      });
    }
  }
});
