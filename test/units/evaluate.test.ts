import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import {
  constQuantity,
  evaluateAs,
  evaluateConstant,
  evaluateDimensionlessInt,
  evaluateList,
  expectDimension,
  type UnitMismatchData,
} from "../../compiler/eval/index.js";
import {
  Current,
  Dimensionless,
  Frequency,
  Resistance,
  Time,
  Voltage,
  VoltagePerTimePerCurrent,
  dimEquals,
  divDim,
  formatDimension,
  mulDim,
  type Dimension,
} from "../../compiler/units/index.js";
import { codesAt, constValueOf, envOf, evalSrc, parseExpr, textAt } from "./helpers.js";

function expectValue(src: string, value: number, d: Dimension): void {
  const { q, diagnostics } = evalSrc(src);
  expect(diagnostics.map((x) => x.message)).toEqual([]);
  expect(q.dim === null ? "error" : formatDimension(q.dim)).toBe(formatDimension(d));
  expect(constValueOf(q)).toBe(value);
}

describe("numbers and units", () => {
  it.each([
    ["20 ms", 0.02, Time],
    ["20ms", 0.02, Time],
    ["1e-3 s", 0.001, Time],
    ["0.5 mV/ms", 0.5, divDim(Voltage, Time)],
    ["1 mV/ms/nA", 1e9, VoltagePerTimePerCurrent],
    ["100 Mohm", 1e8, Resistance],
    ["-70 mV", -0.07, Voltage],
    ["0.1 nA", 1e-10, Current],
    ["42", 42, Dimensionless],
    ["15 Hz", 15, Frequency],
    ["2 kHz", 2000, Frequency],
  ] as const)("%s is %s in SI", (src, value, d) => expectValue(src, value, d));

  it("binds a unit tighter than any operator: 1 / 2 ms is 500 Hz", () => {
    expectValue("1 / 2 ms", 500, Frequency);
  });

  it("multiplies units: 1 nA * 100 Mohm is a voltage (0.1 V)", () => {
    expectValue("1 nA * 100 Mohm", 1e-9 * 1e8, Voltage);
  });

  it("marks the bare literal 0 only", () => {
    expect(evalSrc("0").q.isZeroLiteral).toBe(true);
    expect(evalSrc("0.0").q.isZeroLiteral).toBe(true);
    expect(evalSrc("0 mV").q.isZeroLiteral).toBe(false);
    expect(evalSrc("-0").q.isZeroLiteral).toBe(false);
    expect(evalSrc("(0)").q.isZeroLiteral).toBe(false);
    expect(evalSrc("1 - 1").q.isZeroLiteral).toBe(false);
  });

  it("reports an unknown unit at the unit's name with a suggestion", () => {
    const src = "20 mv";
    const { q, diagnostics } = evalSrc(src);
    expect(q.dim).toBeNull();
    expect(codesAt(src, diagnostics)).toEqual(["unknown-unit @ mv"]);
    expect(diagnostics[0]?.message).toBe("Unknown unit 'mv', did you mean 'mV'?");
    expect(diagnostics[0]?.data).toMatchObject({ suggestion: "mV" });
  });

  it.each([
    ["20 msec", "ms"],
    ["1 sec", "s"],
    ["3 volts", "V"],
    ["2 MOhm", "Mohm"],
    ["5 hz", "Hz"],
    ["5 KHz", "kHz"],
  ])("suggests a unit for %s", (src, unit) => {
    expect(evalSrc(src).diagnostics[0]?.data).toMatchObject({ suggestion: unit });
  });

  it.each([
    // SI-prefixed units the table lacks: the nearest name would change the dimension or scale
    ["1 ns", "Unknown unit 'ns' (time units are s, ms and us)"], // not 'nS', a conductance
    ["1 mF", "Unknown unit 'mF' (capacitance units are F, uF, nF and pF)"], // not 'ms'
    ["1 MHz", "Unknown unit 'MHz' (frequency units are Hz and kHz)"], // not 'Hz', 1e6 off
    ["1 kV", "Unknown unit 'kV' (voltage units are V, mV and uV)"],
    // a unit of the same dimension that differs in case only is still offered
    ["1 mohm", "Unknown unit 'mohm', did you mean 'Mohm'?"],
    ["1 MV", "Unknown unit 'MV', did you mean 'mV'?"],
  ])("does not offer a unit of another dimension or scale for %s", (src, message) => {
    const { diagnostics } = evalSrc(src);
    expect(diagnostics.map((d) => d.message)).toEqual([message]);
    const suggestion = (diagnostics[0]?.data as { suggestion?: string } | undefined)?.suggestion;
    expect(suggestion).toBe(/did you mean '(.*)'/.exec(message)?.[1]);
  });

  it("points at the unknown part of a compound unit", () => {
    const src = "0.5 mV/msec";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["unknown-unit @ msec"]);
  });
});

