/**
 * Differential tests of the incremental compiler (compiler/incremental.ts, grammar/incremental.ts):
 * after every edit of an edit sequence, `createIncrementalCompiler().compile()` must give exactly
 * what a from-scratch `compile()` of the same text gives: the same diagnostics (code, message,
 * span, related, notes, data), the same ASTs, the same IR, the same symbols (hover details
 * included) and references. Edits are random insertions and deletions, including ones that
 * break and then repair braces, strings and comments, on the SPEC §9 examples, the golden
 * fixtures and a generated 2,000-line file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compile,
  createIncrementalCompiler,
  serializeNetwork,
  type CompileResult,
  type CompilerHost,
  type IncrementalCompiler,
} from "../../compiler/index.js";
import { chunkStarts, createIncrementalParser, parse } from "../../grammar/index.js";
import { repoRoot } from "../helpers/spec-examples.js";
import { specExamples } from "./spec-examples.js";

/** The golden fixtures' `.snn` files (those starting with `_` included: they are imported). */
function fixtureFiles(dir = join(repoRoot, "test/fixtures")): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return fixtureFiles(path);
      return name.endsWith(".snn") ? [path] : [];
    });
}

/** Reads the edited file from memory and everything else from disk. */
function overlayHost(editedPath: string, text: string): CompilerHost {
  return {
    readFile(path) {
      if (path === editedPath) return text;
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

function plain(result: CompileResult) {
  return {
    diagnostics: result.diagnostics,
    files: [...result.files],
    network: result.network === null ? null : serializeNetwork(result.network),
    symbols: result.symbols.map((s) => ({ ...s })),
    references: result.references,
    sources: result.sources.all().map((f) => ({ id: f.id, path: f.path, text: f.text })),
  };
}

/** Compiles `mainPath` both ways, with `editedPath` read as `text`; asserts identical results. */
function expectSame(
  inc: IncrementalCompiler,
  mainPath: string,
  text: string,
  editedPath = mainPath,
): void {
  const host = overlayHost(editedPath, text);
  const scratch = plain(compile(mainPath, host));
  const incremental = plain(inc.compile(mainPath, host));
  expect(incremental.diagnostics).toStrictEqual(scratch.diagnostics);
  expect(incremental.files).toStrictEqual(scratch.files);
  expect(incremental.network).toBe(scratch.network);
  expect(incremental.symbols).toStrictEqual(scratch.symbols);
  expect(incremental.references).toStrictEqual(scratch.references);
  expect(incremental.sources).toStrictEqual(scratch.sources);
}

/** Fragments that open and close what the chunk scanner tracks, and some plain text. */
const fragments = [
  "{",
  "}",
  '"',
  "/*",
  "*/",
  "//",
  "\n",
  "(",
  ")",
  "[",
  "]",
  ";",
  "\\",
  " ",
  "x",
  "7",
  ".",
  "ms",
  "=",
  "->",
  "\nmodel ",
  "\nconnect ",
  "\nconst k = 2 ms\n",
  "population ",
  "\nrecord spikes of ",
];

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

const editArb = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: fc.oneof(fc.constantFrom(...fragments), fc.constant("")),
});

/** Applies `edit` (its position taken modulo the text length); returns the text and the undo. */
function apply(text: string, edit: Edit): { text: string; undo: Edit } {
  const at = edit.at % (text.length + 1);
  const end = Math.min(text.length, at + edit.remove);
  return {
    text: text.slice(0, at) + edit.insert + text.slice(end),
    undo: { at, remove: edit.insert.length, insert: text.slice(at, end) },
  };
}

/** Applies the edits one by one, then undoes them in reverse, comparing after every step. */
function checkSequence(
  mainPath: string,
  original: string,
  edits: readonly Edit[],
  editedPath = mainPath,
): void {
  const inc = createIncrementalCompiler();
  let text = original;
  expectSame(inc, mainPath, text, editedPath);
  const undos: Edit[] = [];
  for (const e of edits) {
    const r = apply(text, e);
    text = r.text;
    undos.push(r.undo);
    expectSame(inc, mainPath, text, editedPath);
  }
  for (const u of undos.reverse()) {
    text = apply(text, u).text;
    expectSame(inc, mainPath, text, editedPath);
  }
  expect(text).toBe(original);
}

describe("incremental compile = from-scratch compile after random edits", () => {
  for (const [name, source] of Object.entries(specExamples)) {
    it(`SPEC ${name}`, () => {
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) =>
          checkSequence("/t/main.snn", source, edits),
        ),
        { numRuns: 25, seed: 4242 + Number(name.replace(".", "")) },
      );
    });
  }

  for (const file of fixtureFiles()) {
    const name = file.slice(file.indexOf("test/fixtures/"));
    it(name, () => {
      const source = readFileSync(file, "utf8");
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 4 }), (edits) =>
          checkSequence(file, source, edits),
        ),
        { numRuns: 3, seed: 17 },
      );
    });
  }
});

