/**
 * Faulty and edge-case edge lists (test/fixtures/connectome/*.csv): each problem is reported at
 * the `.snn` text it relates to, with the CSV file's path and line in the notes.
 */
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import {
  importConnectome,
  type ConnectomeConfig,
  type ConnectomeData,
} from "../../compiler/connectome/index.js";
import { DiagnosticSink, fixtures, fsHost, memoryHost, rendered, snnText } from "./helpers.js";

const snn = snnText(`connectome worm = csv("edges.csv") {
  pre = "Origin"; post = "Target"; kind = "Type"; count = "Number of Connections"
  kinds { chemical = ["Send"]; electrical = ["GapJunction", "send"] }
  sign = from_csv("nt.csv", key = "label", value = "neurotransmitter")
  signs { ACh = exc; GABA = inh; Tyramine = inh; Glut = inh; GABA = exc }
  select = ["AV*"]
}`);

const fixture = (name: string) => resolve(fixtures, name);
const source = (name: string) => ({ path: fixture(name), span: snn.at('"edges.csv"') });
const str = (value: string) => ({ value, span: snn.at(`"${value}"`) });
const sign = (name: string) => ({
  path: fixture(name),
  span: snn.at('"nt.csv"'),
  key: str("label"),
  value: str("neurotransmitter"),
});

/** unknown-kind.csv with its columns (Varshney's headers, as in the .snn text above). */
const unknownKind = () => ({
  source: source("unknown-kind.csv"),
  pre: str("Origin"),
  post: str("Target"),
  kind: str("Type"),
  count: str("Number of Connections"),
});

function run(config: Omit<ConnectomeConfig, "name">) {
  const sink = new DiagnosticSink();
  const data: ConnectomeData | null = importConnectome({ name: "worm", ...config }, fsHost, sink);
  return { data, sink, out: rendered(snn.sources, sink) };
}

describe("file and header problems", () => {
  test("a missing file is an error at the csv string", () => {
    const { data, out } = run({ source: source("no-such-file.csv") });
    expect(data).toBeNull();
    expect(out).toEqual([
      `1:23 error[connectome-file-not-found]: Cannot read the connectome file 'no-such-file.csv'`,
    ]);
  });

  test("messages and notes name the file as written in the .snn file when the checker passes it", () => {
    const missing = run({ source: { ...source("nope.csv"), display: "data/nope.csv" } });
    expect(missing.out).toEqual([
      "1:23 error[connectome-file-not-found]: Cannot read the connectome file 'data/nope.csv'",
    ]);
    const self = run({ source: { ...source("self-gap.csv"), display: "data/self-gap.csv" } });
    expect(self.out[1]).toBe("  note: data/self-gap.csv:2: AVAL <-> AVAL");
    expect(self.sink.items[0]?.data).toEqual({
      rows: [
        { name: "AVAL", line: 2 },
        { name: "RID", line: 5 },
      ],
    });
  });

  test("a missing column lists the header and suggests the closest name", () => {
    const { data, sink, out } = run({ source: source("missing-column.csv") });
    expect(data).toBeNull();
    expect(out).toEqual([
      "1:23 error[connectome-missing-column]: The edge list file has no column 'synapses' (did you mean 'synapse'?)",
      `  note: missing-column.csv:1: the header's columns are 'pre', 'post', 'type', 'synapse'`,
      `  note: 'synapses' is the default count column; name another with count = "..."`,
    ]);
    expect(sink.items[0]?.data).toEqual({
      csv: { path: fixture("missing-column.csv"), line: 1 },
      replacement: "synapse",
    });
  });

  test("a column the user named is reported at that name", () => {
    const { out } = run({
      source: source("missing-column.csv"),
      count: str("Number of Connections"),
    });
    expect(out[0]).toBe(
      "2:59 error[connectome-missing-column]: The edge list file has no column 'Number of Connections'",
    );
    expect(out).toHaveLength(2);
  });

  test("an edge list without a count column is told how to give one synapse per row", () => {
    // SPEC §4: a missing column is an error; with no other column to name, the note says what works
    const host = memoryHost({ "/m/n.csv": "pre,post,type\nAVAL,AVAR,chemical\n" });
    const sink = new DiagnosticSink();
    const data = importConnectome(
      { name: "w", source: { path: "/m/n.csv", span: snn.at('"edges.csv"') } },
      host,
      sink,
    );
    expect(data).toBeNull();
    expect(rendered(snn.sources, sink)).toEqual([
      "1:23 error[connectome-missing-column]: The edge list file has no column 'synapses'",
      `  note: n.csv:1: the header's columns are 'pre', 'post', 'type'`,
      `  note: 'synapses' is the default count column; name another with count = "..."`,
      "  note: every edge needs a count; if each row is one synapse, add a column 'synapses' with 1 on every row (rows of the same pair are summed)",
    ]);
  });

  test("an empty file has no header row", () => {
    const { data, out } = run({ source: source("empty.csv") });
    expect(data).toBeNull();
    expect(out[0]).toBe(
      "1:23 error[connectome-malformed-row]: Malformed row in 'empty.csv' at line 1: the file is empty (no header row)",
    );
  });
});