describe("arithmetic", () => {
  it("adds and subtracts quantities of one dimension, folding constants", () => {
    expectValue("20 ms + 5 ms", 0.02 + 0.005, Time);
    expectValue("-(60 mV - 10 mV)", -(0.06 - 0.01), Voltage);
    expectValue("(1 + 2) * 3 ms", 3 * 0.003, Time);
    expectValue("+5 mV", 0.005, Voltage);
  });

  it("lets the literal 0 take the other side's dimension", () => {
    expectValue("0 + 5 mV", 0.005, Voltage);
    expectValue("5 mV - 0", 0.005, Voltage);
  });

  it("reports adding different dimensions at the whole expression, naming both", () => {
    const src = "1 ms + 1 mV";
    const { q, diagnostics } = evalSrc(src);
    expect(q.dim).toBeNull();
    expect(codesAt(src, diagnostics)).toEqual(["unit-arithmetic @ 1 ms + 1 mV"]);
    expect(diagnostics[0]?.message).toBe("Cannot add time and voltage");
    expect(diagnostics[0]?.related?.map((r) => textAt(src, r.span))).toEqual(["1 ms", "1 mV"]);
  });

  it("says when a side has no unit", () => {
    const src = "20 ms - 5";
    const { diagnostics } = evalSrc(src);
    expect(diagnostics[0]?.message).toBe("Cannot subtract time and a number with no unit");
  });

  it("reports once for nested errors (no cascade)", () => {
    const src = "(1 ms + 1 mV) * 2 + 3 nA";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["unit-arithmetic @ 1 ms + 1 mV"]);
  });

  it("reports errors in both operands", () => {
    const src = "1 foo + 2 bar";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual([
      "unknown-unit @ foo",
      "unknown-unit @ bar",
    ]);
  });

  it("reports numbers too large for a float64", () => {
    expect(codesAt("1e400", evalSrc("1e400").diagnostics)).toEqual(["not-finite @ 1e400"]);
    expect(codesAt("1e300 Gohm", evalSrc("1e300 Gohm").diagnostics)).toEqual([
      "not-finite @ 1e300 Gohm",
    ]);
  });

  it("reports nonzero numbers too small for a float64, which would silently be 0", () => {
    for (const src of ["1e-400", "1e-400 s", "1e-322 ms", "2.5e-330 mV", "0.001e-321 s"])
      expect(codesAt(src, evalSrc(src).diagnostics)).toEqual([`number-underflows @ ${src}`]);
    expect(evalSrc("1e-400 s").diagnostics[0]?.message).toBe(
      "'1e-400 s' is too small to represent: it would be 0",
    );
    // zero written any way is zero; the smallest subnormals are kept
    for (const src of ["0", "0.0e-400 ms", "0e5", "5e-324", "1e-320 ms"])
      expect(evalSrc(src).diagnostics).toEqual([]);
  });

  it("reports division by zero", () => {
    const src = "1 ms / 0";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["not-finite @ 1 ms / 0"]);
    expect(evalSrc(src).diagnostics[0]?.message).toBe(
      "This expression has no finite value (division by zero)",
    );
  });
});

