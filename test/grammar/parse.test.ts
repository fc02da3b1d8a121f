import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.js";
import type { Decl, Expr } from "../../grammar/index.js";
import { spanProblems, spanStart } from "../helpers/spans.js";
import { specExamples } from "../helpers/spec-examples.js";

function parseText(text: string) {
  return parse({ id: 0, path: "test.snn", text });
}

function codesAndPositions(text: string): string[] {
  const { diagnostics } = parseText(text);
  return diagnostics.map((d) => {
    const start = typeof d.span === "symbol" ? -1 : d.span.start;
    const before = text.slice(0, start);
    const line = before.split("\n").length;
    const col = start - before.lastIndexOf("\n");
    return `${line}:${col} ${d.code}`;
  });
}

/** Parses each source, expects no diagnostics, and checks every span. */
function parseEach(sources: readonly string[]): void {
  for (const text of sources) {
    it(`parses ${JSON.stringify(text.slice(0, 60))}`, () => {
      const r = parseText(text);
      expect(r.diagnostics.map((d) => d.message)).toEqual([]);
      expect(spanProblems(r.ast, text.length)).toEqual([]);
    });
  }
}

/** Parses each source and expects exactly these diagnostics (line:col code), spans checked. */
function parseErrorEach(cases: readonly [string, readonly string[]][]): void {
  for (const [text, expected] of cases) {
    it(`reports ${expected.join(", ")} for ${JSON.stringify(text.slice(0, 50))}`, () => {
      expect(codesAndPositions(text)).toEqual(expected);
      expect(spanProblems(parseText(text).ast, text.length)).toEqual([]);
    });
  }
}

function firstValue(text: string): Expr {
  const decl = parseText(text).ast.decls[0] as Decl;
  if (decl.kind !== "Const") throw new Error("expected a const");
  return decl.value;
}

