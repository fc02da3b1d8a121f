import { describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import { readCsv, type CsvProblem } from "../../compiler/connectome/index.js";

/** Runs the reader and records everything it hands out. */
function collect(text: string, options: { delimiter?: string; stopAtHeader?: boolean } = {}) {
  const rows: { line: number; cells: string[] }[] = [];
  const problems: CsvProblem[] = [];
  let header: { line: number; cells: string[] } | null = null;
  const summary = readCsv(
    text,
    {
      header(cells, line) {
        header = { line, cells: [...cells] };
        return options.stopAtHeader !== true;
      },
      row(cells, line) {
        rows.push({ line, cells: [...cells] });
      },
      problem(p) {
        problems.push(p);
      },
    },
    options.delimiter === undefined ? {} : { delimiter: options.delimiter },
  );
  return { header: header as { line: number; cells: string[] } | null, rows, problems, summary };
}

describe("readCsv", () => {
  test("reads a header and rows with their line numbers, trimming cells", () => {
    const r = collect("pre, post ,n\nA,B, 1\n  C ,D,2\n");
    expect(r.header).toEqual({ line: 1, cells: ["pre", "post", "n"] });
    expect(r.rows).toEqual([
      { line: 2, cells: ["A", "B", "1"] },
      { line: 3, cells: ["C", "D", "2"] },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.summary).toEqual({
      header: ["pre", "post", "n"],
      rows: 2,
      skipped: 0,
      stopped: false,
    });
  });

  test("CRLF, lone CR, a BOM and a missing final newline all read the same", () => {
    const expected = [
      { line: 2, cells: ["A", "B"] },
      { line: 3, cells: ["C", "D"] },
    ];
    expect(collect("x,y\r\nA,B\r\nC,D\r\n").rows).toEqual(expected);
    expect(collect("x,y\rA,B\rC,D").rows).toEqual(expected);
    expect(collect("\ufeffx,y\nA,B\nC,D").rows).toEqual(expected);
    expect(collect("\ufeffx,y\nA,B\nC,D").header?.cells).toEqual(["x", "y"]);
  });

  test("blank lines are skipped but still counted for line numbers", () => {
    const r = collect("\nx,y\n\n   \nA,B\n\n");
    expect(r.header?.line).toBe(2);
    expect(r.rows).toEqual([{ line: 5, cells: ["A", "B"] }]);
  });

  test("a row of only separators (a spreadsheet's empty row) is blank; a quoted empty cell is not", () => {
    const r = collect("x,y\n,\nA,B\n , \n,,\n");
    expect(r.rows).toEqual([{ line: 3, cells: ["A", "B"] }]);
    expect(r.problems).toEqual([]);
    expect(collect('x,y\n"",\n').rows).toEqual([{ line: 2, cells: ["", ""] }]);
  });

  test("RFC 4180 quoting: delimiters, doubled quotes, line breaks inside quotes", () => {
    const r = collect('a,b,c\n"x, y","say ""hi""", "multi\nline"\nnext,2,3\n');
    expect(r.rows).toEqual([
      { line: 2, cells: ["x, y", 'say "hi"', "multi\nline"] },
      { line: 4, cells: ["next", "2", "3"] },
    ]);
    expect(collect('a\n""\n').rows).toEqual([{ line: 2, cells: [""] }]);
  });

  test("a quote inside an unquoted cell is kept literally", () => {
    expect(collect('a,b\n5" cell,x\n').rows).toEqual([{ line: 2, cells: ['5" cell', "x"] }]);
  });

  test("a row with the wrong number of fields is reported with its line and skipped", () => {
    const r = collect("a,b,c\n1,2,3\n1,2\n1,2,3,4\n4,5,6\n");
    expect(r.problems).toEqual([
      { kind: "field-count", line: 3, expected: 3, found: 2 },
      { kind: "field-count", line: 4, expected: 3, found: 4 },
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 5]);
    expect(r.summary.skipped).toBe(2);
  });

  test("the line of a row after a multi-line quoted field is right", () => {
    const r = collect('a,b\n"1\n2\n3",x\ny\n');
    expect(r.problems).toEqual([{ kind: "field-count", line: 5, expected: 2, found: 1 }]);
  });

  test("text after a closing quote is reported with its line and column", () => {
    const r = collect('a,b\n1,2\n"x"y,2\n3,4\n');
    expect(r.problems).toEqual([{ kind: "text-after-quote", line: 3, column: 4 }]);
    expect(r.rows.map((x) => x.cells)).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  test("an unterminated quote stops reading at the line where it opens", () => {
    const r = collect('a,b\n1,2\n3, "open\n4,5\n6,7\n');
    expect(r.problems).toEqual([{ kind: "unterminated-quote", line: 3, column: 4 }]);
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.summary.stopped).toBe(true);
  });

  test("the visitor can stop at the header", () => {
    const r = collect("a,b\n1,2\n", { stopAtHeader: true });
    expect(r.rows).toEqual([]);
    expect(r.summary.stopped).toBe(true);
  });

  test("TAB-separated text with the delimiter option", () => {
    const r = collect("pre\tpost\nA B\tC\n", { delimiter: "\t" });
    expect(r.rows).toEqual([{ line: 2, cells: ["A B", "C"] }]);
  });

  test("empty text has no header and no rows", () => {
    const r = collect("");
    expect(r.header).toBeNull();
    expect(r.summary).toEqual({ header: null, rows: 0, skipped: 0, stopped: false });
  });

  test("round-trips any table written with RFC 4180 quoting", () => {
    const cell = fc.string({ maxLength: 8 }).map((s) => s.trim());
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 6,
          }),
        ),
        fc.constantFrom("\n", "\r\n", "\r"),
        (table, eol) => {
          const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
          const text = table.map((row) => row.map(quote).join(",")).join(eol) + eol;
          const r = collect(text);
          expect(r.problems).toEqual([]);
          expect(r.header?.cells).toEqual(table[0]);
          // Quoted empty cells are data, not blank lines, so every row comes back.
          expect(r.rows.map((x) => x.cells)).toEqual(table.slice(1));
        },
      ),
    );
  });

  test("never throws and reports lines within the text on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ") }), (text) => {
        const lines = text.split(/\r\n|\r|\n/).length;
        const r = collect(text);
        for (const p of r.problems) expect(p.line).toBeLessThanOrEqual(lines);
        for (const row of r.rows) expect(row.line).toBeLessThanOrEqual(lines);
      }),
    );
  });

  test("mixed line ends: each row keeps its own line number, on the fast and the quoted path", () => {
    const r = collect('x,y\rA,B\r\nC,D\n"E\rF",G\rH,I\n\r\nJ,K');
    expect(r.rows).toEqual([
      { line: 2, cells: ["A", "B"] },
      { line: 3, cells: ["C", "D"] },
      { line: 4, cells: ["E\rF", "G"] },
      { line: 6, cells: ["H", "I"] },
      { line: 8, cells: ["J", "K"] },
    ]);
  });

  test("reading is linear: no search scans the text again from every row (lone-CR files)", () => {
    // A lone-CR file (classic Mac, some Excel exports) has no LF: the reader used to look for the
    // next LF from every row, to the end of the text each time, so a 5 MB file took minutes.
    // Count the characters each indexOf on the text passes over.
    const rows = 3000;
    const body = Array.from({ length: rows }, (_, k) => `N${k},N${k + 1},chemical,${k}`);
    const original = String.prototype.indexOf;
    for (const eol of ["\r", "\n", "\r\n"]) {
      const text = ["pre,post,type,n", ...body].join(eol) + eol;
      let scanned = 0;
      const spy = vi.spyOn(String.prototype, "indexOf").mockImplementation(function (
        this: string,
        search: string,
        from?: number,
      ) {
        const at = original.call(this, search, from);
        if (this === text) scanned += (at < 0 ? text.length : at) - (from ?? 0);
        return at;
      });
      let count = 0;
      try {
        readCsv(text, { header: () => true, row: () => void count++, problem: () => {} });
      } finally {
        spy.mockRestore();
      }
      expect(count).toBe(rows);
      expect(scanned).toBeLessThanOrEqual(4 * text.length);
    }
  });

  test("a long line of quoted fields is read in linear time", () => {
    // Each quoted field used to look back for the start of its line (for a column that is only
    // needed when the quote never closes): a wide quoted file, an adjacency matrix written with
    // every field quoted, took a minute for one line of 80,000 fields. Count the characters read.
    const fields = 2000;
    const text = `${Array.from({ length: fields }, (_, k) => `"c${k}"`).join(",")}\n`;
    const original = String.prototype.charCodeAt;
    let reads = 0;
    const spy = vi.spyOn(String.prototype, "charCodeAt").mockImplementation(function (
      this: string,
      at: number,
    ) {
      if (this === text) reads++;
      return original.call(this, at);
    });
    let header: readonly string[] = [];
    try {
      readCsv(text, {
        header: (cells) => ((header = [...cells]), true),
        row: () => {},
        problem: () => {},
      });
    } finally {
      spy.mockRestore();
    }
    expect(header).toHaveLength(fields);
    expect(header[fields - 1]).toBe(`c${fields - 1}`);
    expect(reads).toBeLessThanOrEqual(4 * text.length);
  });

  test("any mix of LF, CRLF and lone CR, quoted or not: the same rows, each at its line", () => {
    const cell = fc.constantFrom("a", "B", "", " x ", "1.5", "a\nb", 'q"q');
    const eol = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, eol), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (rows, quoteAll) => {
          const needsQuotes = (c: string) => quoteAll || /["\n\r,]/.test(c);
          const quote = (c: string) => (needsQuotes(c) ? `"${c.replace(/"/g, '""')}"` : c);
          let text = "h1,h2\n";
          let line = 2;
          const expected: { line: number; cells: string[] }[] = [];
          for (const [a, b, end] of rows) {
            const blank = !needsQuotes(a) && !needsQuotes(b) && a.trim() === "" && b.trim() === "";
            if (!blank) expected.push({ line, cells: [a.trim(), b.trim()] });
            text += `${quote(a)},${quote(b)}${end}`;
            line += 1 + (needsQuotes(a) ? a.split("\n").length - 1 : 0);
            line += needsQuotes(b) ? b.split("\n").length - 1 : 0;
          }
          const r = collect(text);
          expect(r.problems).toEqual([]);
          expect(r.rows).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