describe("powers", () => {
  it("raises dimensioned values to integer powers", () => {
    const { q } = evalSrc("(2 ms) ** 2");
    expect(q.dim !== null && dimEquals(q.dim, mulDim(Time, Time))).toBe(true);
    expect(constValueOf(q)).toBe(0.002 ** 2);
    expectValue("(2 ms) ** -1", 500, Frequency);
  });

  it("allows any constant exponent of a plain number", () => {
    expectValue("2 ** 0.5", Math.SQRT2, Dimensionless);
    expectValue("2 ** 3 ** 2", 512, Dimensionless);
  });

  it("binds a sign tighter than ** (SPEC §10), as docs/units.md warns Python users", () => {
    expectValue("-2 ** 2", 4, Dimensionless);
    expectValue("-(2 ** 2)", -4, Dimensionless);
    expectValue("2 ** -2", 0.25, Dimensionless);
    expectValue("-2 ms ** 2", 4e-6, mulDim(Time, Time));
    expectValue("2 ms ** 0", 1, Dimensionless);
  });

  it("rejects a fractional power of a unit at the exponent", () => {
    const src = "(2 ms) ** 0.5";
    const { diagnostics } = evalSrc(src);
    expect(codesAt(src, diagnostics)).toEqual(["non-integer-power @ 0.5"]);
    expect(diagnostics[0]?.message).toBe(
      "A value with a unit (time) can only be raised to a whole power, found 0.5",
    );
  });

  it("rejects an exponent with a unit or a random exponent", () => {
    const a = "2 ** 3 ms";
    expect(codesAt(a, evalSrc(a).diagnostics)).toEqual(["invalid-exponent @ 3 ms"]);
    const b = "2 ** uniform(1, 2)";
    expect(codesAt(b, evalSrc(b).diagnostics)).toEqual(["invalid-exponent @ uniform(1, 2)"]);
    expect(evalSrc(b).diagnostics[0]?.message).toBe(
      "The exponent of '**' must be a dimensionless constant, found a random value",
    );
  });

  it("reports a fractional power of a negative number", () => {
    const src = "(-8) ** 0.5";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["not-finite @ (-8) ** 0.5"]);
  });

  it("says why 0 to a negative power has no value: it divides by zero, it does not overflow", () => {
    for (const src of ["0 ** -1", "(0 ms) ** -2"]) {
      const { diagnostics } = evalSrc(src);
      expect(codesAt(src, diagnostics)).toEqual([`not-finite @ ${src}`]);
      expect(diagnostics[0]?.message).toBe(
        "This expression has no finite value (0 to a negative power is a division by zero)",
      );
    }
    expect(evalSrc("10 ** 400").diagnostics[0]?.message).toBe(
      "This expression has no finite value (the result overflows)",
    );
  });
});

