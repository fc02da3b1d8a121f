/**
 * The VS Code extension's static parts: the manifest contributes what the client registers, and
 * the TextMate grammar's patterns (Oniguruma syntax, but within what JavaScript's RegExp also
 * reads) highlight numbers with units, keywords, arrows and comments as SPEC §1-§2 write them.
 * The grammar in a real editor is covered by the e2e run (scripts/e2e/run.mjs).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { unitNames, reservedWords } from "../../grammar/index.js";
import { repoRoot } from "./helpers.js";

const ext = resolve(repoRoot, "vscode-extension");
const manifest = JSON.parse(readFileSync(resolve(ext, "package.json"), "utf8")) as {
  name: string;
  engines: { vscode: string };
  main: string;
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string; title: string }[];
  };
};
interface Pattern {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly patterns?: readonly Pattern[];
  readonly captures?: Readonly<Record<string, { name: string }>>;
}
const grammar = JSON.parse(
  readFileSync(resolve(ext, "syntaxes", "snn.tmLanguage.json"), "utf8"),
) as { scopeName: string; repository: Record<string, Pattern> };

function matches(rule: string): RegExp[] {
  const walk = (p: Pattern): string[] => [
    ...(p.match === undefined ? [] : [p.match]),
    ...(p.patterns ?? []).flatMap(walk),
  ];
  return walk(grammar.repository[rule]!).map((m) => new RegExp(m, "y"));
}

/**
 * Scans a line as a TextMate engine does with one rule: at each position the rule's patterns are
 * tried in order and the first match wins; returns the chosen group of every match.
 */
function hits(rule: string, line: string, group = 0): string[] {
  const res = matches(rule);
  const out: string[] = [];
  let pos = 0;
  while (pos < line.length) {
    let m: RegExpExecArray | null = null;
    for (const re of res) {
      re.lastIndex = pos;
      m = re.exec(line);
      if (m !== null && m[0] !== "") break;
      m = null;
    }
    if (m === null) pos++;
    else {
      out.push(m[group] ?? "");
      pos += m[0].length;
    }
  }
  return out;
}

describe("extension manifest", () => {
  test("the language, grammar and commands are contributed", () => {
    expect(manifest.name).toBe("snn-language");
    expect(manifest.engines.vscode).toBe("^1.82.0");
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "snn", extensions: [".snn"] });
    expect(manifest.contributes.grammars[0]).toMatchObject({
      language: "snn",
      scopeName: grammar.scopeName,
    });
    expect(manifest.contributes.commands.map((c) => c.title)).toEqual(
      expect.arrayContaining(["SNN: Run simulation", "SNN: Build for NeuroCoreX"]),
    );
    const client = readFileSync(resolve(ext, "src", "extension.ts"), "utf8");
    for (const c of manifest.contributes.commands) expect(client).toContain(`"${c.command}"`);
  });

  test("the language configuration has both comment styles and the brackets", () => {
    const conf = JSON.parse(readFileSync(resolve(ext, "language-configuration.json"), "utf8")) as {
      comments: { lineComment: string; blockComment: string[] };
      brackets: string[][];
    };
    expect(conf.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    expect(conf.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
  });
});

describe("TextMate grammar", () => {
  test("numbers take their unit, with or without a space, compound units included", () => {
    expect(hits("numbers", "tau_m = 20 ms; a = 20ms; b = 1e-3 s; k = 0.5 mV/ms", 2)).toEqual([
      "ms",
      "ms",
      "s",
      "mV/ms",
    ]);
    expect(hits("numbers", "x = 2 * ms_total", 2)).toEqual([""]);
  });

  test("a range is two integers, not a decimal", () => {
    expect(hits("numbers", "exc[0..99]", 1)).toEqual(["0", "99"]);
  });

  test("every unit of SPEC §2 is recognised after a number", () => {
    for (const u of unitNames) expect(hits("numbers", `1 ${u}`, 2), u).toEqual([u]);
  });

  test("every reserved word is a keyword", () => {
    const all = matches("keywords");
    for (const w of reservedWords)
      expect(
        all.some((re) => new RegExp(re.source).test(` ${w} `)),
        w,
      ).toBe(true);
  });

  test("arrows are single operators", () => {
    expect(hits("operators", "connect a -> b; gap a <-> b { w = -1 }")).toEqual([
      "->",
      "<->",
      "=",
      "-",
    ]);
  });
});
