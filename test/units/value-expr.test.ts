import { describe, expect, it } from "vitest";
import type { ValueExpr } from "../../compiler/ir/index.js";
import {
  foldValueExpr,
  formatValueInUnits,
  isRandomValueExpr,
  valueExprMean,
  valueExprRange,
} from "../../compiler/eval/index.js";
import { evalSrc } from "./helpers.js";

const c = (value: number): ValueExpr => ({ kind: "const", value });
const valueOf = (src: string): ValueExpr => {
  const { q, diagnostics } = evalSrc(src);
  expect(diagnostics).toEqual([]);
  return q.value;
};

describe("foldValueExpr", () => {
  it("folds constant subtrees and keeps draws", () => {
    const e: ValueExpr = {
      kind: "binary",
      op: "+",
      left: { kind: "binary", op: "*", left: c(2), right: c(3) },
      right: {
        kind: "uniform",
        low: { kind: "neg", operand: c(1) },
        high: { kind: "call", fn: "abs", args: [c(-2)] },
      },
    };
    expect(foldValueExpr(e)).toEqual({
      kind: "binary",
      op: "+",
      left: c(6),
      right: { kind: "uniform", low: c(-1), high: c(2) },
    });
    expect(foldValueExpr({ kind: "call", fn: "max", args: [c(1), c(5), c(3)] })).toEqual(c(5));
    expect(foldValueExpr({ kind: "call", fn: "min", args: [c(4), c(2), c(3)] })).toEqual(c(2));
  });

  it("never folds a draw, even with equal bounds", () => {
    const e: ValueExpr = { kind: "uniform", low: c(1), high: c(1) };
    expect(foldValueExpr(e)).toEqual(e);
    expect(isRandomValueExpr(e)).toBe(true);
    expect(isRandomValueExpr(c(1))).toBe(false);
  });
});

describe("valueExprMean", () => {
  it.each([
    ["16.2 pA", 16.2e-12],
    ["-90 pA", -90e-12],
    ["uniform(0 nA, 0.006 nA)", 3e-12],
    ["uniform(-60 mV, -50 mV)", -0.055],
    ["normal(-0.2 nA, 1 nA)", -0.2e-9],
    ["-uniform(1 nA, 3 nA)", -2e-9],
    ["uniform(1 nA, 3 nA) - 2 nA", 0],
    ["2 * normal(1 nA, 5 nA)", 2e-9],
    ["uniform(1 nA, 3 nA) / 2", 1e-9],
  ])("mean of %s is %s", (src, mean) => {
    expect(valueExprMean(valueOf(src))).toBeCloseTo(mean, 20);
  });

  it("gives an exactly zero mean for a symmetric weight (the receptor error of SPEC §3)", () => {
    expect(valueExprMean(valueOf("uniform(-1 nA, 1 nA)"))).toBe(0);
    expect(valueExprMean(valueOf("normal(0 nA, 1 nA)"))).toBe(0);
  });
});