describe("functions", () => {
  it("computes exp, log, sqrt, abs, min and max of constants", () => {
    expectValue("exp(0)", 1, Dimensionless);
    expectValue("log(1)", 0, Dimensionless);
    expectValue("exp(-10 ms / 20 ms)", Math.exp(-0.01 / 0.02), Dimensionless);
    expectValue("abs(-70 mV)", 0.07, Voltage);
    expectValue("min(3 ms, 1 ms, 2 ms)", 0.001, Time);
    expectValue("max(-1 mV, 0)", 0, Voltage);
  });

  it("halves exponents in sqrt", () => {
    expectValue("sqrt(4 mV * 1 mV)", Math.sqrt(0.004 * 0.001), Voltage);
    const src = "sqrt(2 mV)";
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["odd-dimension-sqrt @ 2 mV"]);
  });

  it("needs dimensionless arguments for exp and log", () => {
    const src = "exp(20 ms)";
    const { diagnostics } = evalSrc(src);
    expect(codesAt(src, diagnostics)).toEqual(["dimensionless-argument @ 20 ms"]);
    expect(diagnostics[0]?.message).toBe("'exp' needs a dimensionless argument, found time");
  });

  it("reports log and sqrt of non-positive constants", () => {
    expect(codesAt("log(0)", evalSrc("log(0)").diagnostics)).toEqual(["not-finite @ log(0)"]);
    expect(codesAt("sqrt(-1)", evalSrc("sqrt(-1)").diagnostics)).toEqual(["not-finite @ sqrt(-1)"]);
  });

  it("needs one dimension for min and max", () => {
    const src = "min(1 ms, 1 mV)";
    const { diagnostics } = evalSrc(src);
    expect(codesAt(src, diagnostics)).toEqual(["argument-dimensions @ min(1 ms, 1 mV)"]);
    expect(diagnostics[0]?.message).toBe(
      "The arguments of 'min' must have the same dimension, found time and voltage",
    );
  });

  it("reports wrong argument counts", () => {
    const a = "uniform(1 mV)";
    expect(codesAt(a, evalSrc(a).diagnostics)).toEqual(["wrong-argument-count @ uniform(1 mV)"]);
    expect(evalSrc(a).diagnostics[0]?.message).toBe("'uniform' takes 2 arguments, found 1");
    const b = "exp(1, 2)";
    expect(codesAt(b, evalSrc(b).diagnostics)).toEqual(["wrong-argument-count @ 2"]);
    const c = "max(1)";
    expect(evalSrc(c).diagnostics[0]?.message).toBe("'max' takes at least 2 arguments, found 1");
  });

  it("reports unknown functions with a suggestion", () => {
    const src = "unifrom(1 mV, 2 mV)";
    const { diagnostics } = evalSrc(src);
    expect(codesAt(src, diagnostics)).toEqual(["unknown-function @ unifrom"]);
    expect(diagnostics[0]?.message).toBe("Unknown function 'unifrom', did you mean 'uniform'?");
    expect(diagnostics[0]?.data).toMatchObject({ suggestion: "uniform" });
    expect(evalSrc("frobnicate(1)").diagnostics[0]?.message).toBe("Unknown function 'frobnicate'");
  });

  it("binds named arguments of uniform and normal", () => {
    const { q, diagnostics } = evalSrc("normal(sd = 2 mV, mean = -60 mV)");
    expect(diagnostics).toEqual([]);
    expect(q.value).toEqual({
      kind: "normal",
      mean: { kind: "const", value: -0.06 },
      sd: { kind: "const", value: 0.002 },
    });
    const src = "normal(mena = 1 mV, sd = 2 mV)";
    expect(evalSrc(src).diagnostics.map((d) => d.message)).toEqual([
      "'normal' has no argument 'mena', did you mean 'mean'?",
    ]);
    expect(codesAt(src, evalSrc(src).diagnostics)).toEqual(["unknown-argument @ mena"]);
    const dup = "uniform(1 mV, low = 2 mV)";
    expect(codesAt(dup, evalSrc(dup).diagnostics)).toEqual(["duplicate-argument @ low = 2 mV"]);
    const order = "uniform(low = 1 mV, 2 mV)";
    expect(codesAt(order, evalSrc(order).diagnostics)).toEqual(["positional-after-named @ 2 mV"]);
  });
});

describe("random expressions", () => {
  it("keeps uniform draws as value trees with SI bounds", () => {
    const { q, diagnostics } = evalSrc("uniform(-60 mV, -50 mV)");
    expect(diagnostics).toEqual([]);
    expect(q.isRandom).toBe(true);
    expect(q.dim !== null && dimEquals(q.dim, Voltage)).toBe(true);
    expect(q.value).toEqual({
      kind: "uniform",
      low: { kind: "const", value: -0.06 },
      high: { kind: "const", value: -0.05 },
    });
  });

  it("lets 0 stand for either bound", () => {
    const { q } = evalSrc("uniform(0, 0.006 nA)");
    expect(q.dim !== null && dimEquals(q.dim, Current)).toBe(true);
  });

  it("propagates randomness through arithmetic without folding the draw", () => {
    const { q } = evalSrc("2 * normal(1 nA, 0.1 nA) + 1 nA");
    expect(q.isRandom).toBe(true);
    expect(q.value).toEqual({
      kind: "binary",
      op: "+",
      left: {
        kind: "binary",
        op: "*",
        left: { kind: "const", value: 2 },
        right: {
          kind: "normal",
          mean: { kind: "const", value: 1e-9 },
          sd: { kind: "const", value: 1e-10 },
        },
      },
      right: { kind: "const", value: 1e-9 },
    });
    expect(evalSrc("-uniform(1 mV, 2 mV)").q.value.kind).toBe("neg");
    expect(evalSrc("abs(normal(0 mV, 1 mV))").q.value.kind).toBe("call");
  });

  it("requires one dimension for both arguments", () => {
    const src = "uniform(1 mV, 2 ms)";
    const { diagnostics } = evalSrc(src);
    expect(codesAt(src, diagnostics)).toEqual(["argument-dimensions @ uniform(1 mV, 2 ms)"]);
    expect(diagnostics[0]?.related?.map((r) => textAt(src, r.span))).toEqual(["1 mV", "2 ms"]);
  });

  it("rejects reversed bounds and a negative sd", () => {
    const a = "uniform(-50 mV, -60 mV)";
    expect(evalSrc(a).diagnostics.map((d) => d.message)).toEqual([
      "Invalid arguments to 'uniform': low (-50 mV) is greater than high (-60 mV)",
    ]);
    const b = "normal(1 nA, -1 pA)";
    expect(evalSrc(b).diagnostics.map((d) => d.message)).toEqual([
      "Invalid arguments to 'normal': sd (-1 pA) is negative",
    ]);
    // at the sd itself, also when named
    expect(codesAt(b, evalSrc(b).diagnostics)).toEqual(["invalid-distribution @ -1 pA"]);
    const c = "normal(sd = -2 mV, mean = 0 mV)";
    expect(codesAt(c, evalSrc(c).diagnostics)).toEqual(["invalid-distribution @ -2 mV"]);
    expect(codesAt(a, evalSrc(a).diagnostics)).toEqual([`invalid-distribution @ ${a}`]);
  });
});

