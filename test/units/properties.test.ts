/** Property tests of the unit algebra's laws (STYLE.md §6) and of the evaluator's invariants. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import type { ValueExpr } from "../../compiler/ir/index.js";
import {
  evaluateExpr,
  valueExprMean,
  valueExprRange,
  foldValueExpr,
} from "../../compiler/eval/index.js";
import {
  Current,
  Dimensionless,
  Time,
  Voltage,
  decimalToSI,
  dim,
  dimEquals,
  divDim,
  formatQuantity,
  hasSqrt,
  mulDim,
  parseUnit,
  powDim,
  siUnitFor,
  sqrtDim,
  unitTable,
  type Dimension,
} from "../../compiler/units/index.js";
import { envOf, parseExpr } from "./helpers.js";

const exponent = fc.integer({ min: -4, max: 4 });
/** Any dimension over the four base units. */
const anyDim = fc
  .record({ m: exponent, kg: exponent, s: exponent, A: exponent })
  .map((d) => dim(d));
/** Dimensions snnc's units can build: V^v s^t A^a. */
const unitDim = fc
  .record({ v: exponent, t: exponent, a: exponent })
  .map(({ v, t, a }) => mulDim(mulDim(powDim(Voltage, v), powDim(Time, t)), powDim(Current, a)));

describe("dimension algebra", () => {
  it("multiplication is commutative and associative, with dimensionless as identity", () => {
    fc.assert(
      fc.property(anyDim, anyDim, anyDim, (a, b, c) => {
        expect(mulDim(a, b)).toEqual(mulDim(b, a));
        expect(mulDim(mulDim(a, b), c)).toEqual(mulDim(a, mulDim(b, c)));
        expect(mulDim(a, Dimensionless)).toEqual(a);
      }),
    );
  });

  it("division inverts multiplication", () => {
    fc.assert(
      fc.property(anyDim, anyDim, (a, b) => {
        expect(divDim(mulDim(a, b), b)).toEqual(a);
        expect(mulDim(divDim(a, b), b)).toEqual(a);
        expect(dimEquals(divDim(a, a), Dimensionless)).toBe(true);
      }),
    );
  });

  it("integer powers add exponents, and sqrt undoes squaring", () => {
    fc.assert(
      fc.property(
        anyDim,
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
        (a, n, m) => {
          expect(powDim(a, n + m)).toEqual(mulDim(powDim(a, n), powDim(a, m)));
          expect(powDim(powDim(a, n), m)).toEqual(powDim(a, n * m));
          const square = mulDim(a, a);
          expect(hasSqrt(square)).toBe(true);
          expect(sqrtDim(square)).toEqual(a);
        },
      ),
    );
  });

  it("spells every buildable dimension as SI unit text that parses back with factor 1", () => {
    fc.assert(
      fc.property(unitDim, (d) => {
        const text = siUnitFor(d);
        if (text === "") {
          expect(dimEquals(d, Dimensionless)).toBe(true);
          return;
        }
        const u = parseUnit(text);
        expect(u.ok).toBe(true);
        if (u.ok) {
          expect(u.dim).toEqual(d);
          expect(u.factor).toBe(1);
        }
      }),
    );
  });
});

