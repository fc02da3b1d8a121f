/**
 * Fuzz properties of the whole front end on the examples (with their CSV connectomes) and the
 * SPEC §9 examples: no prefix and no token-level mutant makes the compiler, the formatter or the
 * language server throw; every diagnostic and every range lies in its file; a file without syntax
 * errors formats idempotently, keeps its comments and keeps its meaning (the same IR and the same
 * diagnostic codes). The mutations are those of the fuzz driver that found the bugs fixed with
 * this test (extreme numbers, wrong units, keywords for names, unicode, line ends, nesting).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Diagnostic, SourceSet } from "../../common/index.js";
import { compile, serializeNetwork, type CompileResult } from "../../compiler/index.js";
import { formatSource, parse } from "../../grammar/index.js";
import { LanguageService, pathToUri } from "../../lsp/index.js";
import { repoRoot, specExamples } from "../helpers/spec-examples.js";

interface Seed {
  readonly path: string;
  readonly text: string;
}

const examplesDir = join(repoRoot, "examples");
const seeds: Seed[] = [
  ...readdirSync(examplesDir)
    .filter((n) => n.endsWith(".snn"))
    .sort()
    .map((n) => ({ path: join(examplesDir, n), text: readFileSync(join(examplesDir, n), "utf8") })),
  // beside the examples, so a CSV they name resolves as it would there
  ...specExamples().map((e, i) => ({ path: join(examplesDir, `spec-${i}.snn`), text: e.source })),
];

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function compileAt(path: string, text: string): CompileResult {
  return compile(path, { readFile: (p) => (p === path ? text : readDisk(p)) });
}

function expectSpansInFiles(diagnostics: readonly Diagnostic[], sources: SourceSet): void {
  for (const d of diagnostics) {
    if (typeof d.span === "symbol") continue;
    const length = sources.get(d.span.file).text.length;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.span.end).toBeLessThanOrEqual(length);
  }
}

/** The network without source positions: what formatting must not change. */
function meaning(r: CompileResult): string {
  const codes = r.diagnostics.map((d) => d.code).sort();
  if (r.network === null) return codes.join(",");
  const drop = (key: string, value: unknown) =>
    key === "origin" || key === "span" || key === "mainPath" ? undefined : value;
  return codes.join(",") + JSON.stringify(JSON.parse(serializeNetwork(r.network)), drop);
}

/** Editor lines (LF, CRLF or a lone CR end one). */
function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function expectRangeIn(
  lines: readonly string[],
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
) {
  for (const p of [r.start, r.end]) {
    expect(p.line).toBeLessThan(lines.length);
    expect(p.character).toBeLessThanOrEqual(lines[p.line]!.length);
  }
}

/** Compile, format and ask the language server about the end of the file; nothing may throw. */
function checkText(path: string, text: string, lspAt: readonly number[]): void {
  const r = compileAt(path, text);
  expectSpansInFiles(r.diagnostics, r.sources);
  const parsed = parse({ id: 0, path, text });
  const formatted = formatSource(text);
  const clean = !parsed.diagnostics.some((d) => d.severity === "error");
  expect(formatted.formatted).toBe(clean);
  if (clean) {
    expect(formatSource(formatted.text).text).toBe(formatted.text);
    const comments = (t: string) =>
      parse({ id: 0, path, text: t })
        .ast.comments.map((c) => c.text.replace(/\s+/g, " ").trim())
        .sort();
    expect(comments(formatted.text)).toEqual(comments(text));
    expect(meaning(compileAt(path, formatted.text))).toBe(meaning(r));
  }
  const service = new LanguageService({ readFile: readDisk });
  const uri = pathToUri(path);
  service.open(uri, text, 1);
  const lines = editorLines(text);
  for (const d of service.diagnostics(uri)) expectRangeIn(lines, d.range);
  for (const offset of lspAt) {
    const before = editorLines(text.slice(0, offset));
    const position = { line: before.length - 1, character: before[before.length - 1]!.length };
    service.completion(uri, position);
    service.hover(uri, position);
    service.definition(uri, position);
    const rename = service.prepareRename(uri, position);
    if (rename !== null) expectRangeIn(lines, rename.range);
  }
  service.semanticTokens(uri);
  service.foldingRanges(uri);
  service.documentSymbols(uri);
  service.format(uri, { tabSize: 2, insertSpaces: true });
}

