/**
 * The JS simulator's neurocorex_lif kernel against the NeuroCoreX engineer's bit-accurate core
 * model (runtime/ncx, which runs the image's bytes): same spikes and weights on random networks.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import { simulateOnCore } from "../../runtime/ncx/index.js";
import { simulate } from "../../runtime/index.js";
import { NetBuilder, core, sel, spikeTimes } from "./ir-builder.js";

describe("JS core kernel = core model", () => {
  it("on random input trains and recurrent weights", () => {
    let compared = 0;
    let spikes = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 59 }), { minLength: 4, maxLength: 25 }),
        fc.array(fc.integer({ min: -8, max: 14 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (steps, rec, ff, plastic) => {
          const b = new NetBuilder(1e-3, 0.06, 1, "core");
          const win = b.window(3, 3, 1, 1);
          // two inputs, each step used by at most one of them
          const t0 = steps.filter((_, i) => i % 2 === 0).map((s) => s * 1e-3);
          const t1 = steps.filter((_, i) => i % 2 === 1).map((s) => s * 1e-3);
          const src = b.pop("src", spikeTimes([t0, t1]), 2);
          const c = b.pop("c", core(10, 0, 0.002), 4);
          for (let i = 0; i < 4; i++)
            b.connect(sel(src, [i % 2]), sel(c, [i]), {
              weight: ff[i] ?? 0,
              receptor: "exc",
              delay: 0,
            });
          const pairs: [number, number][] = [
            [0, 2],
            [1, 3],
            [2, 3],
            [3, 0],
            [0, 1],
            [2, 0],
          ];
          const ids = pairs.map(([m, n], k) =>
            b.connect(sel(c, [m]), sel(c, [n]), {
              weight: rec[k] ?? 0,
              receptor: (rec[k] ?? 0) >= 0 ? "exc" : "inh",
              ...(plastic && (rec[k] ?? 0) >= 0 ? { plasticity: win } : {}),
            }),
          );
          b.recordSpikes(c);
          b.recordWeights(1, ...ids);
          const net = b.build();
          const sink = new DiagnosticSink();
          const model = simulateOnCore(net, sink);
          if (model === null) return; // a limit of the core (the checker rejects such files)
          compared++;
          const js = simulate(net);
          spikes += js.spikes.length;
          expect(Array.from(js.spikes.step)).toEqual(Array.from(model.spikes.step));
          expect(Array.from(js.spikes.index)).toEqual(Array.from(model.spikes.index));
          js.weights.forEach((w, k) => {
            const m = model.weights[k];
            const common = Math.min(w.steps.length, m?.steps.length ?? 0);
            expect(Array.from(w.steps.slice(0, common))).toEqual(
              Array.from(m?.steps.slice(0, common) ?? []),
            );
            expect(Array.from(w.values.slice(0, common))).toEqual(
              Array.from(m?.values.slice(0, common) ?? []),
            );
          });
        },
      ),
      { numRuns: 60, seed: 11 },
    );
    expect(compared).toBeGreaterThan(20);
    expect(spikes).toBeGreaterThan(100);
  });
});
