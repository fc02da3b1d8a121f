import fc from "fast-check";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatRangeParsed, formatSource, parse } from "../../grammar/index.js";
import * as plugin from "../../grammar/prettier-plugin.js";
import { repoRoot, specExamples } from "../helpers/spec-examples.js";

/** The AST without positions (and comments as their texts), for "same meaning" comparisons. */
function shape(text: string): unknown {
  const { ast, diagnostics } = parse({ id: 0, path: "x.snn", text });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return JSON.parse(
    JSON.stringify(
      { decls: ast.decls, comments: ast.comments.map((c) => c.text.trim()) },
      (key, value: unknown) => (key === "span" || key === "keyword" ? undefined : value),
    ),
  );
}

function expectFormatsSafely(text: string): string {
  const once = formatSource(text);
  expect(once.formatted).toBe(true);
  expect(shape(once.text)).toEqual(shape(text));
  expect(formatSource(once.text).text).toBe(once.text);
  return once.text;
}

describe("formatter", () => {
  for (const example of specExamples()) {
    it(`keeps the meaning of ${example.title} and is idempotent`, () => {
      expectFormatsSafely(example.source);
    });
  }

  it("prints the canonical layout and keeps every comment", () => {
    const src =
      "// head\n\nmodel   A=lif{tau_m=20ms;r_m=100Mohm} // trail\n/* before */\npopulation p=A[3]{\n" +
      "  // inner\n  v_th = -50mV+1 mV\n\n  init v=uniform(-60 mV,-50 mV) // why\n  // end\n}\n\n\n" +
      "connect p->p{weight=2**-1 nA*(3+4)}\n// tail\n";
    expect(expectFormatsSafely(src)).toBe(
      [
        "// head",
        "",
        "model A = lif { tau_m = 20 ms; r_m = 100 Mohm } // trail",
        "/* before */",
        "population p = A[3] {",
        "  // inner",
        "  v_th = -50 mV + 1 mV",
        "",
        "  init v = uniform(-60 mV, -50 mV) // why",
        "  // end",
        "}",
        "",
        "connect p -> p { weight = 2 ** -1 nA * (3 + 4) }",
        "// tail",
        "",
      ].join("\n"),
    );
  });

  it("breaks a block that no longer fits in the print width", () => {
    const src = `model M = lif { tau_m = 20 ms; r_m = 100 Mohm; v_rest = -70 mV; v_reset = -70 mV; v_th = -50 mV; t_ref = 2 ms }\n`;
    expect(expectFormatsSafely(src)).toContain("{\n  tau_m = 20 ms\n  r_m = 100 Mohm\n");
  });

  it("keeps a nested block on one line when it fits the print width exactly", () => {
    const line = "  chemical { weight = 1 nA; delay = 1 ms }";
    const src = `connectome w = csv("a.csv") {\n${line}\n}\n`;
    expect(formatSource(src, { printWidth: line.length }).text).toBe(src);
    expect(formatSource(src, { printWidth: line.length - 1 }).text).toContain("  chemical {\n");
  });

  it("formats runs of 20,000 operators (a sum, a power tower) without exhausting the stack", () => {
    for (const op of ["+", "**"]) {
      const src = `const x = ${Array.from({ length: 20_000 }, () => "1").join(` ${op} `)}\n`;
      expect(formatSource(src.replaceAll(` ${op} `, op))).toEqual({ text: src, formatted: true });
    }
  });

  it("leaves a file with syntax errors unchanged", () => {
    const src = "model M = lif { tau_m = }\n";
    expect(formatSource(src)).toEqual({ text: src, formatted: false });
  });

  it("keeps a comment written before an empty block", () => {
    expect(expectFormatsSafely("population p = lif[3] // why\n  { }\n")).toBe(
      "population p = lif[3] { } // why\n",
    );
    expect(expectFormatsSafely("population p = /* c */ lif[3] { }\n")).toBe(
      "population p = lif[3] { } /* c */\n",
    );
    expect(expectFormatsSafely('connectome w = csv("a.csv") {\n  chemical /* c */ { }\n}\n')).toBe(
      'connectome w = csv("a.csv") {\n  chemical { } /* c */\n}\n',
    );
  });

  it("never appends code or a comment after a line comment", () => {
    const src = "model M = lif {\n  v_th = -50 mV + // a\n  /* b\n  c */ 0 mV\n  t_ref = 1 ms\n}\n";
    expect(expectFormatsSafely(src)).toBe(
      "model M = lif {\n  v_th = -50 mV + 0 mV // a\n  /* b\n  c */\n  t_ref = 1 ms\n}\n",
    );
    const list = "model S = spike_times {\n  times = [1 ms, // a\n  2 ms // b\n  ]\n}\n";
    expect(expectFormatsSafely(list)).toBe(
      "model S = spike_times {\n  times = [1 ms, 2 ms] // a\n  // b\n}\n",
    );
  });

  it("is idempotent around comments that span lines and blank lines between comments", () => {
    expectFormatsSafely(
      "model M = lif {\n  t_ref = 5 /*x\n y*/ ms /* c */\n\n// own\n  v_th = 1 mV\n}\n",
    );
    expectFormatsSafely("// a\n\n// b\n\nconst x = 1\n// c\n\n// d\n");
    expectFormatsSafely(
      "model M = lif {\n  // a\n\n  // b\n\n  v_th = 1 mV\n  // c\n\n  // d\n}\n",
    );
  });

  it("keeps CRLF line ends and a byte-order mark", () => {
    const src =
      "\ufeff/* a\r\n   b */\r\nmodel M = lif {\r\n  tau_m = 20 ms // c\r\n\r\n  v_th = 1 mV\r\n}\r\n";
    expect(expectFormatsSafely(src)).toBe(src);
    expect(formatSource("model M=lif{tau_m=20ms}\r\n").text).toBe(
      "model M = lif { tau_m = 20 ms }\r\n",
    );
  });

  it("keeps the meaning of generated programs (property)", () => {
    const name = fc.constantFrom("a", "pop", "AVAL", "exc", "w_chem");
    const number = fc.constantFrom("1", "0.5", "20", "1e-3", "3.25");
    const unit = fc.constantFrom("", " ms", "mV", " nA", " mV/ms", " Mohm");
    const space = fc.constantFrom(" ", "", "  ");
    const value = fc
      .tuple(number, unit, fc.constantFrom("", " + 2 mV", " * (1 + 2)", " / 2 ms", " ** 2"))
      .map(([n, u, tail]) => `${n}${u}${tail}`);
    const stmt = fc
      .tuple(name, space, value, fc.constantFrom("", " // note", " /* c */"))
      .map(([n, s, v, c]) => `${n}${s}=${s}${v}${c}`);
    const block = fc
      .tuple(fc.array(stmt, { maxLength: 4 }), fc.constantFrom("; ", "\n  "))
      .map(([stmts, sep]) =>
        sep === "; " && stmts.some((s) => s.includes("//"))
          ? ([stmts, "\n  "] as const)
          : ([stmts, sep] as const),
      )
      .map(
        ([stmts, sep]) =>
          `{${sep === "; " ? " " : "\n  "}${stmts.join(sep)}${sep === "; " ? " " : "\n"}}`,
      );
    const decl = fc.oneof(
      fc.tuple(name, value).map(([n, v]) => `const ${n} = ${v}`),
      fc.tuple(name, block).map(([n, b]) => `model ${n} = lif ${b}`),
      fc
        .tuple(name, fc.integer({ min: 1, max: 99 }), block)
        .map(([n, k, b]) => `population ${n} = M[${k}] ${b}`),
      fc
        .tuple(name, name, block)
        .map(([a, b, blk]) => `connect ${a}[0..9, "AV*"] -> ${b}.AVAL ${blk}`),
      fc.tuple(name, name).map(([a, b]) => `record spikes of ${a}, ${b}[1]`),
      fc.constant("// a comment"),
      fc.constant("simulate { dt = 0.1 ms; duration = 1 s }"),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(decl, fc.constantFrom("\n", "\n\n", "\n\n\n")), { maxLength: 8 }),
        (decls) => {
          const text = decls.map(([d, sep]) => d + sep).join("");
          expectFormatsSafely(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("range formatting", () => {
  /** The text after applying the range format of [start, end], or null when nothing changes. */
  function formatRange(text: string, start: number, end = start): string | null {
    const edit = formatRangeParsed(text, parse({ id: 0, path: "x.snn", text }), start, end);
    return edit === null ? null : text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }

  const messy = [
    "// a model",
    "model   A=lif{tau_m=20ms;r_m=100Mohm} // trail",
    "",
    "",
    "population p=A[3]{",
    "    v_th = -50mV",
    "}",
    "// between",
    "connect p->p{weight=2nA}",
    "",
  ].join("\n");

  it("formats only the declaration the cursor is in, as the whole-file format prints it", () => {
    const full = formatSource(messy).text;
    const after = formatRange(messy, messy.indexOf("v_th"))!;
    expect(after).toBe(
      messy.replace(
        "population p=A[3]{\n    v_th = -50mV\n}",
        "population p = A[3] {\n  v_th = -50 mV\n}",
      ),
    );
    expect(full).toContain("population p = A[3] {\n  v_th = -50 mV\n}");
    // The declarations around it, and the blank lines before it, are left as they were.
    expect(after).toContain("model   A=lif{tau_m=20ms;r_m=100Mohm} // trail\n\n\npopulation");
  });

  it("formats every declaration a selection touches and what lies between them", () => {
    const start = messy.indexOf("model");
    const end = messy.indexOf("v_th");
    expect(formatRange(messy, start, end)).toBe(
      [
        "// a model",
        "model A = lif { tau_m = 20 ms; r_m = 100 Mohm } // trail",
        "",
        "population p = A[3] {",
        "  v_th = -50 mV",
        "}",
        "// between",
        "connect p->p{weight=2nA}",
        "",
      ].join("\n"),
    );
  });

  it("changes nothing where no declaration is touched, where all is formatted, or on syntax errors", () => {
    expect(formatRange(messy, 0, 5)).toBeNull(); // inside the first comment
    expect(formatRange(messy, messy.indexOf("// between") + 3)).toBeNull();
    const formatted = formatSource(messy).text;
    expect(formatRange(formatted, 0, formatted.length)).toBeNull();
    const broken = messy.replace("connect p->p{weight=2nA}", "connect p->p{weight=");
    expect(formatRange(broken, messy.indexOf("v_th"))).toBeNull();
  });

  it("keeps the file's CRLF line breaks", () => {
    const crlf = messy.replace(/\n/g, "\r\n");
    const after = formatRange(crlf, 0, crlf.length)!;
    expect(after).toBe(formatSource(crlf).text);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("formatting each declaration in turn gives the whole-file format (every SPEC example)", () => {
    for (const example of specExamples()) {
      // Declarations made untidy inside, their comments and the blank lines between them kept.
      const untidy = example.source
        .split("\n")
        .map((line) =>
          line.trimStart().startsWith("//")
            ? line
            : line.replace(/ = /g, "=").replace(/^  /, "      "),
        )
        .join("\n");
      let text = untidy;
      const starts = parse({ id: 0, path: "x.snn", text }).ast.decls.map((d) => d.span.start);
      // Last to first, so that the earlier declarations' offsets still hold.
      for (const start of starts.reverse()) text = formatRange(text, start) ?? text;
      expect(text, example.title).toBe(formatSource(untidy).text);
      expect(text, example.title).not.toBe(untidy);
    }
  });
});

describe("Prettier plugin", () => {
  it("formats .snn exactly as snnc fmt does", async () => {
    const src = "model   A=lif{tau_m=20ms}\npopulation p=A[3]\n";
    const out = await prettier.format(src, { parser: "snn", plugins: [plugin] });
    expect(out).toBe(formatSource(src).text);
  });

  it("reports a syntax error with its position", async () => {
    await expect(
      prettier.format("model A = lif {\n tau_m = }\n", { parser: "snn", plugins: [plugin] }),
    ).rejects.toThrow(/2:10/);
  });
});

describe("snnc fmt", () => {
  const snnc = join(repoRoot, "bin/snnc.js");

  it("rewrites a file, and --check reports files that would change", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-fmt-"));
    const file = join(dir, "a.snn");
    writeFileSync(file, "model A=lif{tau_m=20ms}\n");
    expect(() => execFileSync("node", [snnc, "fmt", "--check", file], { stdio: "pipe" })).toThrow();
    execFileSync("node", [snnc, "fmt", file], { stdio: "pipe" });
    expect(readFileSync(file, "utf8")).toBe("model A = lif { tau_m = 20 ms }\n");
    expect(execFileSync("node", [snnc, "fmt", "--check", file], { encoding: "utf8" })).toBe("");
  });

  it("refuses what is not a regular file instead of reading it for ever", () => {
    const run = spawnSync("node", [snnc, "fmt", "--check", "/dev/zero", "/dev/null"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "snnc fmt: cannot read '/dev/zero': not a regular file\n" +
        "snnc fmt: cannot read '/dev/null': not a regular file\n",
    );
  });

  it("--check passes a formatted file with CRLF line ends (a Windows checkout)", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-fmt-"));
    const file = join(dir, "a.snn");
    writeFileSync(file, "model A = lif {\r\n  tau_m = 20 ms\r\n}\r\npopulation p = A[3]\r\n");
    expect(execFileSync("node", [snnc, "fmt", "--check", file], { encoding: "utf8" })).toBe("");
  });
});