function show(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return e.unit ? `${e.text}[${e.unit.text}]` : e.text;
    case "Binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "Unary":
      return `(${e.op}${show(e.operand)})`;
    case "Paren":
      return show(e.expr);
    case "Ref":
      return e.member ? `${e.name.name}.${e.member.name}` : e.name.name;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : "") + show(a.value)).join(", ")})`;
    case "List":
      return `[${e.elements.map(show).join(", ")}]`;
    case "Tuple":
      return `<${e.elements.map(show).join(", ")}>`;
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return String(e.value);
    case "Missing":
      return "?";
  }
}

describe("SPEC §9 examples", () => {
  for (const example of specExamples()) {
    it(`parses ${example.title} with no diagnostics and sound spans`, () => {
      const r = parseText(example.source);
      expect(r.diagnostics).toEqual([]);
      expect(r.ast.decls.length).toBeGreaterThan(3);
      expect(spanProblems(r.ast, example.source.length)).toEqual([]);
    });
  }
});

describe("statements and newlines (SPEC §1)", () => {
  parseEach([
    "model M = lif { tau_m = 20 ms; r_m = 100 Mohm }",
    "model M = lif {\n  tau_m = 20 ms\n\n  r_m = 100 Mohm\n}\n",
    "model M = lif\n{\n  tau_m = 20 ms\n}",
    "model M = lif { ;; tau_m = 20 ms ;\n ; }",
    "model M = lif { }",
    "population p = M[10] {\n  v_th = -50 mV +\n    1 mV\n  init v = uniform(\n    -60 mV,\n    -50 mV)\n}",
    "connect a -> b { plasticity = s; weight = 0.05 nA per_synapse }",
    'connectome w = csv("x.csv") { kinds { chemical = ["a", "b"] }\n signs { ACh = exc } }',
    "record weights of a -> b { every = 100 ms }",
    'record spikes of a, b[0..9], c.AVAL, d["AV*", X]',
    "gap a[A, B] <-> b[C] { conductance = 0.5 nS }",
    "stimulus s = step -> p[0] { amplitude = 1.2 nA; start = 100 ms; stop = 150 ms }",
    'import "lib/cells.snn"\nconst w = 0.4 nA\ntarget neurocorex { }\nsimulate { dt = 0.1 ms }',
    "population p = M[ALML, ALMR] { times.ALML = [5 ms]; v_th[ALMR] = -40 mV }",
    "// comment\n/* block\ncomment */ const x = 1 // trailing\n",
    "const x = 1 const y = 2",
  ]);

  it("keeps comments beside the tree", () => {
    const r = parseText("// a\nconst x = 1 /* b */\n");
    expect(r.ast.comments.map((c) => c.text)).toEqual(["// a", "/* b */"]);
  });

  it("reads per_synapse after a value", () => {
    const decl = parseText('connectome w = csv("x") { chemical { weight = 0.05 nA per_synapse } }')
      .ast.decls[0];
    expect(decl?.kind).toBe("Connectome");
    if (decl?.kind !== "Connectome") return;
    const nested = decl.body?.stmts[0];
    expect(nested?.kind).toBe("NestedBlock");
    if (nested?.kind !== "NestedBlock") return;
    const assign = nested.block.stmts[0];
    expect(assign?.kind === "Assign" && assign.perSynapse).toBe(true);
  });
});

describe("expressions and units (SPEC §2, §10)", () => {
  const cases: [string, string][] = [
    ["1 / 2 ms", "(1 / 2[ms])"],
    ["20ms", "20[ms]"],
    ["1e-3 s", "1e-3[s]"],
    ["0.5 mV/ms", "0.5[mV/ms]"],
    ["1 mV/ms/nA", "1[mV/ms/nA]"],
    ["1 nA * 100 Mohm", "(1[nA] * 100[Mohm])"],
    ["2 ** 3 ** 2", "(2 ** (3 ** 2))"],
    ["-2 ** 2", "((-2) ** 2)"],
    ["1 + 2 * 3 - 4", "((1 + (2 * 3)) - 4)"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["uniform(-60 mV, -50 mV)", "uniform((-60[mV]), (-50[mV]))"],
    ['from_csv("a.csv", key = "label")', 'from_csv("a.csv", key="label")'],
    ["[(0, 3), (1, AVAL)]", "[<0, 3>, <1, AVAL>]"],
    ["w.AVAL", "w.AVAL"],
    ["[]", "[]"],
    ["true", "true"],
    ["3 per_synapse", "3"],
  ];
  for (const [src, expected] of cases) {
    it(`parses ${src}`, () => expect(show(firstValue(`const x = ${src}`))).toBe(expected));
  }

  it("lexes 0..99 as a range of two integers", () => {
    const decl = parseText("record spikes of p[0..99]").ast.decls[0];
    if (decl?.kind !== "Record" || decl.target.kind !== "Selections") throw new Error("bad shape");
    const item = decl.target.selections[0]?.items?.[0];
    expect(item?.kind).toBe("Range");
  });
});

describe("syntax errors and recovery", () => {
  parseErrorEach([
    ["model M = lif { tau_m = 20 ms r_m = 1 Mohm }", ["1:31 missing-separator"]],
    ['const x = "abc\nconst y = 1', ["1:11 unterminated-string"]],
    ["/* never closed\nconst x = 1", ["1:1 unterminated-comment"]],
    ["const x = 1 $ 2", ["1:13 invalid-character", "1:15 syntax-error"]],
    ["population p = M[3] { v_th = x mV }", ["1:32 unit-after-non-number"]],
    [
      "connect p -> { weight = 1 nA }\nconnect p -> q { weight = }",
      ["1:14 syntax-error", "2:27 syntax-error"],
    ],
    ["model A = lif {\n  tau_m = 20 ms\n\npopulation p = A[3]\n", ["4:1 syntax-error"]],
    ["simulate dt = 1 ms", ["1:10 syntax-error", "1:19 syntax-error"]],
  ]);

  it("still builds the declarations after an error", () => {
    const r = parseText(
      "connect p -> { weight = 1 nA }\npopulation q = M[3]\nrecord spikes of q\n",
    );
    expect(r.ast.decls.map((d) => d.kind)).toEqual(["Connect", "Population", "Record"]);
  });

  it("reports a missing value as a Missing node with a zero-width span", () => {
    const r = parseText("const x = \n");
    const decl = r.ast.decls[0];
    expect(decl?.kind).toBe("Const");
    if (decl?.kind === "Const") {
      expect(decl.value.kind).toBe("Missing");
      expect(decl.value.span.end - decl.value.span.start).toBe(0);
    }
  });
});

describe("robustness (property tests)", () => {
  const fragments = [
    "model",
    "population",
    "connect",
    "gap",
    "record",
    "simulate",
    "target",
    "const",
    "import",
    "connectome",
    "plasticity",
    "stimulus",
    "of",
    "init",
    "M",
    "p",
    "=",
    "->",
    "<->",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ";",
    "\n",
    "1",
    "20 ms",
    "0..9",
    '"AV*"',
    ".",
    "+",
    "-",
    "*",
    "/",
    "**",
    "lif",
    "uniform(",
    "// c\n",
    "/*",
    "*/",
    '"',
    "per_synapse",
    "mV",
  ];

  it("never throws on arbitrary text and keeps spans in bounds", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parseText(text);
        expect(spanProblems(r.ast, text.length)).toEqual([]);
        for (const d of r.diagnostics) {
          if (typeof d.span !== "symbol") expect(d.span.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on token soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const text = parts.join(" ");
        const r = parseText(text);
        expect(spanProblems(r.ast, text.length)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("nests the spans of a selection lost between two commas (found by the property below)", () => {
    const text = "population exc = M[2]\nrecord spikes of exc,, inh\n";
    const r = parseText(text);
    expect(spanProblems(r.ast, text.length)).toEqual([]);
    const record = r.ast.decls[1];
    if (record?.kind !== "Record" || record.target.kind !== "Selections")
      throw new Error("expected a record of selections");
    // the missing one sits where `exc` ends
    expect(record.target.selections.map((x) => [x.span.start, x.span.end])).toEqual([
      [39, 42],
      [42, 42],
      [45, 48],
    ]);
  });

  it("never throws on mutated SPEC examples", () => {
    const sources = specExamples().map((e) => e.source);
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.nat(),
        fc.nat({ max: 20 }),
        fc.constantFrom(...fragments, ""),
        (source, at, cut, insert) => {
          const pos = at % (source.length + 1);
          const text = source.slice(0, pos) + insert + source.slice(pos + cut);
          const r = parseText(text);
          expect(spanProblems(r.ast, text.length)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("quoted block keys", () => {
  it("reads a string as a key for names that are not identifiers", () => {
    const r = parseText('connectome w = csv("x") { signs { "5HT" = exc; ACh = exc } }');
    expect(r.diagnostics).toEqual([]);
    const decl = r.ast.decls[0];
    if (decl?.kind !== "Connectome") throw new Error("expected a connectome");
    const signs = decl.body?.stmts[0];
    if (signs?.kind !== "NestedBlock") throw new Error("expected a nested block");
    const first = signs.block.stmts[0];
    expect(first?.kind === "Assign" && first.target.name).toMatchObject({
      name: "5HT",
      quoted: true,
    });
  });
});

describe("an unexpected character", () => {
  it("is named whole, or by its code point when it would print as nothing", () => {
    const messages = (text: string) => parseText(text).diagnostics.map((d) => d.message);
    expect(messages("const x = 1 😀")).toEqual(["Unexpected character '😀'"]);
    expect(messages("const x = 1 \u0000")).toEqual(["Unexpected character U+0000"]);
    expect(messages("const x = 1 \u200b")).toEqual(["Unexpected character U+200B"]);
  });
  it("is a lone carriage return: an editor shows a line break there, the language none", () => {
    // as whitespace it hid the next line in a line comment, or joined two statements
    const r = parseText("// note\rmodel M = lif { }\r\n");
    expect(r.diagnostics.map((d) => [d.code, spanStart(d)])).toEqual([["invalid-character", 7]]);
    expect(r.diagnostics[0]?.message).toBe(
      "Unexpected character U+000D (a carriage return without a line feed: lines end with LF or CRLF)",
    );
    expect(r.ast.decls.map((d) => d.kind)).toEqual(["Model"]);
    // CRLF line ends stay line ends, in comments and after strings alike
    expect(parseText('// a\r\nimport "x.snn"\r\n').diagnostics).toEqual([]);
  });
});

describe("a run of thousands of operators", () => {
  it("parses without exhausting the stack, ** still grouped from the right", () => {
    const r = parseText(`const x = ${Array.from({ length: 20_000 }, () => "2").join(" ** ")}`);
    expect(r.diagnostics).toEqual([]);
    const decl = r.ast.decls[0];
    let e = decl?.kind === "Const" ? decl.value : undefined;
    let depth = 0;
    while (e?.kind === "Binary") {
      expect([e.op, e.left.kind]).toEqual(["**", "Number"]);
      e = e.right;
      depth++;
    }
    expect(depth).toBe(19_999);
  });
});