describe("row problems", () => {
  test("malformed rows are reported with their lines and skipped", () => {
    const { data, out } = run({ source: source("malformed-row.csv") });
    expect(out).toEqual([
      "1:23 error[connectome-malformed-row]: Malformed row in 'malformed-row.csv' at line 3: expected 4 fields as in the header, found 3",
      `  note: malformed-row.csv:3`,
      "1:23 error[connectome-malformed-row]: Malformed row in 'malformed-row.csv' at line 5: expected 4 fields as in the header, found 5",
      `  note: malformed-row.csv:5`,
    ]);
    // The good rows still come back (for the editor), errors tell the checker not to build.
    expect(data?.chemical.map((e) => e.line)).toEqual([2, 6]);
    expect(data?.electrical).toEqual([{ a: 2, b: 3, count: 1, line: 4 }]);
  });

  test("an unterminated quote is reported at the line where it opens; earlier rows are kept", () => {
    const { data, out } = run({ source: source("unterminated-quote.csv") });
    expect(out).toEqual([
      "1:23 error[connectome-unterminated-quote]: Unterminated quoted field in 'unterminated-quote.csv' starting at line 3",
      `  note: unterminated-quote.csv:3: the quote opens at column 1; nothing after it was read`,
    ]);
    expect(data?.members).toEqual(["AVAL", "AVAR"]);
  });

  test("counts that are not positive numbers are errors at the count column", () => {
    const { data, out } = run({
      source: source("bad-count.csv"),
      count: str("Number of Connections"),
    });
    expect(data).toBeNull(); // that column is not in this file
    expect(out[0]).toContain("no column 'Number of Connections'");
    const ok = run({ source: source("bad-count.csv") });
    expect(ok.out.filter((l) => !l.startsWith("  "))).toEqual([
      "1:23 error[connectome-bad-count]: The count '0' in 'bad-count.csv' at line 2 is not a positive number",
      "1:23 error[connectome-bad-count]: The count '-1' in 'bad-count.csv' at line 3 is not a positive number",
      "1:23 error[connectome-bad-count]: The count 'two' in 'bad-count.csv' at line 4 is not a positive number",
      "1:23 error[connectome-bad-count]: The count '' in 'bad-count.csv' at line 5 is not a positive number",
    ]);
    expect(ok.out[1]).toBe(`  note: bad-count.csv:2: column 'synapses'`);
    // 1e1 and 2.5 are fine.
    expect(ok.data?.chemical.map((e) => e.count)).toEqual([10, 2.5]);
  });

  test("an unknown kind lists the kinds given, once per value with its rows", () => {
    const { data, out } = run({
      ...unknownKind(),
      kinds: {
        span: snn.at("kinds {"),
        chemical: [str("Send")],
        electrical: [{ value: "GapJunction", span: snn.at('"GapJunction"') }],
      },
    });
    expect(out).toEqual([
      "3:3 error[connectome-unknown-kind]: Unknown connection kind 'Receive' in 'unknown-kind.csv' (2 rows, first at line 3); the known kinds are chemical 'Send' and electrical 'GapJunction'",
      `  note: unknown-kind.csv:3`,
      `  note: unknown-kind.csv:6`,
      "3:3 error[connectome-unknown-kind]: Unknown connection kind 'NMJ' in 'unknown-kind.csv' (1 row, first at line 7); the known kinds are chemical 'Send' and electrical 'GapJunction'",
      `  note: unknown-kind.csv:7`,
    ]);
    expect(data?.members).toEqual(["AVAL", "AVAR", "AVBL", "AVBR"]);
  });

  test("an empty kinds list says so instead of leaving a gap", () => {
    const { out } = run({
      ...unknownKind(),
      kinds: {
        span: snn.at("kinds {"),
        chemical: [],
        electrical: [{ value: "GapJunction", span: snn.at('"GapJunction"') }],
      },
    });
    expect(out[0]).toContain("the known kinds are chemical (none) and electrical 'GapJunction'");
  });

  test("without a kinds block the defaults are named, at the kind column", () => {
    const { out } = run({
      ...unknownKind(),
    });
    expect(out[0]).toBe(
      "2:43 error[connectome-unknown-kind]: Unknown connection kind 'Send' in 'unknown-kind.csv' (1 row, first at line 2); the known kinds are chemical 'chemical' and electrical 'electrical'",
    );
  });

  test("a kind listed on both sides is an error at the second listing", () => {
    const { out } = run({
      ...unknownKind(),
      kinds: { span: snn.at("kinds {"), chemical: [str("Send")], electrical: [str("send")] },
    });
    expect(out[0]).toBe(
      "3:61 error[connectome-kind-overlap]: The kind 'send' is listed as both chemical and electrical",
    );
  });

  test("a file with only a header, or a selection without edges, adds nothing (warning)", () => {
    const host = memoryHost({
      "/m/h.csv": "pre,post,type,synapses\n",
      "/m/e.csv": "pre,post,type,synapses\nAVAL,RIM,chemical,1\nAVBL,RIM,chemical,1\n",
    });
    const messages = (path: string, select?: string) => {
      const sink = new DiagnosticSink();
      const span = snn.at('"AV*"');
      importConnectome(
        {
          name: "w",
          source: { path, span: snn.at('"edges.csv"') },
          select: select === undefined ? undefined : [{ value: select, span }],
        },
        host,
        sink,
      );
      return rendered(snn.sources, sink);
    };
    expect(messages("/m/h.csv")).toEqual([
      "1:23 warning[connectome-empty]: The connectome has no neurons",
    ]);
    expect(messages("/m/e.csv", "AV*")).toEqual([
      "1:23 warning[connectome-empty]: The connectome has no edges",
    ]);
  });

  test("an empty neuron name is a malformed row", () => {
    const host = memoryHost({
      "/m/e.csv": "pre,post,type,synapses\nA,,chemical,1\nA,B,chemical,1\n",
    });
    const sink = new DiagnosticSink();
    const data = importConnectome(
      { name: "w", source: { path: "/m/e.csv", span: snn.at('"edges.csv"') } },
      host,
      sink,
    );
    expect(sink.items.map((d) => d.message)).toEqual([
      "Malformed row in 'e.csv' at line 2: the neuron name in column 'post' is empty",
    ]);
    expect(data?.members).toEqual(["A", "B"]);
  });
});