describe("draws without a value", () => {
  it.each([
    ["sqrt(uniform(-1, 1))", "uniform(-1, 1)", "the square root"],
    ["log(normal(10, 1))", "normal(10, 1)", "the log"], // a normal reaches below 0
    ["uniform(-1, 1) ** -0.5", "uniform(-1, 1)", "a fractional power"],
    ["sqrt(uniform(-2 mV, 1 mV) * 1 mV)", "uniform(-2 mV, 1 mV) * 1 mV", "the square root"],
  ])("%s is an error at the draw that can be negative", (src, at, what) => {
    const { q, diagnostics } = evalSrc(src);
    expect(q.dim).toBeNull();
    expect(codesAt(src, diagnostics)).toEqual([`draw-without-value @ ${at}`]);
    expect(diagnostics[0]?.message).toBe(
      `Some draws of this expression have no value: ${what} of a value that can be below 0 (bound it first, e.g. with max(..., 0) or abs)`,
    );
  });

  it.each([
    "-log(uniform(0, 1))", // an exponential draw: log(0) is -inf, never NaN
    "sqrt(abs(normal(0, 1)))",
    "sqrt(max(normal(0, 1), 0))",
    "uniform(0, 2) ** 1.5",
    "uniform(-2, 2) ** 3",
    "exp(normal(0, 1))",
  ])("%s has a value for every draw", (src) => {
    const { q, diagnostics } = evalSrc(src);
    expect(diagnostics).toEqual([]);
    expect(q.isRandom).toBe(true);
  });
});

describe("non-numbers and names", () => {
  it.each([
    ['"text"', "a string"],
    ["true", "'true'"],
    ["[1 ms, 2 ms]", "a list"],
    ["(1, 2)", "a pair"],
  ])("reports %s where a number is needed", (src, found) => {
    const { q, diagnostics } = evalSrc(src);
    expect(q.dim).toBeNull();
    expect(diagnostics.map((d) => d.message)).toEqual([
      `Expected a number for this value, found ${found}`,
    ]);
  });

  it("names the operand in the message", () => {
    expect(evalSrc('1 + "a"').diagnostics[0]?.message).toBe(
      "Expected a number for the right side of '+', found a string",
    );
    expect(evalSrc('exp("a")').diagnostics[0]?.message).toBe(
      "Expected a number for 'x' of 'exp', found a string",
    );
  });

  it("looks names up through the environment, at the reference's span", () => {
    const span = { file: 0, start: 0, end: 0 };
    const { q, diagnostics } = evalSrc("w_chem * 2", {
      w_chem: constQuantity(0.4e-9, Current, span),
    });
    expect(diagnostics).toEqual([]);
    expect(constValueOf(q)).toBe(0.8e-9);
    expect(evalSrc("w_chem", { w_chem: constQuantity(1, Current, span) }).q.span.start).toBe(10);
  });

  it("treats an unresolved name as an already-reported error", () => {
    const { q, diagnostics } = evalSrc("missing + 1 ms");
    expect(q.dim).toBeNull();
    expect(diagnostics).toEqual([]);
  });
});

