/**
 * Properties of compile(): the same file and seed give byte-identical serialised IR, and no
 * input (random networks, mutated SPEC examples) makes the checker throw.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { serializeNetwork, verifyNetwork } from "../../compiler/index.js";
import { compileText } from "./helpers.js";
import { specExamples } from "./spec-examples.js";

const network = fc.record({
  nExc: fc.integer({ min: 1, max: 50 }),
  nInh: fc.integer({ min: 1, max: 20 }),
  p: fc.double({ min: 0, max: 1, noNaN: true }),
  wPa: fc.integer({ min: 1, max: 500 }),
  delayTenths: fc.integer({ min: 1, max: 30 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  k: fc.integer({ min: 0, max: 5 }),
});

function text(n: Record<string, number>): string {
  return `model Cell = lif { tau_m = 20 ms }
population exc = Cell[${n["nExc"]}] { init v = uniform(-70 mV, -50 mV) }
population inh = Cell[${n["nInh"]}]
population src = poisson[3] { rate = 20 Hz }
connect exc -> inh { rule = fixed_probability(${n["p"]}); weight = ${n["wPa"]} pA; delay = ${Number(n["delayTenths"]) / 10} ms }
connect inh -> exc { rule = fixed_outdegree(${Math.min(Number(n["k"]), Number(n["nExc"]))}); weight = -${n["wPa"]} pA }
connect src -> exc { weight = uniform(0 pA, ${n["wPa"]} pA) }
record spikes of exc
simulate { dt = 0.1 ms; duration = 100 ms; seed = ${n["seed"]} }
`;
}

describe("determinism", () => {
  test("compiling twice gives byte-identical serialised IR", () => {
    fc.assert(
      fc.property(network, (n) => {
        const src = text(n);
        const a = compileText(src);
        const b = compileText(src);
        expect(a.network).not.toBeNull();
        if (a.network === null || b.network === null) return;
        expect(verifyNetwork(a.network)).toEqual([]);
        expect(serializeNetwork(a.network)).toBe(serializeNetwork(b.network));
        expect(a.network.seed).toBe(n.seed);
      }),
      { numRuns: 60 },
    );
  });

  test("the SPEC examples serialise identically run after run, and the seed option overrides", () => {
    for (const src of Object.values(specExamples)) {
      const a = compileText(src);
      const b = compileText(src);
      expect(serializeNetwork(a.network!)).toBe(serializeNetwork(b.network!));
      expect(compileText(src, {}, { seed: 99 }).network?.seed).toBe(99);
    }
  });
});

describe("robustness", () => {
  const examples = Object.values(specExamples);
  test("mutated SPEC examples never make compile() throw, and every span is in bounds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: examples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (which, edits) => {
          let src = examples[which] ?? "";
          for (const [at, del, ins] of edits) {
            const i = at % (src.length + 1);
            src = src.slice(0, i) + ins + src.slice(i + del);
          }
          const r = compileText(src);
          for (const d of r.diagnostics) {
            if (typeof d.span === "symbol") continue;
            const file = r.sources.get(d.span.file);
            expect(d.span.start).toBeGreaterThanOrEqual(0);
            expect(d.span.end).toBeLessThanOrEqual(file.text.length);
          }
          if (r.network !== null) expect(verifyNetwork(r.network)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