describe("merging", () => {
  test("duplicate chemical rows are summed at their first line; autapses kept with a note", () => {
    const { data, out } = run({ source: source("duplicate-rows.csv") });
    expect(data?.members).toEqual(["AVAL", "AVDL"]);
    expect(data?.chemical).toEqual([
      { pre: 0, post: 0, count: 1, receptor: "exc", line: 4 },
      { pre: 0, post: 1, count: 4, receptor: "exc", line: 6 },
      { pre: 1, post: 0, count: 6, receptor: "exc", line: 2 },
    ]);
    expect(out).toEqual([
      "1:23 info[connectome-autapse]: Keeping 1 chemical autapse (a neuron onto itself)",
      "  note: duplicate-rows.csv: AVAL (line 4)",
    ]);
  });

  test("defaultReceptor applies to every chemical edge without a sign table", () => {
    const { data } = run({ source: source("duplicate-rows.csv"), defaultReceptor: "inh" });
    expect(data?.chemical.map((e) => e.receptor)).toEqual(["inh", "inh", "inh"]);
  });

  test("electrical self-rows are dropped with one warning listing them", () => {
    const { data, out } = run({ source: source("self-gap.csv") });
    expect(data?.members).toEqual(["AVAL", "AVAR", "RID"]);
    expect(data?.electrical).toEqual([{ a: 0, b: 1, count: 1, line: 3 }]);
    expect(out).toEqual([
      "1:23 warning[connectome-gap-self]: Dropping 2 electrical rows that couple a neuron to itself",
      `  note: self-gap.csv:2: AVAL <-> AVAL`,
      `  note: self-gap.csv:5: RID <-> RID`,
    ]);
  });

  test("gap pairs merge per unordered pair: the larger direction, one-way rows as they are", () => {
    const { data, out } = run({ source: source("asymmetric-gap.csv") });
    const m = data?.members ?? [];
    expect(m).toEqual(["AVAL", "AVBL", "AVBR", "DB3", "DB6", "PVM", "VA5", "VB9"]);
    const named = data?.electrical.map((e) => [m[e.a], m[e.b], e.count, e.line]);
    expect(named).toEqual([
      ["AVAL", "VA5", 5, 2],
      ["AVBL", "DB6", 3, 4],
      // AVBR -> VB9 is listed twice (1 + 2 = 3), VB9 -> AVBR once with 3: equal, no warning.
      ["AVBR", "VB9", 3, 7],
      ["DB3", "PVM", 2, 6],
    ]);
    expect(out).toEqual([
      "1:23 warning[connectome-gap-asymmetric]: Merging 1 gap-junction pair whose two directions list different counts; the larger is used",
      `  note: asymmetric-gap.csv:2: AVAL -> VA5 has 4, VA5 -> AVAL (line 3) has 5`,
    ]);
  });

  test("quoted cells, CRLF, a BOM, blank lines and a name with a line break", () => {
    const { data, sink } = run({ source: source("quoted-crlf.csv") });
    expect(sink.items).toEqual([]);
    // Sorted by UTF-16 code unit: '"' comes before the letters.
    expect(data?.members).toEqual(['AV"B"R', "AVAL", "AVAR", "AVBL", "PLM\r\nL", "PVCL"]);
    expect(data?.memberLines).toEqual([4, 2, 2, 4, 5, 7]);
  });

  test("the result does not depend on row order", () => {
    const text =
      "pre,post,type,synapses\nB,A,chemical,1\nA,C,electrical,2\nC,A,electrical,2\nA,B,chemical,3\n";
    const reversed = [text.split("\n")[0], ...text.trim().split("\n").slice(1).reverse()].join(
      "\n",
    );
    const read = (t: string) => {
      const sink = new DiagnosticSink();
      const d = importConnectome(
        { name: "w", source: { path: "/m.csv", span: snn.at('"edges.csv"') } },
        memoryHost({ "/m.csv": t }),
        sink,
      );
      return (
        d && {
          members: d.members,
          chemical: d.chemical.map(({ line: _, ...e }) => e),
          electrical: d.electrical.map(({ line: _, ...e }) => e),
        }
      );
    };
    expect(read(reversed)).toEqual(read(text));
  });
});

