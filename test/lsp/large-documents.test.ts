/**
 * Large documents (thousands of declarations): work that grows with the whole file must not be
 * repeated, nor grow faster than the file.
 */
import { describe, expect, test, vi } from "vitest";
import { formatParsed, formatSource, parse } from "../../grammar/index.js";
import { createWorkspace, positionOf } from "./helpers.js";

/** Whole-file parses of each text, counted (the incremental parser's chunks are other texts). */
const parsedTexts = vi.hoisted(() => new Map<string, number>());
vi.mock("../../grammar/parse.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../grammar/parse.js")>();
  return {
    ...original,
    parse: (file: { text: string }) => {
      parsedTexts.set(file.text, (parsedTexts.get(file.text) ?? 0) + 1);
      return original.parse(file as Parameters<typeof original.parse>[0]);
    },
  };
});

function largeNetwork(n: number): string {
  const lines = ["model Cell = lif { tau_m = 20 ms }"];
  for (let i = 0; i < n; i++)
    lines.push(`population p${i} = Cell[A${i},B${i}] {  v_th.A${i} = -50 mV } // p${i}`);
  for (let i = 0; i < n; i++) lines.push(`connect p${i} -> p${(i + 1) % n} { weight = 0.1 nA }`);
  return lines.join("\n") + "\n";
}

describe("large documents", () => {
  test("formatting right after a compile parses nothing again", () => {
    const text = largeNetwork(2000);
    const ws = createWorkspace();
    const doc = ws.open("large.snn", text);
    ws.service.diagnostics(doc.uri);
    const expected = formatSource(text).text;
    parsedTexts.clear();
    const edits = ws.service.format(doc.uri, { tabSize: 2, insertSpaces: true });
    expect(edits.map((e) => e.newText)).toEqual([expected]);
    expect(parsedTexts.get(text)).toBeUndefined();
    // after an edit the text is formatted as it now is
    const end = positionOf(text, text.length);
    ws.service.change(doc.uri, [{ range: { start: end, end }, text: "const  k = 1\n" }], 2);
    const after = ws.service.format(doc.uri, { tabSize: 2, insertSpaces: true });
    expect(after[0]!.newText).toBe(expected + "const k = 1\n");
  }, 60_000);

  test("renaming a member of one of 6,000 populations takes well under a second", () => {
    const text = largeNetwork(6000);
    const ws = createWorkspace();
    const doc = ws.open("large.snn", text);
    ws.service.diagnostics(doc.uri);
    const at = positionOf(text, text.indexOf("v_th.A7 ") + "v_th.".length);
    const started = performance.now();
    const edit = ws.service.rename(doc.uri, at, "Q7");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(edit !== null && "changes" in edit ? edit.changes?.[doc.uri]?.length : 0).toBe(2);
  }, 60_000);

  test("printing 30,000 blocks with a comment each takes well under a second", () => {
    const text = Array.from(
      { length: 30_000 },
      (_, i) => `population p${i} = lif[3] { v_th = -50 mV } // c${i}\n`,
    ).join("");
    const parsed = parse({ id: 0, path: "many.snn", text });
    const started = performance.now();
    const out = formatParsed(text, parsed);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(out.text).toBe(text);
  }, 60_000);

  test("completion in a name of 300,000 characters answers", () => {
    // the member patterns were tried at every offset of the name, each running to its end:
    // quadratic, minutes for this one (it answers in well under a second now)
    const name = "x".repeat(300_000);
    const ws = createWorkspace();
    const doc = ws.open(
      "long.snn",
      `model Cell = lif { }\npopulation p = Cell[3]\nconst c = ${name}┆\n`,
    );
    expect(ws.service.completion(doc.uri, doc.cursors[0]!).length).toBeGreaterThan(0);
  }, 60_000);
});
