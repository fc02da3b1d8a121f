/**
 * Real-world messy files, as a neuroscientist brings them: spreadsheet exports (UTF-16, binary,
 * semicolons, duplicated columns, rows of bare separators), odd numbers, tables with a stray
 * separator on every line. Each one must give a diagnostic that names the file and line, never a
 * silently different network.
 */
import { describe, expect, test, vi } from "vitest";
import {
  importConnectome,
  type ConnectomeConfig,
  type ConnectomeData,
} from "../../compiler/connectome/index.js";
import { nodeHost } from "../../cli/node-host.js";
import { compileText, errorsOf, renderAll } from "../compiler/helpers.js";
import { DiagnosticSink, memoryHost, rendered, snnText } from "./helpers.js";

const snn = snnText(`connectome worm = csv("edges.csv") {
  sign = from_csv("nt.csv")
}`);
const source = { path: "/d/edges.csv", span: snn.at('"edges.csv"') };
const sign = { path: "/d/nt.csv", span: snn.at('"nt.csv"') };

function run(files: Record<string, string>, config: Partial<ConnectomeConfig> = {}) {
  const sink = new DiagnosticSink();
  const data: ConnectomeData | null = importConnectome(
    { name: "worm", source, ...config },
    memoryHost(files),
    sink,
  );
  return { data, sink, out: rendered(snn.sources, sink) };
}

/** Text as Node's "utf8" decoding gives it for the bytes of `text` encoded as UTF-16LE + BOM. */
function utf16AsUtf8(text: string): string {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]).toString("utf8");
}

const EDGES = "pre,post,type,synapses\nA,B,chemical,3\nB,C,electrical,1\n";

describe("files that are not UTF-8 text", () => {
  test("a UTF-16 edge list or sign table says so, instead of a garbage header", () => {
    const edges = run({ "/d/edges.csv": utf16AsUtf8(EDGES) });
    expect(edges.data).toBeNull();
    expect(edges.out).toEqual([
      "1:23 error[connectome-file-not-found]: Cannot read the connectome file 'edges.csv'",
      "  note: edges.csv: it is UTF-16 text, not UTF-8: save it as UTF-8 CSV",
    ]);
    const signs = run(
      { "/d/edges.csv": EDGES, "/d/nt.csv": utf16AsUtf8("label,neurotransmitter\nA,ACh\n") },
      { sign },
    );
    expect(signs.out).toEqual([
      "2:19 error[connectome-file-not-found]: Cannot read the sign table file 'nt.csv'",
      "  note: nt.csv: it is UTF-16 text, not UTF-8: save it as UTF-8 CSV",
    ]);
  });

  test("a binary file (a spreadsheet saved under a .csv name) names the line of its first NUL", () => {
    const { data, out } = run({ "/d/edges.csv": "PK\u0003\u0004\n\u0000\u0000" });
    expect(data).toBeNull();
    expect(out[1]).toBe(
      "  note: edges.csv: it has a NUL character at line 2: it is a binary file (a spreadsheet?) or UTF-16 text, not UTF-8 CSV",
    );
  });

  test("from_csv reports the same", () => {
    const r = compileText(
      `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`,
      {
        "/t/e.csv": utf16AsUtf8("pre,post\n0,1\n"),
      },
    );
    expect(renderAll(r)).toBe(
      [
        `2:34 error[csv-error]: Cannot read 'e.csv'`,
        "  note: e.csv: it is UTF-16 text, not UTF-8: save it as UTF-8 CSV",
      ].join("\n"),
    );
  });
});

describe("paths that are not regular files", () => {
  test('the host of the command line and the language server reads no device or directory (csv("/dev/zero") never ended)', () => {
    // /dev/stdin is the server's own protocol input; /dev/zero never ends; a FIFO may never answer
    expect(nodeHost.readFile("/dev/zero")).toBeUndefined();
    expect(nodeHost.readFile("/tmp")).toBeUndefined();
    expect(nodeHost.readFile(`${import.meta.dirname}/messy.test.ts`)).toContain("/dev/zero");
  });
});