describe("signs", () => {
  const signsBlock = {
    span: snn.at("signs {"),
    entries: [
      { transmitter: "Tyramine", receptor: "inh" as const, span: snn.at("Tyramine = inh") },
    ],
  };

  test("the presynaptic transmitter decides; defaults ACh = exc, GABA = inh; case and spaces ignored", () => {
    const { data, sink } = run({
      source: source("signed.csv"),
      sign: sign("transmitters.csv"),
      signs: signsBlock,
    });
    const m = data?.members ?? [];
    const signed = data?.chemical.map((e) => `${m[e.pre]}->${m[e.post]}:${e.receptor}`);
    // ALML is Glu, which nothing maps: undecided (given the default receptor meanwhile).
    expect(signed).toEqual([
      "AIY->RIM:exc",
      "ALML->AVDL:exc",
      "AVDL->AVAL:exc",
      "DVB->AVAL:inh",
      "RIM->AVAL:inh",
      "RIM->AVBL:inh",
    ]);
    expect(data?.members).toEqual(["AIY", "ALML", "AVAL", "AVBL", "AVDL", "DVB", "RIM"]);
    expect(data?.transmitters).toEqual([null, "Glu", "ACh", "ACh", "ach", "GABA", "Tyramine"]);
    expect(rendered(snn.sources, sink)).toEqual([
      "5:3 error[connectome-undecided-transmitter]: No sign for 1 of the connectome's transmitters: 'Glu' (1 edge)",
      `  note: transmitters.csv:2: 'Glu' is the transmitter of ALML`,
      '  note: map each in signs { ... } (e.g. Glu = inh); quote a name that is not an identifier ("5HT" = exc); or narrow the neurons with select',
      "4:35 error[connectome-sign-key-missing]: The sign table has no row for 1 presynaptic neuron: 'AIY' (1 edge)",
      `  note: signed.csv:6: first chemical edge from AIY`,
      `  note: the sign table is transmitters.csv, looked up by its column 'label'`,
    ]);
  });

  test("select narrows the edges whose signs must be decided", () => {
    const { sink } = run({
      source: source("signed.csv"),
      sign: sign("transmitters.csv"),
      signs: signsBlock,
      select: [
        { value: "AV*", span: snn.at('"AV*"') },
        { value: "R*", span: snn.at('"AV*"') },
        { value: "DVB", span: snn.at('"AV*"') },
      ],
    });
    expect(sink.items).toEqual([]);
  });

  test("a transmitter given two signs, and one not in the table (with a did-you-mean)", () => {
    const { out } = run({
      source: source("signed.csv"),
      sign: sign("transmitters.csv"),
      select: [{ value: "AV*", span: snn.at('"AV*"') }],
      signs: {
        span: snn.at("signs {"),
        entries: [
          { transmitter: "Glut", receptor: "inh", span: snn.at("Glut = inh") },
          { transmitter: "GABA", receptor: "inh", span: snn.at("GABA = inh") },
          { transmitter: "gaba", receptor: "exc", span: snn.at("GABA = exc") },
        ],
      },
    });
    expect(out).toEqual([
      "5:50 warning[connectome-unused-sign]: No neuron in the sign table has the transmitter 'Glut' (did you mean 'Glu'?)",
      `  note: the transmitters in transmitters.csv are 'Glu', 'ach', 'GABA', 'Tyramine'`,
      "5:62 error[connectome-duplicate-sign]: The transmitter 'gaba' is given two signs",
      "  note: first given as 'inh' here (test.snn:5:22)",
    ]);
  });

  test("a sign table with two transmitters for one neuron", () => {
    const { out } = run({
      source: source("signed.csv"),
      sign: sign("transmitters-conflict.csv"),
      select: [{ value: "AV*", span: snn.at('"AV*"') }],
    });
    expect(out.slice(0, 3)).toEqual([
      "4:19 error[connectome-sign-conflict]: The sign table gives 'AVDL' two transmitters: 'ACh' and 'GABA'",
      `  note: transmitters-conflict.csv:3`,
      `  note: transmitters-conflict.csv:4`,
    ]);
  });

  test("a missing sign file, and signs without a sign table", () => {
    const missing = run({ source: source("signed.csv"), sign: sign("none.csv") });
    expect(missing.out).toEqual([
      `4:19 error[connectome-file-not-found]: Cannot read the sign table file 'none.csv'`,
    ]);
    expect(missing.data?.members).toHaveLength(7);
    const unused = run({ source: source("signed.csv"), signs: signsBlock });
    expect(unused.out).toEqual([
      "5:3 warning[connectome-signs-unused]: 'signs' has no effect without a sign table (sign = from_csv(...))",
    ]);
  });
});