describe("expectDimension and friends", () => {
  function check(src: string, d: Dimension, what = "'tau_m'") {
    const sink = new DiagnosticSink();
    const q = evaluateAs(parseExpr(src), d, what, envOf(), sink);
    return { q, diagnostics: sink.items };
  }

  it("accepts the right dimension and the literal 0", () => {
    expect(check("20 ms", Time).diagnostics).toEqual([]);
    const zero = check("0", Voltage);
    expect(zero.diagnostics).toEqual([]);
    expect(zero.q.dim !== null && dimEquals(zero.q.dim, Voltage)).toBe(true);
  });

  it("lets zeros that only take each other's dimension take the expected one, as a lone 0 does", () => {
    // each 0 takes the dimension of the other operands, which are zeros too (units.md)
    for (const src of [
      "uniform(0, 0)",
      "normal(0, 0)",
      "min(0, 0)",
      "max(0, 0.0, 0)",
      "0 + 0",
      "0 - 0",
    ]) {
      const q = check(src, Current);
      expect(q.diagnostics, src).toEqual([]);
      expect(q.q.dim !== null && dimEquals(q.q.dim, Current), src).toBe(true);
    }
    // with a unit somewhere the zeros take it, and the rule still does not reach past them
    expect(check("uniform(0, 0) + 1 nA", Current).diagnostics).toEqual([]);
    expect(codesAt("min(0, 1)", check("min(0, 1)", Current).diagnostics)).toEqual([
      "unit-mismatch @ min(0, 1)",
    ]);
    expect(codesAt("(0) + 0", check("(0) + 0", Current).diagnostics)).toEqual([
      "unit-mismatch @ (0) + 0",
    ]);
    expect(codesAt("0 * 0", check("0 * 0", Current).diagnostics)).toEqual([
      "unit-mismatch @ 0 * 0",
    ]);
  });

  it("names the expected and found dimension at the value's range", () => {
    const src = "20 mV";
    const { q, diagnostics } = check(src, Time);
    expect(q.dim).toBeNull();
    expect(codesAt(src, diagnostics)).toEqual(["unit-mismatch @ 20 mV"]);
    expect(diagnostics[0]?.message).toBe("Expected time for 'tau_m', found voltage");
    expect(diagnostics[0]?.data).toEqual({ expected: "s" } satisfies UnitMismatchData);
  });

  it("offers the missing unit for a bare number", () => {
    const src = "20";
    const { diagnostics } = check(src, Time);
    expect(diagnostics[0]?.message).toBe("Expected time for 'tau_m', found a number with no unit");
    expect(diagnostics[0]?.data).toEqual({ expected: "s", missingUnit: "ms" });
    const neg = check("-70", Voltage, "'v_rest'");
    expect(codesAt("-70", neg.diagnostics)).toEqual(["unit-mismatch @ -70"]);
    expect(neg.diagnostics[0]?.data).toEqual({ expected: "V", missingUnit: "mV" });
  });

  it("offers the unit that differs by case only", () => {
    const src = "20 mS";
    const { diagnostics } = check(src, Time);
    const data = diagnostics[0]?.data as UnitMismatchData;
    expect(data.suggestion).toBe("ms");
    expect(data.unitSpan !== undefined && textAt(src, data.unitSpan)).toBe("mS");
  });

  it("suggests, for an unknown unit, the unit of the expected dimension that differs by case", () => {
    // 'MS' is one case change from 'ms' and from the conductance 'mS': a time is expected
    const suggestionOf = (src: string, d: Dimension) => {
      const d0 = check(src, d).diagnostics[0];
      return [d0?.message, (d0?.data as { suggestion?: string } | undefined)?.suggestion];
    };
    expect(suggestionOf("20 MS", Time)).toEqual(["Unknown unit 'MS', did you mean 'ms'?", "ms"]);
    expect(suggestionOf("20 MS", divDim(Current, Voltage))).toEqual([
      "Unknown unit 'MS', did you mean 'mS'?",
      "mS",
    ]);
    // through a sign, parentheses, + and -, and the arguments of uniform, normal, min, max, abs
    for (const src of ["-(5 MS)", "1 ms + 5 MS", "uniform(1 ms, 5 MS)", "max(0, 5 MS)"])
      expect(suggestionOf(src, Time)[1], src).toBe("ms");
    // not into a product, whose factors have other dimensions, nor into a compound unit
    expect(suggestionOf("2 * 5 MS", Time)[1]).toBe("mS");
    expect(suggestionOf("5 MV/MS", divDim(Voltage, Time))[1]).toBe("mV");
  });

  it("is silent on error quantities", () => {
    const sink = new DiagnosticSink();
    const { q } = evalSrc("1 foo");
    expect(expectDimension(q, Time, "'x'", sink)).toBe(true);
    expect(sink.items).toEqual([]);
  });

  it("evaluates constants within bounds", () => {
    const sink = new DiagnosticSink();
    expect(
      evaluateConstant(parseExpr("0.02"), Dimensionless, "'p'", envOf(), sink, { min: 0, max: 1 }),
    ).toBe(0.02);
    expect(
      evaluateConstant(parseExpr("1.5"), Dimensionless, "'p'", envOf(), sink, { min: 0, max: 1 }),
    ).toBeUndefined();
    expect(
      evaluateConstant(parseExpr("-1 ms"), Time, "'dt'", envOf(), sink, {
        min: 0,
        minExclusive: true,
      }),
    ).toBeUndefined();
    expect(
      evaluateConstant(parseExpr("uniform(1 ms, 2 ms)"), Time, "'dt'", envOf(), sink),
    ).toBeUndefined();
    expect(sink.items.map((d) => d.message)).toEqual([
      "'p' must be between 0 and 1, found 1.5",
      "'dt' must be greater than 0 ms, found -1 ms",
      "'dt' must be a constant, not a random expression",
    ]);
  });

  it("evaluates whole dimensionless numbers", () => {
    const sink = new DiagnosticSink();
    const int = (src: string) =>
      evaluateDimensionlessInt(parseExpr(src), "'k'", envOf(), sink, { min: 0 });
    expect(int("3200")).toBe(3200);
    expect(int("1e3")).toBe(1000);
    expect(int("2.5")).toBeUndefined();
    expect(int("-3")).toBeUndefined();
    expect(int("5 ms")).toBeUndefined();
    expect(int("uniform(1, 2)")).toBeUndefined();
    expect(sink.items.map((d) => d.code)).toEqual([
      "not-an-integer",
      "value-out-of-range",
      "unit-mismatch",
      "random-not-allowed",
    ]);
    expect(sink.items[0]?.message).toBe("Expected a whole number for 'k', found 2.5");
  });

  it("calls a whole number past 2^53 too large, not fractional, and shows no made-up digits", () => {
    const sink = new DiagnosticSink();
    const int = (src: string, bounds = {}) =>
      evaluateDimensionlessInt(parseExpr(src), "'k'", envOf(), sink, bounds);
    expect(int("9007199254740991")).toBe(9007199254740991); // 2^53 - 1, the last safe one
    expect(int("1e20")).toBeUndefined();
    expect(int("2 ** 53")).toBeUndefined();
    expect(int("-1e20")).toBeUndefined();
    expect(int("1e20", { min: 0, max: 127 })).toBeUndefined();
    expect(sink.items.map((d) => d.message)).toEqual([
      "'k' must be at most 9007199254740991, found 1e+20",
      // 2^53 = 9007199254740992: 12 significant digits, with an exponent
      "'k' must be at most 9007199254740991, found 9.00719925474e+15",
      "'k' must be at least -9007199254740991, found -1e+20",
      "'k' must be between 0 and 127, found 1e+20",
    ]);
  });

  it("evaluates lists of one dimension", () => {
    const sink = new DiagnosticSink();
    const list = evaluateList(parseExpr("[10 ms, 25 ms, 40 ms]"), Time, "'times'", envOf(), sink);
    expect(list?.map(constValueOf)).toEqual([0.01, 0.025, 0.04]);
    expect(evaluateList(parseExpr("[]"), Time, "'times'", envOf(), sink)).toEqual([]);
    expect(
      evaluateList(parseExpr("[1 ms, 2 mV, 3]"), Time, "'times'", envOf(), sink),
    ).toBeUndefined();
    expect(evaluateList(parseExpr("5 ms"), Time, "'times'", envOf(), sink)).toBeUndefined();
    expect(sink.items.map((d) => d.message)).toEqual([
      "Expected time for element 2 of 'times', found voltage",
      "Expected time for element 3 of 'times', found a number with no unit",
      "Expected a list for 'times', found a single value",
    ]);
  });
});
