/** The seeded RNG streams: fixed values, platform-independent integer arithmetic, statistics. */
import { describe, expect, it } from "vitest";
import { RandomStream } from "../../runtime/index.js";

describe("RandomStream", () => {
  it("is a pure function of (seed, purpose, name)", () => {
    const a = new RandomStream(42, "weights", "exc->exc");
    const b = new RandomStream(42, "weights", "exc->exc");
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
    // pinned: changing the algorithm changes every network, so it must show up here
    expect(xs).toMatchInlineSnapshot(`
      [
        1481372498,
        2378148728,
        1686405995,
        2455786731,
        2565165425,
      ]
    `);
  });
  it("gives different streams for other seeds, purposes and names", () => {
    const first = (s: number, p: string, n: string) => new RandomStream(s, p, n).nextU32();
    const base = first(1, "weights", "a->b");
    expect(first(2, "weights", "a->b")).not.toBe(base);
    expect(first(1, "delays", "a->b")).not.toBe(base);
    expect(first(1, "weights", "a->c")).not.toBe(base);
  });
  it("draws uniform doubles in [0, 1) with the right mean and variance", () => {
    const r = new RandomStream(7, "test", "u");
    const n = 200000;
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });
  it("draws standard normals", () => {
    const r = new RandomStream(7, "test", "z");
    const n = 200000;
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(sq / n).toBeCloseTo(1, 1);
  });
  it("skips geometrically with mean (1 − p) / p", () => {
    const r = new RandomStream(3, "test", "g");
    const p = 0.02;
    let sum = 0;
    for (let k = 0; k < 100000; k++) sum += r.geometric(Math.log(1 - p));
    expect(sum / 100000 / ((1 - p) / p)).toBeCloseTo(1, 1);
  });
  it("never succeeds when p is too small for 1 − p to differ from 1", () => {
    // log(1 − 1e-17) is 0: the skip was -Infinity, a Poisson source of 1e-13 Hz spun for ever
    // and a connection probability of 1e-17 connected everything
    const r = new RandomStream(3, "test", "tiny");
    const logQ = Math.log(1 - 1e-17);
    expect(logQ).toBe(0);
    expect(r.geometric(logQ)).toBe(Infinity);
    const out = new Int32Array(5);
    r.geometricInto(logQ, out, 5);
    expect(Array.from(out)).toEqual([2147483647, 2147483647, 2147483647, 2147483647, 2147483647]);
    // a small p that is not 0 is drawn in full, past 2^31 steps
    const small = new RandomStream(3, "test", "small");
    const draws = Array.from({ length: 200 }, () => small.geometric(Math.log(1 - 1e-12)));
    expect(draws.some((g) => g > 2147483647)).toBe(true);
  });
  it("draws geometric batches identical to one geometric() call after another", () => {
    // connectivity is drawn in batches: any difference would change every network
    for (const p of [0.9, 0.02, 0.00125, 1e-9]) {
      const one = new RandomStream(11, "connectivity", `p${p}`);
      const batched = new RandomStream(11, "connectivity", `p${p}`);
      const logQ = Math.log(1 - p);
      const out = new Int32Array(700);
      batched.geometricInto(logQ, out, 300);
      batched.geometricInto(logQ, out.subarray(300), 400);
      // (capped at 2^31 − 1 for their int32 array: a skip past any row)
      expect(Array.from(out)).toEqual(
        Array.from({ length: 700 }, () => Math.min(one.geometric(logQ), 2147483647)),
      );
      // and the state goes on from the same place
      expect(batched.nextU32()).toBe(one.nextU32());
    }
  });
});

describe("xoshiro128**", () => {
  it("matches the reference implementation's output from the state {1, 2, 3, 4}", () => {
    const r = new RandomStream(0, "", "");
    Object.assign(r, { s0: 1, s1: 2, s2: 3, s3: 4 });
    expect(Array.from({ length: 6 }, () => r.nextU32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });
});