describe("valueExprRange", () => {
  const range = (src: string) => valueExprRange(valueOf(src));

  it("bounds constants and uniform draws", () => {
    expect(range("0.3 nA")).toEqual({ min: 3e-10, max: 3e-10 });
    expect(range("uniform(0 nA, 0.006 nA)")).toEqual({ min: 0, max: 6e-12 });
    expect(range("uniform(-1 nA, 2 nA) * 2")).toEqual({ min: -2e-9, max: 4e-9 });
    expect(range("-uniform(1 mV, 2 mV)")).toEqual({ min: -0.002, max: -0.001 });
    expect(range("uniform(1, 2) - uniform(0, 3)")).toEqual({ min: -2, max: 2 });
  });

  it("tells a range that crosses zero from one that only touches it", () => {
    const crosses = (src: string): boolean => {
      const r = range(src);
      return r.min < 0 && r.max > 0;
    };
    expect(crosses("uniform(0 nA, 0.006 nA)")).toBe(false);
    expect(crosses("uniform(-0.1 nA, 0.5 nA)")).toBe(true);
    expect(crosses("normal(1 nA, 0.1 nA)")).toBe(true);
    expect(crosses("normal(1 nA, 0 nA)")).toBe(false);
    expect(crosses("abs(normal(0 nA, 1 nA))")).toBe(false);
    expect(crosses("exp(uniform(-1, 1))")).toBe(false);
  });

  it("handles division, powers and min/max", () => {
    expect(range("1 / uniform(1, 2)")).toEqual({ min: 0.5, max: 1 });
    expect(range("1 / uniform(-1, 2)")).toEqual({ min: -Infinity, max: Infinity });
    // a divisor that only touches 0 keeps its sign: 1/[0, 2] is [0.5, +inf]
    expect(range("1 / uniform(0, 2)")).toEqual({ min: 0.5, max: Infinity });
    expect(range("-3 / uniform(0, 2)")).toEqual({ min: -Infinity, max: -1.5 });
    expect(range("1 / uniform(-2, 0)")).toEqual({ min: -Infinity, max: -0.5 });
    expect(range("uniform(0, 1) / uniform(0, 2)")).toEqual({ min: 0, max: Infinity });
    expect(range("1 / uniform(0, 0)")).toEqual({ min: -Infinity, max: Infinity });
    expect(range("uniform(-2, 3) ** 2")).toEqual({ min: 0, max: 9 });
    expect(range("uniform(-2, 3) ** 3")).toEqual({ min: -8, max: 27 });
    // a negative odd power of a base that reaches 0 is not monotone across it
    expect(range("uniform(-2, 4) ** -1")).toEqual({ min: -Infinity, max: Infinity });
    expect(range("uniform(-2, 0) ** -1")).toEqual({ min: -Infinity, max: -0.5 });
    expect(range("uniform(-4, -2) ** -1")).toEqual({ min: -0.5, max: -0.25 });
    expect(range("uniform(0, 4) ** -1")).toEqual({ min: 0.25, max: Infinity });
    expect(range("uniform(2, 4) ** -3")).toEqual({ min: 1 / 64, max: 1 / 8 });
    expect(range("max(uniform(-1, 1), 0)")).toEqual({ min: 0, max: 1 });
    expect(range("min(uniform(-1, 1), 0.5)")).toEqual({ min: -1, max: 0.5 });
    expect(range("sqrt(uniform(4, 9))")).toEqual({ min: 2, max: 3 });
    expect(range("log(uniform(0, 1))").min).toBe(-Infinity);
  });
});

describe("formatValueInUnits", () => {
  const show = (src: string): string => {
    const { q } = evalSrc(src);
    return formatValueInUnits(q.value, q.dim);
  };

  it.each([
    ["uniform(-60 mV, -50 mV)", "uniform(-60 mV, -50 mV)"],
    ["normal(0.3 nA, 50 pA)", "normal(0.3 nA, 50 pA)"],
    ["2 * normal(1 nA, 0.1 nA) + 1 nA", "2 * normal(1e-9, 1e-10) + 1 nA"],
    ["-uniform(1 mV, 2 mV)", "-uniform(1 mV, 2 mV)"],
    ["(uniform(1, 2) + 1) * 3", "(uniform(1, 2) + 1) * 3"],
    ["uniform(1, 2) - (uniform(1, 2) - 1)", "uniform(1, 2) - (uniform(1, 2) - 1)"],
    ["-(uniform(1, 2) + 1)", "-(uniform(1, 2) + 1)"],
    ["abs(normal(0 mV, 1 mV))", "abs(normal(0 mV, 1 mV))"],
    ["exp(uniform(0, 1)) ** 2", "exp(uniform(0, 1)) ** 2"],
    ["(uniform(1, 2) ** 2) ** 3", "(uniform(1, 2) ** 2) ** 3"],
    ["20 ms", "20 ms"],
    ["-(uniform(1, 2) ** 2)", "-(uniform(1, 2) ** 2)"],
  ])("prints %s as %s", (src, text) => {
    expect(show(src)).toBe(text);
  });

  it("prints text that evaluates back to the same tree", () => {
    for (const src of [
      "uniform(-60 mV, -50 mV)",
      "(uniform(1, 2) + 1) * 3",
      "-(uniform(1, 2) + 1)",
    ]) {
      const again = evalSrc(show(src));
      expect(again.diagnostics).toEqual([]);
      expect(again.q.value).toEqual(evalSrc(src).q.value);
    }
  });
});
