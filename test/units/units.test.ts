import { describe, expect, it } from "vitest";
import {
  Capacitance,
  Conductance,
  Current,
  Dimensionless,
  Frequency,
  Resistance,
  Time,
  Voltage,
  VoltagePerTimePerCurrent,
  decimalToSI,
  dimEquals,
  divDim,
  formatDimension,
  formatNumber,
  formatQuantity,
  isUnitName,
  mulDim,
  parseUnit,
  powDim,
  siUnitFor,
  toSI,
  unitNames,
  unitTable,
} from "../../compiler/units/index.js";
import { unitNames as grammarUnitNames } from "../../grammar/index.js";
import { parseDuration } from "../../cli/commands/run.js";

describe("unit table", () => {
  it("holds exactly the units of SPEC §2, case-sensitive", () => {
    expect(unitNames).toEqual([
      "s",
      "ms",
      "us",
      "Hz",
      "kHz",
      "V",
      "mV",
      "uV",
      "A",
      "mA",
      "uA",
      "nA",
      "pA",
      "ohm",
      "kohm",
      "Mohm",
      "Gohm",
      "S",
      "mS",
      "uS",
      "nS",
      "pS",
      "F",
      "uF",
      "nF",
      "pF",
    ]);
    expect(isUnitName("ms")).toBe(true);
    expect(isUnitName("mS")).toBe(true);
    expect(isUnitName("MS")).toBe(false);
    expect(isUnitName("mv")).toBe(false);
    expect(isUnitName("tau_m")).toBe(false);
  });

  it("agrees with the parser's list of unit names", () => {
    expect([...grammarUnitNames].sort()).toEqual([...unitNames].sort());
  });

  it.each([
    ["s", Time, 1],
    ["ms", Time, 1e-3],
    ["us", Time, 1e-6],
    ["Hz", Frequency, 1],
    ["kHz", Frequency, 1e3],
    ["V", Voltage, 1],
    ["mV", Voltage, 1e-3],
    ["uV", Voltage, 1e-6],
    ["A", Current, 1],
    ["mA", Current, 1e-3],
    ["uA", Current, 1e-6],
    ["nA", Current, 1e-9],
    ["pA", Current, 1e-12],
    ["ohm", Resistance, 1],
    ["kohm", Resistance, 1e3],
    ["Mohm", Resistance, 1e6],
    ["Gohm", Resistance, 1e9],
    ["S", Conductance, 1],
    ["mS", Conductance, 1e-3],
    ["uS", Conductance, 1e-6],
    ["nS", Conductance, 1e-9],
    ["pS", Conductance, 1e-12],
    ["F", Capacitance, 1],
    ["uF", Capacitance, 1e-6],
    ["nF", Capacitance, 1e-9],
    ["pF", Capacitance, 1e-12],
  ] as const)("%s has the right dimension and factor", (name, d, factor) => {
    const u = parseUnit(name);
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(dimEquals(u.dim, d)).toBe(true);
    expect(u.factor).toBe(factor);
  });

  it("has one entry per name", () => {
    expect(new Set(unitTable.map((u) => u.name)).size).toBe(unitTable.length);
  });
});

