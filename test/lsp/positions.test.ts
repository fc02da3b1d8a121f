/**
 * Positions as the editor counts them: lines end at "\n", "\r\n" or a lone "\r", characters are
 * UTF-16 code units. The client's own model (vscode-languageserver-textdocument) is the oracle.
 * (A lone "\r" ends no line in the language: outside a block comment it is invalid-character.)
 */
import { describe, expect, test } from "vitest";
import type { Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { uriToPath } from "../../lsp/index.js";
import { createWorkspace } from "./helpers.js";

/** The text the client sees under a range. */
function under(doc: TextDocument, r: Range): string {
  return doc.getText(r);
}

/** Decodes semantic token data into the texts the client would colour. */
function tokenTexts(doc: TextDocument, data: readonly number[]): string[] {
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    char = data[i] === 0 ? char + data[i + 1]! : data[i + 1]!;
    const start = { line, character: char };
    out.push(doc.getText({ start, end: { line, character: char + data[i + 2]! } }));
  }
  return out;
}

const lf =
  "/* 🧠 a model */\nmodel Cell = lif { tau_m = 20 mV }\npopulation p = Cell[3] /* 𝄞 */\n" +
  "connect p -> p { weight = 1 nA }\n";

describe("positions with every kind of line end", () => {
  const variants = {
    LF: lf,
    CRLF: lf.replace(/\n/g, "\r\n"),
    "a lone CR in a block comment": lf.replace("a model", "a\rmodel"),
  };
  for (const [name, text] of Object.entries(variants)) {
    test(`${name}: diagnostics, rename, definition and tokens land on the right text`, () => {
      const ws = createWorkspace();
      const uri = ws.uri("main.snn");
      ws.service.open(uri, text, 1);
      const doc = TextDocument.create(uri, "snn", 1, text);
      const d = ws.service.diagnostics(uri).find((x) => x.code === "unit-mismatch");
      expect(under(doc, d!.range)).toBe("20 mV");
      const use = doc.positionAt(text.indexOf("connect p") + "connect ".length);
      const edit = ws.service.rename(uri, use, "q");
      const edits = edit !== null && "changes" in edit ? edit.changes![uri]! : [];
      expect(edits.map((e) => under(doc, e.range))).toEqual(["p", "p", "p"]);
      const def = ws.service.definition(uri, use);
      expect(def.map((l) => doc.offsetAt(l.range.start))).toEqual([text.indexOf("p = Cell")]);
      expect(tokenTexts(doc, ws.service.semanticTokens(uri).data)).toEqual([
        "Cell",
        "lif",
        "tau_m",
        "mV",
        "p",
        "Cell",
        "p",
        "p",
        "weight",
        "nA",
      ]);
    });
  }

  test("lone CRs: each is an error on the character the editor shows as the line's end", () => {
    const text = lf.replace(/\n/g, "\r");
    const ws = createWorkspace();
    const uri = ws.uri("main.snn");
    ws.service.open(uri, text, 1);
    const doc = TextDocument.create(uri, "snn", 1, text);
    const lone = ws.service.diagnostics(uri).filter((x) => x.code === "invalid-character");
    expect(lone.map((d) => [d.range.start.line, under(doc, d.range)])).toEqual([
      [0, "\r"],
      [1, "\r"],
      [2, "\r"],
      [3, "\r"],
    ]);
    expect(lone[0]?.message).toContain("a carriage return without a line feed");
    // a file with errors is not formatted (its text is left as it is)
    expect(ws.service.format(uri, { tabSize: 2, insertSpaces: true })).toEqual([]);
  });

  test("a character past the end of a line stays on that line", () => {
    const text = "const a = 1\nconst b = a\n";
    const ws = createWorkspace();
    const uri = ws.uri("main.snn");
    ws.service.open(uri, text, 1);
    // past the end of line 0 is the end of `const a = 1`, not the `a` on line 1
    expect(ws.service.definition(uri, { line: 0, character: 22 })).toEqual([]);
    expect(ws.service.hover(uri, { line: 0, character: 22 })).toBeNull();
  });

  test("an error at the end of a CRLF line starts at the line's end, not between CR and LF", () => {
    const text = 'connectome w = csv("x.csv") {\r\n  select ["A"]\r\n}\r\n';
    const ws = createWorkspace();
    const uri = ws.uri("main.snn");
    ws.service.open(uri, text, 1);
    const d = ws.service.diagnostics(uri).find((x) => x.code === "syntax-error");
    // the span starts at the LF; character 15 is not on the 14-character line
    expect(d?.range.start).toEqual({ line: 1, character: '  select ["A"]'.length });
  });
});

describe("file names no URI can hold as written", () => {
  test("a lone surrogate in a CSV name: go to definition answers", () => {
    const text = 'connectome w = csv("a\udc00b.csv") { }\n';
    const ws = createWorkspace();
    const uri = ws.uri("main.snn");
    ws.service.open(uri, text, 1);
    const defs = ws.service.definition(uri, { line: 0, character: 22 });
    expect(defs.map((l) => l.uri)).toEqual([ws.uri("a\ufffdb.csv")]);
  });

  test("a URI with a malformed escape opens as the path it spells", () => {
    const ws = createWorkspace();
    const uri = "file:///virtual/100%25%zz%E2.snn";
    ws.service.open(uri, "const a = 1\n", 1);
    expect(ws.service.diagnostics(uri)).toEqual([]);
    expect(uriToPath(uri)).toBe("/virtual/100%%zz%E2.snn");
  });
});