/** Decimal literal text with at most 15 significant digits. */
const literal = fc
  .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([digits, decimals]) => {
    const s = String(digits).padStart(decimals + 1, "0");
    return decimals === 0
      ? s
      : `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  });
const unitEntry = fc.constantFrom(...unitTable);

describe("conversions", () => {
  it("round-trips a literal through SI and back exactly", () => {
    fc.assert(
      fc.property(literal, unitEntry, (text, u) => {
        const si = decimalToSI(text, u.exponent10)!;
        expect(decimalToSI(String(si), -u.exponent10)).toBe(Number(text));
      }),
    );
  });

  it("combines compound units by adding decimal exponents", () => {
    fc.assert(
      fc.property(unitEntry, unitEntry, unitEntry, (a, b, c) => {
        const u = parseUnit(`${a.name}*${b.name}/${c.name}`);
        expect(u.ok).toBe(true);
        if (!u.ok) return;
        expect(u.exponent10).toBe(a.exponent10 + b.exponent10 - c.exponent10);
        expect(u.dim).toEqual(divDim(mulDim(a.dim, b.dim), c.dim));
      }),
    );
  });

  it("prints a quantity in a unit that reads back to the same value (12 digits)", () => {
    fc.assert(
      fc.property(literal, unitEntry, fc.boolean(), (text, u, negative) => {
        const si = decimalToSI(`${negative ? "-" : ""}${text}`, u.exponent10)!;
        const shown = formatQuantity(si, u.dim);
        const [number, unitName] = shown.split(" ");
        const back = parseUnit(unitName!);
        expect(back.ok && dimEquals(back.dim, u.dim)).toBe(true);
        if (!back.ok) return;
        const again = decimalToSI(number!, back.exponent10)!;
        if (si === 0) expect(again).toBe(0);
        else expect(Math.abs(again - si) / Math.abs(si)).toBeLessThan(1e-11);
      }),
    );
  });
});

/** Random expression source text over a few units, functions and operators. */
const leafText = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "2.5",
    "20 ms",
    "1 mV",
    "0.5 nA",
    "100 Mohm",
    "3 Hz",
    "2 ms",
    "1 mV/ms",
    "0.1 nS",
  ),
  fc.constantFrom("uniform(1 mV, 2 mV)", "normal(0 nA, 1 nA)", "uniform(0, 1)"),
);
/** Expression text over `leaf`: arithmetic, powers by `exponents`, the functions, negation. */
function expressionText(
  leaf: fc.Arbitrary<string>,
  exponents: readonly string[],
): fc.Arbitrary<string> {
  return fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc
        .tuple(tie("e"), fc.constantFrom("+", "-", "*", "/"), tie("e"))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie("e"), fc.constantFrom(...exponents)).map(([a, n]) => `(${a}) ** ${n}`),
      fc
        .tuple(fc.constantFrom("exp", "log", "sqrt", "abs"), tie("e"))
        .map(([f, a]) => `${f}(${a})`),
      fc
        .tuple(fc.constantFrom("min", "max"), tie("e"), tie("e"))
        .map(([f, a, b]) => `${f}(${a}, ${b})`),
      tie("e").map((a) => `-(${a})`),
    ),
  })).e;
}
const exprText = expressionText(leafText, ["2", "-1", "0.5"]);

describe("evaluator invariants", () => {
  it("never throws, and gives a dimension exactly when it reports no error", () => {
    fc.assert(
      fc.property(exprText, (src) => {
        const sink = new DiagnosticSink();
        const q = evaluateExpr(parseExpr(src), envOf(), sink);
        expect(q.dim === null).toBe(sink.hasErrors);
        if (q.dim !== null)
          expect(q.isRandom).toBe(src.includes("uniform") || src.includes("normal"));
      }),
      { numRuns: 300 },
    );
  });

  it("folds constants completely, and the mean of a folded tree is unchanged", () => {
    fc.assert(
      fc.property(exprText, (src) => {
        const sink = new DiagnosticSink();
        const q = evaluateExpr(parseExpr(src), envOf(), sink);
        if (q.dim === null) return;
        if (!q.isRandom) expect(q.value.kind).toBe("const");
        expect(foldValueExpr(q.value)).toEqual(q.value);
      }),
      { numRuns: 300 },
    );
  });
});

/** Constant expression text (no draws), for the differential test against JavaScript. */
const constLeaf = fc.constantFrom(
  "0",
  "1",
  "2.5",
  "20 ms",
  "1 mV",
  "0.5 nA",
  "100 Mohm",
  "3 Hz",
  "0.1 nS",
  "1e-3 s",
);
const constText = expressionText(constLeaf, ["2", "-1", "3"]);

/** The same expression as JavaScript: each `<number> <unit>` becomes one decimal literal in SI. */
function toJavaScript(src: string): string {
  const exponents: Record<string, number> = {
    ms: -3,
    mV: -3,
    nA: -9,
    Mohm: 6,
    Hz: 0,
    nS: -9,
    s: 0,
  };
  return src
    .replace(
      /(\d+(?:\.\d+)?)(?:e(-?\d+))? (ms|mV|nA|Mohm|Hz|nS|s)\b/g,
      (_m, digits: string, e: string | undefined, unit: string) => {
        return `(${digits}e${Number(e ?? "0") + (exponents[unit] ?? 0)})`;
      },
    )
    .replace(/\b(exp|log|sqrt|abs|min|max)\(/g, "Math.$1(");
}

describe("differential: constant folding equals JavaScript's float64 arithmetic", () => {
  it("gives the same bits for every expression that checks", () => {
    fc.assert(
      fc.property(constText, (src) => {
        const sink = new DiagnosticSink();
        const q = evaluateExpr(parseExpr(src), envOf(), sink);
        if (q.dim === null || q.value.kind !== "const") return;
        const reference = Function(`return ${toJavaScript(src)};`)() as number;
        const norm = (x: number): number => (x === 0 ? 0 : x);
        expect(norm(q.value.value)).toBe(norm(reference));
      }),
      { numRuns: 1000 },
    );
  });
});

/** Random value trees for mean/range laws. */
const c = (value: number): ValueExpr => ({ kind: "const", value });
const small = fc.integer({ min: -20, max: 20 }).map((n) => n / 4);
const valueTree: fc.Arbitrary<ValueExpr> = fc.letrec<{ v: ValueExpr }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    small.map(c),
    fc.tuple(small, small).map(([a, b]): ValueExpr => ({
      kind: "uniform",
      low: c(Math.min(a, b)),
      high: c(Math.max(a, b)),
    })),
    fc
      .tuple(tie("v"), tie("v"), fc.constantFrom("+" as const, "-" as const))
      .map(([left, right, op]): ValueExpr => ({ kind: "binary", op, left, right })),
    fc
      .tuple(tie("v"), small)
      .map(([left, k]): ValueExpr => ({ kind: "binary", op: "*", left, right: c(k) })),
    tie("v").map((operand): ValueExpr => ({ kind: "neg", operand })),
  ),
})).v;

describe("mean and range of value trees", () => {
  it("the mean of a linear tree lies within its range", () => {
    fc.assert(
      fc.property(valueTree, (v) => {
        const mean = valueExprMean(v);
        const r = valueExprRange(v);
        expect(mean).toBeGreaterThanOrEqual(r.min - 1e-9);
        expect(mean).toBeLessThanOrEqual(r.max + 1e-9);
      }),
    );
  });

  it("the mean is linear", () => {
    fc.assert(
      fc.property(valueTree, valueTree, small, (a, b, k) => {
        const sum: ValueExpr = {
          kind: "binary",
          op: "+",
          left: a,
          right: { kind: "binary", op: "*", left: b, right: c(k) },
        };
        expect(valueExprMean(sum)).toBeCloseTo(valueExprMean(a) + valueExprMean(b) * k, 9);
      }),
    );
  });
});

it("keeps the Dimension type plain data", () => {
  const d: Dimension = dim({ s: 1 });
  expect(JSON.parse(JSON.stringify(d))).toEqual(d);
});
