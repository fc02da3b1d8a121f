/** instantiateNetwork: the rules of SPEC §4, draws in synapse order, independence of order. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantiateNetwork } from "../../runtime/index.js";
import { drawSparseRows } from "../../runtime/instantiate/generate.js";
import { RandomStream } from "../../runtime/random/index.js";
import { NetBuilder, c, lif, normal, sel, uniform } from "./ir-builder.js";

const pairs = (p: { pre: Int32Array; post: Int32Array }) =>
  Array.from(p.pre, (i, s) => [i, p.post[s] ?? -1] as const);

describe("instantiateNetwork", () => {
  it("fixed_probability draws about p·N·M synapses in (pre, post) order, without self-connections", () => {
    const b = new NetBuilder();
    const a = b.pop("a", lif(), 400);
    b.connect(a, a, {
      rule: { kind: "fixed_probability", p: 0.05 },
      weight: 1e-12,
      allowSelf: false,
    });
    const p = instantiateNetwork(b.build()).projections[0]!;
    expect(Math.abs(p.pre.length - 0.05 * 400 * 399)).toBeLessThan(4 * Math.sqrt(0.05 * 400 * 399));
    const ps = pairs(p);
    expect(ps.every(([i, j]) => i !== j)).toBe(true);
    for (let s = 1; s < ps.length; s++) {
      const [i0, j0] = ps[s - 1]!;
      const [i1, j1] = ps[s]!;
      expect(i0 < i1 || (i0 === i1 && j0 < j1)).toBe(true);
    }
  });

  it("fixed_probability gives the synapses of a plain draw from its stream, whatever the selections' order", () => {
    // The plain draw (SPEC §4, docs/runtime.md): for each listed pre in order, geometric gaps
    // over the listed posts; then the pairs in (pre, post) order. The simulator takes a shorter
    // path when both selections ascend (the rows come out in order); both must give this.
    const selection = fc.oneof(
      fc.constant(null),
      fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1000 }),
          p: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
          pre: selection,
          post: selection,
          same: fc.boolean(),
          allowSelf: fc.boolean(),
        }),
        (t) => {
          const b = new NetBuilder(1e-4, 0.01, t.seed);
          const x = b.pop("x", lif(), 60);
          const y = t.same ? x : b.pop("y", lif(), 60);
          const A = t.pre ?? Array.from({ length: 60 }, (_, i) => i);
          const B = t.post ?? Array.from({ length: 60 }, (_, i) => i);
          b.connect(sel(x, A), sel(y, B), {
            rule: { kind: "fixed_probability", p: t.p },
            weight: 1e-12,
            allowSelf: t.allowSelf,
          });
          const net = b.build();
          const proj = net.projections[0]!;
          const rng = new RandomStream(t.seed, "connectivity", proj.name);
          const logQ = Math.log(1 - t.p);
          const expected: [number, number][] = [];
          for (const i of A) {
            for (let k = rng.geometric(logQ); k < B.length; k += 1 + rng.geometric(logQ)) {
              const j = B[k]!;
              if (!(t.same && !t.allowSelf && i === j)) expected.push([i, j]);
            }
          }
          expected.sort((u, v) => u[0] - v[0] || u[1] - v[1]);
          const built = instantiateNetwork(net).projections[0]!;
          expect(pairs(built)).toEqual(expected);
        },
      ),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it("a sparse draw past its reserved capacity grows the targets and keeps every synapse", () => {
    const A = Int32Array.from({ length: 30 }, (_, i) => i);
    const draw = (capacity: number) => {
      const counts = new Int32Array(30);
      const rng = new RandomStream(7, "connectivity", "x->x");
      const r = drawSparseRows(
        rng,
        Math.log(1 - 0.3),
        A,
        A,
        true,
        new Int32Array(capacity),
        counts,
      );
      return { post: Array.from(r.post.subarray(0, r.n)), counts: Array.from(counts) };
    };
    const roomy = draw(1000);
    expect(roomy.post.length).toBeGreaterThan(200);
    expect(draw(1)).toEqual(roomy);
  });

  it("fixed_indegree gives each post exactly k distinct pres (with replacement only for multapses)", () => {
    const b = new NetBuilder();
    const a = b.pop("a", lif(), 10);
    const d = b.pop("d", lif(), 30);
    b.connect(a, d, { rule: { kind: "fixed_indegree", k: 10 }, weight: 1e-12 });
    b.connect(a, d, {
      rule: { kind: "fixed_indegree", k: 12 },
      weight: 1e-12,
      allowMultapses: true,
    });
    b.connect(d, d, { rule: { kind: "fixed_outdegree", k: 29 }, weight: 1e-12, allowSelf: false });
    const [p, q, o] = instantiateNetwork(b.build()).projections;
    for (let j = 0; j < 30; j++) {
      const pres = pairs(p!)
        .filter(([, t]) => t === j)
        .map(([i]) => i);
      expect(new Set(pres).size).toBe(10);
      expect(pairs(q!).filter(([, t]) => t === j).length).toBe(12);
      const outs = pairs(o!)
        .filter(([i]) => i === j)
        .map(([, t]) => t);
      expect(outs.length).toBe(29);
      expect(outs.includes(j)).toBe(false);
    }
  });

  it("one_to_one pairs selections in written order; explicit edges keep weights, scales and delays", () => {
    const b = new NetBuilder(1e-4);
    const a = b.pop("a", lif(), 5);
    const d = b.pop("d", lif(), 5);
    b.connect(sel(a, [4, 0]), sel(d, [1, 2]), { rule: { kind: "one_to_one" }, weight: 1e-12 });
    b.connect(a, d, {
      rule: {
        kind: "explicit",
        pre: [3, 1, 3],
        post: [0, 4, 0],
        weightScale: [2, 3, 5],
        delays: [1.5e-4, 0.3e-3, 2.5e-4],
      },
      weight: 1e-12,
    });
    const [p, e] = instantiateNetwork(b.build()).projections;
    expect(pairs(p!)).toEqual([
      [0, 2],
      [4, 1],
    ]);
    expect(pairs(e!)).toEqual([
      [1, 4],
      [3, 0],
      [3, 0],
    ]);
    expect(Array.from(e!.weight)).toEqual([3e-12, 2e-12, 5e-12]);
    // half away from zero: 1.5 → 2, 2.5 → 3 steps; 0.3 ms / 0.1 ms = 2.9999999999999996 → 3
    expect(Array.from(e!.delaySteps)).toEqual([3, 2, 3]);
  });

  it("sets drawn weights of the wrong sign to 0, counts them, and clips stdp weights", () => {
    const b = new NetBuilder();
    const a = b.pop("a", lif(), 50);
    const d = b.pop("d", lif(), 50);
    const rule = b.stdp({ w_min: 0, w_max: 1e-9 });
    b.connect(a, d, { weight: normal(0.2e-9, 0.3e-9), receptor: "exc" });
    b.connect(a, d, { weight: uniform(0, 2e-9), plasticity: rule });
    const built = instantiateNetwork(b.build());
    const [p, q] = built.projections;
    const zeros = Array.from(p!.weight).filter((w) => w === 0).length;
    expect(zeros).toBeGreaterThan(100);
    expect(built.stats.wrongSign).toEqual([{ projection: 0, count: zeros }]);
    expect(Math.max(...q!.weight)).toBe(1e-9);
    expect(built.stats.clipped[0]?.count).toBeGreaterThan(900);
  });

  it("draws the same network whatever the order of the declarations", () => {
    const make = (flip: boolean) => {
      const b = new NetBuilder(1e-4, 0.1, 9);
      const names = flip ? ["y", "x"] : ["x", "y"];
      const ids: Record<string, number> = {};
      for (const n of names)
        ids[n] = b.pop(n, lif(), 20, {
          init: { v: { kind: "draw", expr: uniform(-0.07, -0.05) } },
        });
      const conns = [
        () =>
          b.connect(ids["x"]!, ids["y"]!, {
            rule: { kind: "fixed_probability", p: 0.3 },
            weight: uniform(0, 1e-9),
          }),
        () =>
          b.connect(ids["y"]!, ids["x"]!, {
            rule: { kind: "fixed_probability", p: 0.3 },
            weight: uniform(0, 1e-9),
            delay: uniform(1e-4, 9e-4),
          }),
      ];
      (flip ? [conns[1]!, conns[0]!] : conns).forEach((f) => f());
      const built = instantiateNetwork(b.build());
      const byName = (n: string) => built.projections[b.projs.findIndex((p) => p.name === n)]!;
      return {
        xy: [Array.from(byName("x->y").post), Array.from(byName("x->y").weight)],
        yx: [Array.from(byName("y->x").post), Array.from(byName("y->x").delaySteps)],
        vx: Array.from(built.init[b.pops.findIndex((p) => p.name === "x")]!["v"]!),
      };
    };
    expect(make(true)).toEqual(make(false));
  });

  it("couples every unordered gap pair exactly once", () => {
    const b = new NetBuilder();
    const a = b.pop("a", lif(), 4);
    b.gap(a, a, c(1e-9));
    b.gap(sel(a, [0, 1]), sel(a, [1, 2]), 2e-9);
    const [g, h] = instantiateNetwork(b.build()).gaps;
    expect(g!.a.length).toBe(6);
    const keys = Array.from(g!.a, (x, p) =>
      [Math.min(x, g!.b[p]!), Math.max(x, g!.b[p]!)].join("-"),
    );
    expect(new Set(keys).size).toBe(6);
    expect(Array.from(h!.a, (x, p) => `${x}-${h!.b[p]}`)).toEqual(["0-1", "0-2", "1-2"]);
  });
});