describe("compound units", () => {
  it("reads mV/ms as a voltage per time with factor 1", () => {
    const u = parseUnit("mV/ms");
    expect(u.ok && dimEquals(u.dim, divDim(Voltage, Time))).toBe(true);
    expect(u.ok && u.factor).toBe(1);
  });

  it("reads mV/ms/nA left to right (k_in: 1 mV/ms/nA = 1e9 V/s/A)", () => {
    const u = parseUnit("mV/ms/nA");
    expect(u.ok && dimEquals(u.dim, VoltagePerTimePerCurrent)).toBe(true);
    expect(u.ok && u.factor).toBe(1e9);
    expect(u.ok && u.exponent10).toBe(9);
  });

  it("reads nA*Mohm as a voltage (mV)", () => {
    const u = parseUnit("nA*Mohm");
    expect(u.ok && dimEquals(u.dim, Voltage)).toBe(true);
    expect(u.ok && u.factor).toBe(1e-3);
  });

  it("reads ms*kHz as dimensionless", () => {
    const u = parseUnit("ms*kHz");
    expect(u.ok && dimEquals(u.dim, Dimensionless)).toBe(true);
    expect(u.ok && u.factor).toBe(1);
  });

  it("names the unknown unit and where it is", () => {
    expect(parseUnit("mV/msec")).toEqual({ ok: false, unknown: "msec", offset: 3 });
    expect(parseUnit("mv")).toEqual({ ok: false, unknown: "mv", offset: 0 });
    expect(parseUnit("MS")).toEqual({ ok: false, unknown: "MS", offset: 0 });
  });

  it("rejects malformed unit text", () => {
    expect(parseUnit("").ok).toBe(false);
    expect(parseUnit("mV//ms")).toEqual({ ok: false, unknown: "", offset: 3 });
    expect(parseUnit("/ms").ok).toBe(false);
    expect(parseUnit("mV/").ok).toBe(false);
  });
});

describe("conversion to SI", () => {
  it("converts a literal with a single rounding", () => {
    expect(decimalToSI("20", -3)).toBe(0.02);
    expect(decimalToSI("0.1", -3)).toBe(0.0001);
    expect(decimalToSI("16.2", -12)).toBe(16.2e-12);
    expect(decimalToSI("1e-3", 0)).toBe(0.001);
    expect(decimalToSI("1e-3", -3)).toBe(1e-6);
    expect(decimalToSI("1.5E+2", 6)).toBe(1.5e8);
    expect(decimalToSI("0.006", -9)).toBe(6e-12);
    expect(decimalToSI(".5", -3)).toBe(5e-4);
    expect(decimalToSI("0x10", 0)).toBeUndefined();
  });

  it("is exact where multiplying by the factor would round twice", () => {
    // 0.1 * 1e-9 is 1.0000000000000002e-10; the literal `0.1 nA` must be the double nearest 1e-10.
    expect(0.1 * 1e-9).not.toBe(1e-10);
    expect(toSI(0.1, { exponent10: -9, factor: 1e-9 }, "0.1")).toBe(1e-10);
    expect(0.9 * 1e-3).not.toBe(0.0009);
    expect(toSI(0.9, { exponent10: -3, factor: 1e-3 }, "0.9")).toBe(0.0009);
  });

  it("falls back to one multiplication without literal text", () => {
    expect(toSI(20, { exponent10: -3, factor: 1e-3 })).toBe(20 * 1e-3);
  });
});