describe("headers", () => {
  test("a column read twice is ambiguous: an error, not the first one silently", () => {
    const { data, out, sink } = run({
      "/d/edges.csv": "pre,post,type,synapses,synapses\nA,B,chemical,3,300\n",
    });
    expect(data).toBeNull();
    expect(out).toEqual([
      "1:23 error[connectome-duplicate-column]: The edge list file has more than one column named 'synapses'",
      "  note: edges.csv:1: 'synapses' is column 4 and column 5 of the header",
    ]);
    expect(sink.items[0]?.data).toEqual({ csv: { path: "/d/edges.csv", line: 1 } });
    // a duplicated column that is not read is fine
    expect(run({ "/d/edges.csv": "pre,post,type,synapses,x,x\nA,B,chemical,3,1,2\n" }).out).toEqual(
      [],
    );
  });

  test("a wide header (an adjacency matrix, a column per neuron) is listed in part", () => {
    const names = Array.from({ length: 300 }, (_, k) => `N${k}`);
    const { out } = run({
      "/d/edges.csv": `${["", ...names].join(",")}\nN0,${names.map(() => 0)}\n`,
    });
    expect(out[1]).toBe(
      `  note: edges.csv:1: the header's columns are '', ${names
        .slice(0, 19)
        .map((n) => `'${n}'`)
        .join(", ")} and 281 more`,
    );
  });

  test("the sign table's key or value column twice is an error too", () => {
    const { out } = run(
      {
        "/d/edges.csv": EDGES,
        "/d/nt.csv": "label,neurotransmitter,neurotransmitter\nA,GABA,ACh\nB,ACh,ACh\n",
      },
      { sign },
    );
    expect(out).toEqual([
      "2:19 error[connectome-duplicate-column]: The sign table file has more than one column named 'neurotransmitter'",
      "  note: nt.csv:1: 'neurotransmitter' is column 2 and column 3 of the header",
    ]);
  });

  test("a semicolon- or TAB-separated file gets a note saying so", () => {
    for (const [sep, name] of [
      [";", "semicolons"],
      ["\t", "TABs"],
    ] as const) {
      const { out } = run({ "/d/edges.csv": EDGES.replaceAll(",", sep) });
      expect(out.slice(0, 4)).toEqual([
        "1:23 error[connectome-missing-column]: The edge list file has no column 'pre'",
        `  note: edges.csv:1: the header's columns are 'pre${sep}post${sep}type${sep}synapses'`,
        `  note: the header seems to be separated by ${name}; csv(...) and from_csv(...) read comma-separated files: save the file as CSV with commas`,
        `  note: 'pre' is the default pre column; name another with pre = "..."`,
      ]);
    }
    const r = compileText(
      `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`,
      {
        "/t/e.csv": "pre;post\n0;1\n",
      },
    );
    expect(errorsOf(r).map((d) => d.message)).toContain(
      "The header must name the columns 'pre' and 'post'; it seems to be separated by semicolons, but from_csv reads comma-separated files",
    );
  });
});

describe("sign tables", () => {
  test("a neuron missing from the table, spelled differently there, gets the table's spelling", () => {
    const { out } = run(
      {
        "/d/edges.csv":
          "pre,post,type,synapses\nAS01,VB01,chemical,3\naval,AS01,chemical,1\nXYZ,AS01,chemical,1\n",
        "/d/nt.csv": "label,neurotransmitter\nAS1,ACh\nVB1,ACh\nAVAL,ACh\n",
      },
      { sign },
    );
    expect(out).toEqual([
      // in member order (code units: upper case first)
      "2:19 error[connectome-sign-key-missing]: The sign table has no row for 3 presynaptic neurons: 'AS01' (1 edge), 'XYZ' (1 edge), 'aval' (1 edge)",
      "  note: edges.csv:2: first chemical edge from AS01 (the table has 'AS1')",
      "  note: edges.csv:4: first chemical edge from XYZ",
      "  note: edges.csv:3: first chemical edge from aval (the table has 'AVAL')",
      "  note: the sign table is nt.csv, looked up by its column 'label'",
    ]);
  });
});