/** A valid file with many small declarations, like the language-server benchmark's. */
function generated(lines: number): string {
  const out = ["// generated", '/* a block comment { ( [ " */'];
  for (let m = 0; m < 4; m++)
    out.push(`model M${m} = lif {`, `  tau_m = ${10 + m} ms`, "  v_th = -50 mV", "}");
  for (let c = 0; c < 10; c++) out.push(`const w${c} = ${(0.01 * (c + 1)).toFixed(2)} nA`, "");
  for (let p = 0; p < 40; p++)
    out.push(`population p${p} = M${p % 4}[5] { init v = uniform(-70 mV, -55 mV) }`);
  let k = 0;
  while (out.length < lines - 2) {
    out.push(
      `connect p${k % 40} -> p${(k * 7 + 3) % 40} { rule = fixed_probability(0.1); weight = w${k % 10}; delay = 1 ms } // ${k}`,
    );
    k++;
  }
  out.push("record spikes of p0, p1", "simulate { dt = 0.1 ms; duration = 10 ms; seed = 1 }");
  return out.join("\n") + "\n";
}

describe("incremental compile of a larger file", () => {
  const path = "/t/big.snn";
  const source = generated(300);

  it("matches from scratch after random edit sequences", () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) =>
        checkSequence(path, source, edits),
      ),
      { numRuns: 15, seed: 99 },
    );
  });

  it("re-parses only the edited declaration and moves the ones after it", () => {
    const inc = createIncrementalCompiler();
    inc.compile(path, overlayHost(path, source));
    const chunks = inc.lastParse.chunks;
    expect(chunks).toBeGreaterThan(250);
    expect(inc.lastParse.parsed).toBe(chunks);
    // flip a digit of a constant: one chunk parsed, nothing moves
    const at = source.indexOf("0.01 nA") + 3;
    const flipped = source.slice(0, at) + "2" + source.slice(at + 1);
    expectSame(inc, path, flipped);
    expect(inc.lastParse).toEqual({
      chunks,
      parsed: 1,
      moved: 0,
      copied: 0,
      broken: 0,
      tailFrom: -1,
      cached: chunks,
    });
    // insert a character: one chunk parsed, the chunks after it are moved
    const inserted = flipped.slice(0, at) + "5" + flipped.slice(at);
    expectSame(inc, path, inserted);
    expect(inc.lastParse.parsed).toBe(1);
    expect(inc.lastParse.moved).toBeGreaterThan(200);
    expect(inc.lastParse.tailFrom).toBe(-1);
  });

  it("parses from the first broken declaration to the end in one piece, and recovers", () => {
    const inc = createIncrementalCompiler();
    inc.compile(path, overlayHost(path, source));
    const at = source.indexOf("population p20");
    const broken = source.slice(0, at) + "population p20 = M0[5 {\n" + source.slice(at);
    expectSame(inc, path, broken);
    expect(inc.lastParse.tailFrom).toBe(at);
    expectSame(inc, path, source);
    expect(inc.lastParse.tailFrom).toBe(-1);
    expect(inc.lastParse.parsed).toBe(0);
  });

  it("parses a declaration being typed with the next one, and reuses the rest", () => {
    const inc = createIncrementalCompiler();
    inc.compile(path, overlayHost(path, source));
    const at = source.indexOf("connect p20");
    const typing = "connect p3 -> p";
    for (let k = 1; k <= typing.length; k++) {
      const text = source.slice(0, at) + typing.slice(0, k) + "\n" + source.slice(at);
      expectSame(inc, path, text);
      // while the line is incomplete it has a syntax error; "connect p3 -> p" is complete
      expect(inc.lastParse.broken).toBe(k < typing.length ? 1 : 0);
      if (k > "connect".length) {
        expect(inc.lastParse.tailFrom).toBe(-1);
        expect(inc.lastParse.parsed).toBe(1);
      }
    }
    // two broken declarations at once, and a broken last one
    const two =
      source.slice(0, at) +
      "connect p3 ->\n" +
      source.slice(at, at + 200) +
      "const = 3\n" +
      source.slice(at + 200);
    expectSame(inc, path, two);
    expectSame(inc, path, source + "connect p1 -> { weight = }\n");
    expect(inc.lastParse.tailFrom).toBeGreaterThan(0);
  });

  it("reads the whole file as empty when brackets nest too deep in one declaration", () => {
    // parse() gives up on the whole file then; the tail's parse alone gave up on the tail only,
    // and the language server showed declarations and errors `snnc check` did not
    const inc = createIncrementalCompiler();
    inc.compile(path, overlayHost(path, source));
    const deep = source + "simulate " + "{ ".repeat(250) + "}".repeat(250) + "\n";
    expectSame(inc, path, deep);
    expect(inc.compile(path, overlayHost(path, deep)).symbols).toStrictEqual([]);
    expectSame(inc, path, source);
  });

  it("keeps its cache bounded while a syntax error stays in the file", () => {
    const inc = createIncrementalCompiler();
    const broken = source + "connect p1 -> {\n";
    const at = broken.indexOf("0.01 nA") + 2;
    // more distinct edits than the file has chunks (plus the margin), so an unbounded cache shows
    for (let i = 0; i < 500; i++) {
      const text = broken.slice(0, at) + String(i) + broken.slice(at + 1);
      inc.compile(path, overlayHost(path, text));
    }
    expect(inc.lastParse.tailFrom).toBeGreaterThan(0);
    expect(inc.lastParse.chunks).toBeLessThan(400);
    expect(inc.lastParse.cached).toBeLessThanOrEqual(2 * inc.lastParse.chunks + 64);
  });

  it("gives the same result when the same declarations are written more than once", () => {
    const twice = source + source.split("\n").slice(-12).join("\n");
    checkSequence(path, twice, [
      { at: 10, remove: 0, insert: "x" },
      { at: twice.length - 30, remove: 0, insert: "\n" + source.split("\n").slice(-8).join("\n") },
      { at: 40, remove: 3, insert: "" },
    ]);
    const inc = createIncrementalCompiler();
    inc.compile(path, overlayHost(path, source));
    expectSame(inc, path, twice);
    expect(inc.lastParse.copied).toBeGreaterThan(0);
  });
});