describe("formatting", () => {
  it.each([
    [0.02, Time, "20 ms"],
    [2.5e-10, Current, "0.25 nA"],
    [1e8, Resistance, "100 Mohm"],
    [-0.07, Voltage, "-70 mV"],
    [29.25, Frequency, "29.25 Hz"],
    [1, Time, "1 s"],
    [100, Time, "100 s"],
    [0.0342, Time, "34.2 ms"],
    [1e-4, Time, "0.1 ms"],
    [1.62e-11, Current, "16.2 pA"],
    [5e-10, Conductance, "0.5 nS"],
    [2e-10, Capacitance, "200 pF"],
    [1e9, Resistance, "1 Gohm"],
    [0, Voltage, "0 mV"],
    [-0, Current, "0 nA"],
    [2000, Frequency, "2 kHz"],
    [1e9, VoltagePerTimePerCurrent, "1 mV/ms/nA"],
    [0.5, Dimensionless, "0.5"],
    [1, divDim(Voltage, Time), "1 mV/ms"],
  ] as const)("formatQuantity(%s, %o) is %s", (value, d, text) => {
    expect(formatQuantity(value, d)).toBe(text);
  });

  it.each([
    // no unit brings these into [1, 1000): the largest unit giving at least 1, else the smallest
    [5000, Time, "5000 s"],
    [1.7976931348623157e308, Time, "1.79769313486e+308 s"],
    [1e-3, Capacitance, "1000 uF"],
    [1e12, Resistance, "1000 Gohm"],
    [1e6, Frequency, "1000 kHz"],
    [1e-7, Time, "0.1 us"],
    [1e-10, Time, "0.0001 us"],
    [1e-15, Current, "0.001 pA"],
  ] as const)("formatQuantity(%s, %o) outside every unit's range is %s", (value, d, text) => {
    expect(formatQuantity(value, d)).toBe(text);
  });

  it("prints exact whole numbers in full and rounded large ones with an exponent", () => {
    expect(formatNumber(123456789012345)).toBe("123456789012345");
    expect(formatNumber(4294967295)).toBe("4294967295");
    expect(formatNumber(2 ** 53)).toBe("9.00719925474e+15");
    expect(formatNumber(-(2 ** 53))).toBe("-9.00719925474e+15");
    expect(formatNumber(1e20)).toBe("1e+20");
    expect(formatNumber(123456789012345.6)).toBe("1.23456789012e+14");
    expect(formatNumber(999999999999.6)).toBe("1e+12");
    expect(formatNumber(99999999999.6)).toBe("99999999999.6");
  });

  it("hides float noise but keeps 12 digits", () => {
    expect(formatNumber(34.199999999999996)).toBe("34.2");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(1 / 3)).toBe("0.333333333333");
    expect(formatNumber(1.5e-15)).toBe("1.5e-15");
  });

  it.each([
    [Dimensionless, "dimensionless"],
    [Time, "time"],
    [Frequency, "frequency"],
    [Voltage, "voltage"],
    [Current, "current"],
    [Resistance, "resistance"],
    [Conductance, "conductance"],
    [Capacitance, "capacitance"],
    [divDim(Voltage, Time), "V/s"],
    [VoltagePerTimePerCurrent, "V/s/A"],
    [mulDim(Voltage, Voltage), "V^2"],
    [powDim(Frequency, 2), "1/s^2"],
    [mulDim(Current, Time), "s*A"],
  ] as const)("formatDimension gives %j the name %s", (d, name) => {
    expect(formatDimension(d)).toBe(name);
  });

  it.each([
    [Time, "s"],
    [Frequency, "Hz"],
    [Voltage, "V"],
    [Current, "A"],
    [Resistance, "ohm"],
    [Conductance, "S"],
    [Capacitance, "F"],
    [Dimensionless, ""],
    [VoltagePerTimePerCurrent, "V/s/A"],
    [mulDim(Voltage, Voltage), "V*V"],
    [powDim(Frequency, 2), "Hz*Hz"],
    [divDim(Dimensionless, Voltage), "s/s/V"],
  ] as const)("siUnitFor(%j) is %s and parses back", (d, text) => {
    expect(siUnitFor(d)).toBe(text);
    if (text === "") return;
    const u = parseUnit(text);
    expect(u.ok && dimEquals(u.dim, d)).toBe(true);
    expect(u.ok && u.factor).toBe(1);
  });
});

describe("snnc run --duration", () => {
  it("converts to SI in one rounding, as a duration in the file does, and refuses non-finite", () => {
    // 0.3 * 1e-3 is 3.0000000000000003e-4; the file's `0.3 ms` is the float64 nearest 3e-4
    expect(parseDuration("0.3ms")).toBe(3e-4);
    expect(parseDuration("0.3 ms")).toBe(decimalToSI("0.3", -3));
    expect(parseDuration("250us")).toBe(2.5e-4);
    expect(parseDuration("2")).toBe(2);
    expect(parseDuration("1e400s")).toBeUndefined();
    expect(parseDuration("1e400")).toBeUndefined();
    expect(parseDuration("0ms")).toBeUndefined();
    expect(parseDuration("0x10ms")).toBeUndefined();
  });
});