describe("rows", () => {
  test("a name with an invisible character (copied from a PDF) is a malformed row, not a second neuron", () => {
    const { data, out } = run({
      "/d/edges.csv":
        "pre,post,type,synapses\nAVAL,AVBL,chemical,3\nAVAR,\u200bAVBL,chemical,1\nAVAL\u00a0,AVA\u00adR,chemical,2\n",
    });
    expect(out).toEqual([
      "1:23 error[connectome-malformed-row]: Malformed row in 'edges.csv' at line 3: the neuron name in column 'post' has an invisible character, U+200B, at character 1",
      "  note: edges.csv:3",
      "1:23 error[connectome-malformed-row]: Malformed row in 'edges.csv' at line 4: the neuron name in column 'post' has an invisible character, U+00AD, at character 4",
      "  note: edges.csv:4",
    ]);
    // a no-break space is whitespace: trimmed like a space
    expect(data?.members).toEqual(["AVAL", "AVBL"]);
  });

  test("a kind setting naming the wrong column: ten unknown kinds and a count, not one per value", () => {
    const rows = Array.from({ length: 30 }, (_, k) => `A,B,class${k % 25},1`);
    const { sink } = run({ "/d/edges.csv": ["pre,post,type,synapses", ...rows].join("\n") });
    const unknown = sink.items.filter((d) => d.code === "connectome-unknown-kind");
    expect(unknown).toHaveLength(10);
    expect(unknown[0]?.message).toBe(
      "Unknown connection kind 'class0' in 'edges.csv' (2 rows, first at line 2); the known kinds are chemical 'chemical' and electrical 'electrical'",
    );
    expect(unknown[9]?.notes).toEqual([
      "edges.csv:11",
      "not shown: 15 more unknown kinds (15 rows); is 'type' the column of the connection kinds?",
    ]);
  });

  test("rows of bare separators, as spreadsheets export empty rows, are skipped like blank lines", () => {
    const { data, out } = run({ "/d/edges.csv": `${EDGES},,,\n , , , \n` });
    expect(out).toEqual([]);
    expect(data?.stats.rows).toBe(2);
  });

  test("a sign table with a malformed row on every line: ten errors and a count, not one per row", () => {
    const rows = Array.from({ length: 40 }, (_, k) => `N${k},ACh`);
    const { out, sink } = run(
      {
        "/d/edges.csv": "pre,post,type,synapses\nN0,N1,chemical,1\n",
        // a trailing separator in the header only
        "/d/nt.csv": ["label,neurotransmitter,", ...rows].join("\n"),
      },
      { sign },
    );
    const malformed = sink.items.filter((d) => d.code === "connectome-malformed-row");
    expect(malformed).toHaveLength(10);
    expect(malformed[0]?.message).toBe(
      "Malformed row in 'nt.csv' at line 2: expected 3 fields as in the header, found 2",
    );
    expect(malformed[9]?.notes).toEqual(["nt.csv:11", "30 more malformed rows are not shown"]);
    expect(out.length).toBeLessThan(40);
  });
});

describe("from_csv quotes", () => {
  test("a bad quote names its kind and column, not just 'Malformed quoted field'", () => {
    const text = `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`;
    const messages = (csv: string) =>
      errorsOf(compileText(text, { "/t/e.csv": csv })).map((d) => [d.message, d.notes]);
    expect(messages('pre,post\n0,"1" x\n')).toEqual([
      ["Text after a closing quote at column 7", ["e.csv:2"]],
    ]);
    expect(messages('pre,post\n0,1\n1,"2\n')).toEqual([
      ["Unterminated quoted field opening at column 3; nothing after it was read", ["e.csv:3"]],
    ]);
  });
});

describe("from_csv numbers", () => {
  const text = `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`;
  const compileCsv = (csv: string) => compileText(text, { "/t/e.csv": csv });

  test("hex, binary and octal cells are not numbers (Number() would read 0x10 as 16)", () => {
    const r = compileCsv("pre,post,weight_nA,delay_ms\n0,1,0x10,1\n1,2,0b11,1\n2,0,1,0o7\n");
    expect(errorsOf(r).map((d) => [d.message, d.notes])).toEqual([
      ["Weight '0x10' is not a number", ["e.csv:2"]],
      ["Weight '0b11' is not a number", ["e.csv:3"]],
      ["Delay '0o7' is not a number", ["e.csv:4"]],
    ]);
  });

  test("decimal forms are read: signs, exponents, a leading or trailing point, spaces", () => {
    const r = compileCsv("pre,post,weight_nA\n0,1,1e3\n1,2, +2 \n2,0,.5\n0,2,-0\n1,0,3.\n");
    expect(errorsOf(r)).toEqual([]);
    const rule = r.network?.projections.flatMap((p) => {
      const x = p.rule;
      return x.kind === "explicit" ? [x.weights] : [];
    });
    expect(rule?.flat()).toEqual(
      expect.arrayContaining([1e3 * 1e-9, 2e-9, 0.5e-9, 3e-9].map((w) => expect.closeTo(w, 20))),
    );
  });
});