describe("incremental parse = parse on arbitrary text", () => {
  it("holds for random texts built from fragments and keywords", () => {
    const piece = fc.constantFrom(
      ...fragments,
      "model A = lif { tau_m = 10 ms }\n",
      "const c = 3\n",
      "connect a -> b { weight = 1 nA }\n",
      '"str"',
      "\n\n",
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        (texts) => {
          const p = createIncrementalParser();
          for (const pieces of texts) {
            const file = { id: 0, path: "/t/x.snn", text: pieces.join("") };
            const scratch = parse(file);
            const incremental = p.parse(file);
            expect(incremental.diagnostics).toStrictEqual(scratch.diagnostics);
            expect(incremental.ast).toStrictEqual(scratch.ast);
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("splits at declaration keywords that start a line, outside comments and strings", () => {
    const text = [
      "model A = lif {",
      "model B", // inside braces, but at a line start: split (brackets are not counted)
      "}",
      "/* comment",
      "const x = 1", // inside a comment: no split
      "*/",
      'const y = "a',
      'const z" // the unterminated string above ends with its line: split here',
      "connect a -> b",
      "  connect c -> d", // not at the start of the line
      "connectome c = x",
      "modelling = 3", // not a keyword
      "",
    ].join("\n");
    const starts = chunkStarts(text);
    const lineOf = (o: number) => text.slice(0, o).split("\n").length;
    expect(starts.map(lineOf)).toEqual([1, 2, 7, 8, 9, 11]);
  });
});

describe("files that import others", () => {
  const dir = join(repoRoot, "test/fixtures/check/import-ok");
  const main = join(dir, "main.snn");
  const lib = join(dir, "_lib.snn");

  it("matches from scratch when the main file is edited", () => {
    const source = readFileSync(main, "utf8");
    checkSequence(main, source, [
      { at: 0, remove: 0, insert: "const zz = 1 ms\n" },
      { at: source.length, remove: 0, insert: "\nconst q = zz\n" },
      { at: 20, remove: 3, insert: "{" },
    ]);
  });

  it("matches from scratch when an imported file is edited", () => {
    const source = readFileSync(lib, "utf8");
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 4 }), (edits) =>
        checkSequence(main, source, edits, lib),
      ),
      { numRuns: 20, seed: 3 },
    );
  });
});