const numbers = ["0", "-0", "1e308", "1e-400", "1e400", "9007199254740993", "1e12", "5e-324", "1."];
const units = ["ms", "mV", "nA", "nS", "Hz", "pF", "s", "ohm", "foo", "mV/ms", "Hz*ms"];
const words = ["connect", "population", "of", "true", "lif", "exc", "spikes", "weight", "csv"];
const inserts = [
  "\ufeff",
  "\u00a0",
  "\r",
  "\r\n",
  "\u200b",
  "\u{1F600}",
  "\ud800",
  "{",
  "}",
  "(",
  '"',
];

type Mutation =
  | { kind: "number"; which: number; value: string }
  | { kind: "unit"; which: number; value: string }
  | { kind: "word"; which: number; value: string }
  | { kind: "delete" | "duplicate"; which: number }
  | { kind: "insert"; at: number; value: string }
  | { kind: "nest"; which: number; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("number"), which: fc.nat(), value: fc.constantFrom(...numbers) }),
  fc.record({ kind: fc.constant("unit"), which: fc.nat(), value: fc.constantFrom(...units) }),
  fc.record({ kind: fc.constant("word"), which: fc.nat(), value: fc.constantFrom(...words) }),
  fc.record({ kind: fc.constantFrom("delete", "duplicate"), which: fc.nat() }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), value: fc.constantFrom(...inserts) }),
  fc.record({ kind: fc.constant("nest"), which: fc.nat(), depth: fc.constantFrom(3, 250) }),
) as fc.Arbitrary<Mutation>;

const tokenPattern =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|->|<->|\s+|[^]/g;

function mutate(text: string, m: Mutation): string {
  if (m.kind === "insert") {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.value + text.slice(at);
  }
  const tokens = text.match(tokenPattern) ?? [];
  const isNumber = (t: string) => /^[\d.]/.test(t) && /\d/.test(t);
  const isWord = (t: string) => /^[A-Za-z_]/.test(t);
  const pick = (ok: (t: string, i: number) => boolean): number => {
    const candidates = tokens.flatMap((t, i) => (ok(t, i) ? [i] : []));
    return candidates.length === 0 ? -1 : candidates[m.which % candidates.length]!;
  };
  let i: number;
  let replacement: string;
  switch (m.kind) {
    case "number":
      i = pick(isNumber);
      replacement = m.value;
      break;
    case "unit":
      i = pick((t, k) => isWord(t) && isNumber(tokens[k - 2] ?? "") && tokens[k - 1] === " ");
      replacement = m.value;
      break;
    case "word":
      i = pick(isWord);
      replacement = m.value;
      break;
    case "nest":
      i = pick(isNumber);
      replacement = "(".repeat(m.depth) + (tokens[i] ?? "") + ")".repeat(m.depth);
      break;
    default:
      i = pick((t) => !/^\s/.test(t));
      replacement = m.kind === "delete" ? "" : `${tokens[i]} ${tokens[i]}`;
  }
  if (i < 0) return text;
  tokens[i] = replacement;
  return tokens.join("");
}

describe("fuzzing the front end on the examples", () => {
  test("every prefix of every example (at a stride) compiles, formats and answers the editor", () => {
    for (const seed of seeds) {
      for (let end = 0; end <= seed.text.length; end += 53) {
        const text = seed.text.slice(0, end);
        checkText(seed.path, text, [text.length]);
      }
    }
  });

  test("token-level mutants never throw and format to the same meaning", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (which, mutations, at) => {
          const seed = seeds[which]!;
          const text = mutations.reduce(mutate, seed.text);
          checkText(seed.path, text, [0, at % (text.length + 1), text.length]);
        },
      ),
      { seed: 20261128, numRuns: 100 },
    );
  });
});