describe("from_csv names", () => {
  test("each name is found without a scan of the selection per row", () => {
    // A file of names onto a large connectome: an indexOf over the selection for every row
    // made the rows x selection steps. Count the elements indexOf passes over on big arrays.
    const n = 3000;
    const edges = ["pre,post,type,synapses"];
    for (let k = 0; k < n; k++) edges.push(`N${k},N${(k + 1) % n},chemical,1`);
    const pairs = ["pre,post"];
    for (let k = 0; k < n; k++) pairs.push(`N${n - 1 - k},N${k}`);
    const text = `model Cell = lif { }
connectome w = csv("edges.csv") { chemical { weight = 1 pA }; neurons = Cell }
connect w -> w { rule = from_csv("pairs.csv"); weight = 1 nA }`;
    const original = Array.prototype.indexOf;
    let scanned = 0;
    const spy = vi.spyOn(Array.prototype, "indexOf").mockImplementation(function (
      this: unknown[],
      item: unknown,
      from?: number,
    ) {
      const at = original.call(this, item, from);
      if (this.length >= n) scanned += (at < 0 ? this.length : at) - (from ?? 0);
      return at;
    });
    let r;
    try {
      r = compileText(text, {
        "/t/edges.csv": edges.join("\n"),
        "/t/pairs.csv": pairs.join("\n"),
      });
    } finally {
      spy.mockRestore();
    }
    expect(errorsOf(r)).toEqual([]);
    const explicit = r.network?.projections.find((p) => p.name === "w->w#2")?.rule;
    // members are sorted by name: the position of each row's names in that order
    const sorted = Array.from({ length: n }, (_, k) => `N${k}`).sort();
    const at = (k: number) => sorted.indexOf(`N${k}`);
    expect(explicit?.kind === "explicit" && [explicit.pre, explicit.post]).toEqual([
      Array.from({ length: n }, (_, k) => at(n - 1 - k)),
      Array.from({ length: n }, (_, k) => at(k)),
    ]);
    expect(scanned).toBeLessThan(10 * n);
  });
});

describe("from_csv onto a connectome with numeric neuron ids", () => {
  const text = `model Cell = lif { }
connectome fly = csv("ids.csv") { chemical { weight = 1 pA }; neurons = Cell }
connect fly -> fly { rule = from_csv("pairs.csv"); weight = 1 nA }`;
  const compilePairs = (pairs: string) =>
    compileText(text, {
      "/t/ids.csv": "pre,post,type,synapses\n1,2,chemical,3\n2,3,chemical,1\n3,10,chemical,1\n",
      "/t/pairs.csv": pairs,
    });

  test("a cell that names one neuron and indexes another is an error, not silently the index", () => {
    // members sorted as strings: '1', '10', '2', '3'; the cell '2' names position 2 and is index 2
    // (no conflict), '1' names position 0 but is index 1
    const r = compilePairs("pre,post\n1,2\n");
    expect(errorsOf(r).map((d) => [d.message, d.notes])).toEqual([
      [
        "pre '1' is ambiguous: the selection of 'fly' has a neuron named '1' (at position 0) and also a neuron at index 1",
        ["pairs.csv:2"],
      ],
    ]);
  });

  test("a numeric name that is no index (or the same one) is that neuron", () => {
    const r = compilePairs("pre,post\n10,2\n3,3\n");
    expect(errorsOf(r)).toEqual([]);
    const rule = r.network?.projections.find((p) => p.name === "fly->fly#2")?.rule;
    expect(rule?.kind === "explicit" && [rule.pre, rule.post]).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });
});
