/** The CSV writers (SPEC §6): times on the grid, shortest values, units, sort order. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatSummary,
  formatValue,
  recordingFiles,
  simulate,
  timeFormatter,
  writeRecordings,
} from "../../runtime/index.js";
import { NetBuilder, lif, sel, spikeTimes } from "./ir-builder.js";

describe("CSV formatting", () => {
  it("prints times with the fewest decimals exact on the grid", () => {
    const t = timeFormatter(1e-4);
    expect([t(0), t(322), t(10000), t(3)]).toEqual(["0", "32.2", "1000", "0.3"]);
    expect(timeFormatter(1e-3)(33)).toBe("33");
    expect(timeFormatter(2.5e-5)(3)).toBe("0.075");
  });
  it("prints step × dt to 15 digits when dt is no short decimal, without drifting off the grid", () => {
    // dt = 1 ms / 3 was taken for 0.333333333 ms: the step at 2 ms printed 1.999999998
    const third = timeFormatter(1e-3 / 3);
    expect([0, 1, 3, 6, 3000].map(third)).toEqual(["0", "0.333333333333333", "1", "2", "1000"]);
    // 30 kHz, the sampling rate of many electrode recordings
    expect(timeFormatter(1 / 30e3)(30000)).toBe("1000");
  });
  it("prints the shortest decimal that converts back to the same SI value", () => {
    expect(formatValue(-0.07, 1e-3)).toBe("-70");
    expect(formatValue(-0.065, 1e-3)).toBe("-65");
    expect(formatValue(2.5e-10, 1e-9)).toBe("0.25");
    expect(formatValue(13, 1)).toBe("13");
    const x = -0.06878073561251792;
    expect(Number(formatValue(x, 1e-3)) / 1000).toBe(x);
  });
  it("finds the shortest value text by its fast path exactly as the plain search does", () => {
    // the plain search: every precision from 1 digit up, the first that converts back
    const plain = (si: number, unit: number): string => {
      const inv = Math.round(1 / unit);
      for (let p = 1; p <= 17; p++) {
        const text = String(Number((si * inv).toPrecision(p)));
        if (Number(text) / inv === si || Number(text) * unit === si) return text;
      }
      return String(si * inv);
    };
    const units = [1e-3, 1e-6, 1e-9, 1e-12];
    const edges = [0, -0, 0.1, -0.0654, 1e-3, 5e-324, 1e-310, 1.7e308, 2 ** -1022];
    for (let e = -30; e <= 30; e++) {
      const x = Math.pow(10, e);
      edges.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -53), -x * 1.5);
    }
    for (const u of units)
      for (const x of edges) expect([x, u, formatValue(x, u)]).toEqual([x, u, plain(x, u)]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: -0.09, max: -0.04, noNaN: true }),
          fc.integer({ min: -200000, max: 200000 }).map((k) => k / 1e6),
        ),
        fc.constantFrom(...units),
        (x, u) => formatValue(x, u) === plain(x, u),
      ),
      { numRuns: 20000, seed: 7 },
    );
  });
  it("writes spikes sorted by time, population, index, with member names", () => {
    const b = new NetBuilder(1e-4, 0.002);
    const p = b.pop("p", spikeTimes([[5e-4], [3e-4, 5e-4]]), 2, { memberNames: ["AVAL", "AVAR"] });
    const q = b.pop("q", spikeTimes([[3e-4]]), 1);
    b.recordSpikes(q, p);
    b.recordState("v", 10, sel(b.pop("c", lif(), 1), [0]));
    const files = recordingFiles(simulate(b.build()));
    expect(files.map((f) => f.path)).toEqual(["spikes.csv", "v.csv"]);
    expect(files[0]!.text).toBe(
      "time_ms,population,index,name\n0.3,p,1,AVAR\n0.3,q,0,\n0.5,p,0,AVAL\n0.5,p,1,AVAR\n",
    );
    expect(files[1]!.text.split("\n").slice(0, 3)).toEqual([
      "time_ms,population,index,name,v_mV",
      "0,c,0,,-70",
      "1,c,0,,-70",
    ]);
    expect(files[1]!.text.trim().split("\n").length).toBe(1 + 3);
  });
  it("writes many spikes with long indices and non-ASCII names as plain rows", () => {
    // 3,000 spikes: the byte buffer grows several times; indices up to 1299 and UTF-8 names
    const b = new NetBuilder(1e-4, 0.0011);
    const n = 1300;
    const times = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [1e-4, 5e-4, 9e-4] : [2e-4]));
    const names = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `Nä${i}` : `N${i}`));
    b.recordSpikes(b.pop("große", spikeTimes(times), n, { memberNames: names }));
    const text = recordingFiles(simulate(b.build()))[0]!.text;
    const rows = text.trim().split("\n");
    const expected: string[] = [];
    for (const [t, s] of [
      ["0.1", 1e-4],
      ["0.2", 2e-4],
      ["0.5", 5e-4],
      ["0.9", 9e-4],
    ] as const)
      for (let i = 0; i < n; i++)
        if ((times[i] ?? []).includes(s)) expected.push(`${t},große,${i},${names[i]}`);
    expect(rows).toEqual(["time_ms,population,index,name", ...expected]);
  });
  it("writes a table larger than its piece buffer, and a line longer than it, byte for byte", () => {
    // about 2 MB of rows in pieces of 1 MB, and one member name of 1.1 MB
    const b = new NetBuilder(1e-4, 0.0006);
    const n = 20000;
    const times = Array.from({ length: n }, () => [1e-4, 2e-4, 3e-4, 5e-4]);
    const names = Array.from({ length: n }, (_, i) => (i === 7 ? "L".repeat(1_100_000) : `n${i}`));
    b.recordSpikes(b.pop("big", spikeTimes(times), n, { memberNames: names }));
    const result = simulate(b.build());
    const file = recordingFiles(result)[0]!;
    const sizes: number[] = [];
    const chunks: string[] = [];
    file.pieces?.((piece) => {
      sizes.push(piece.length);
      chunks.push(new TextDecoder().decode(piece));
    });
    expect(sizes.length).toBeGreaterThan(3);
    const text = chunks.join("");
    const rows = text.split("\n");
    expect(rows.length).toBe(1 + 4 * n + 1);
    expect(rows[1 + 7]).toBe(`0.1,big,7,${names[7]}`);
    expect(rows[4 * n]).toBe(`0.5,big,${n - 1},n${n - 1}`);
    expect(new TextDecoder().decode(file.bytes)).toBe(text);
    const dir = mkdtempSync(join(tmpdir(), "snnc-csv-"));
    writeRecordings(result, dir);
    expect(readFileSync(join(dir, "spikes.csv"), "utf8")).toBe(text);
  });
  it("writes a state recording piece by piece, never as one string", () => {
    // a recording longer than V8's longest string (about 512 MB) threw "Invalid string length"
    // after the whole run, and nothing was written: the rows are now written about 1 MB at a time
    const b = new NetBuilder(1e-4, 0.05);
    b.recordState("v", 1, b.pop("c", lif(), 300));
    const result = simulate(b.build());
    const file = recordingFiles(result).find((f) => f.path === "v.csv")!;
    expect(file.pieces).toBeDefined();
    const sizes: number[] = [];
    const chunks: string[] = [];
    file.pieces?.((piece) => {
      sizes.push(piece.length);
      chunks.push(new TextDecoder().decode(piece));
    });
    // 501 samples × 300 neurons of about 20 bytes: several pieces of a megabyte
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThan(2 ** 20 + 100);
    expect(chunks.join("")).toBe(file.text);
    expect(file.text.split("\n").length).toBe(1 + 501 * 300 + 1);
    const dir = mkdtempSync(join(tmpdir(), "snnc-state-"));
    writeRecordings(result, dir);
    expect(readFileSync(join(dir, "v.csv"), "utf8")).toBe(file.text);
  });

  it("writes into directories it makes one level at a time, and not onto a file", () => {
    // one makeDirectories for writeRecordings and the CLI (Node's recursive mkdirSync loops for
    // ever under /proc)
    const b = new NetBuilder(1e-4, 0.001);
    b.recordSpikes(b.pop("p", spikeTimes([[0.0005]]), 1));
    const result = simulate(b.build());
    const root = mkdtempSync(join(tmpdir(), "snnc-dirs-"));
    const deep = join(root, "a", "b", "c");
    expect(writeRecordings(result, deep)).toEqual([join(deep, "spikes.csv")]);
    const file = join(deep, "spikes.csv");
    expect(() => writeRecordings(result, file)).toThrow(`'${file}' is a file, not a directory`);
  });

  it("summarises size, spikes, rate and seed", () => {
    const b = new NetBuilder(1e-4, 0.5, 12);
    b.pop("p", spikeTimes([[0.1, 0.2], [0.3]]), 2);
    const text = formatSummary(simulate(b.build()));
    expect(text).toContain("p              2       3      3.0");
    expect(text).toContain("seed 12");
  });
  it("merges several recordings of one variable, sorted by time, population, index, once each", () => {
    const b = new NetBuilder(1e-4, 0.0002);
    const x = b.pop("x", lif(), 2);
    const y = b.pop("y", lif(), 1);
    b.recordState("v", 1, y, sel(x, [1]));
    b.recordState("v", 2, sel(x, [1, 0]));
    const text = recordingFiles(simulate(b.build())).find((f) => f.path === "v.csv")?.text ?? "";
    expect(text.trim().split("\n")).toEqual([
      "time_ms,population,index,name,v_mV",
      "0,x,0,,-70",
      "0,x,1,,-70",
      "0,y,0,,-70",
      "0.1,x,1,,-70",
      "0.1,y,0,,-70",
      "0.2,x,0,,-70",
      "0.2,x,1,,-70",
      "0.2,y,0,,-70",
    ]);
  });
  it("writes a neuron or a sampled weight recorded twice once", () => {
    const b = new NetBuilder(1e-4, 0.0005);
    const p = b.pop("p", lif(), 2);
    const q = b.pop("q", lif(), 2);
    b.connect(p, q, { weight: 1e-9 });
    b.recordState("v", 1, p, p);
    b.recordWeights(1, 0);
    b.recordWeights(2, 0);
    const files = recordingFiles(simulate(b.build()));
    const v =
      files
        .find((f) => f.path === "v.csv")
        ?.text.trim()
        .split("\n") ?? [];
    expect(v.slice(1, 4)).toEqual(["0,p,0,,-70", "0,p,1,,-70", "0.1,p,0,,-70"]);
    expect(v).toHaveLength(1 + 6 * 2);
    const w =
      files
        .find((f) => f.path === "weights.csv")
        ?.text.trim()
        .split("\n") ?? [];
    expect(w).toHaveLength(1 + 6 * 4); // steps 0..5, 4 synapses each, once
    expect(new Set(w).size).toBe(w.length);
  });

  it("writes weight samples in order of time, then recording, each projection once a step", () => {
    const b = new NetBuilder(1e-4, 0.0005);
    const p = b.pop("p", lif(), 1);
    const q = b.pop("q", lif(), 1);
    b.connect(p, q, { weight: 1e-9 });
    b.connect(q, p, { weight: 2e-9 });
    b.recordWeights(2, 0);
    b.recordWeights(3, 1);
    b.recordWeights(1, 0);
    const w = recordingFiles(simulate(b.build()))
      .find((f) => f.path === "weights.csv")!
      .text.trim()
      .split("\n")
      .slice(1)
      .map((row) => row.split(",").slice(0, 2).join(" "));
    expect(w).toEqual([
      "0 p->q",
      "0 q->p",
      "0.1 p->q",
      "0.2 p->q",
      "0.3 q->p",
      "0.3 p->q",
      "0.4 p->q",
      "0.5 p->q",
    ]);
  });

  it("writes a weight recording piece by piece, never as one string", () => {
    // as the state files: a long weight recording is larger than V8's longest string
    const b = new NetBuilder(1e-4, 0.02);
    const p = b.pop("p", lif(), 60);
    const q = b.pop("q", lif(), 60);
    b.connect(p, q, { weight: 1e-9 });
    b.recordWeights(1, 0);
    const result = simulate(b.build());
    const file = recordingFiles(result).find((f) => f.path === "weights.csv")!;
    const chunks: string[] = [];
    file.pieces?.((piece) => chunks.push(new TextDecoder().decode(piece)));
    // 201 samples × 3,600 synapses of about 20 bytes: several pieces of a megabyte
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join("")).toBe(file.text);
    expect(file.text.split("\n").length).toBe(1 + 201 * 3600 + 1);
    const dir = mkdtempSync(join(tmpdir(), "snnc-weights-"));
    writeRecordings(result, dir);
    expect(readFileSync(join(dir, "weights.csv"), "utf8")).toBe(file.text);
  });

  it("quotes a field holding a comma, a quote or a line break (RFC 4180)", () => {
    // member names come from CSV cells, projection names from selections: `a[x, y]->b`
    const b = new NetBuilder(1e-4, 0.002, 1);
    const src = b.pop("src", spikeTimes([[0.0005], [0.0005], [0.0005]]), 3, {
      memberNames: ["A, x", 'say "hi"', "plain"],
    });
    const post = b.pop("post", lif(), 1, { memberNames: ["two\nlines"] });
    const rule = b.stdp({ w_max: 1e-9 });
    b.connect(sel(src, [0, 1]), post, { weight: 0.5e-9, plasticity: rule });
    b.recordSpikes(src);
    b.recordState("v", 10, post);
    b.recordWeights(10, 0);
    const net = b.build();
    const files = recordingFiles(simulate(net));
    const text = (path: string) => files.find((f) => f.path === path)?.text ?? "";
    const rows = (path: string) => parseCsv(text(path));
    expect(rows("spikes.csv").slice(1)).toEqual([
      ["0.5", "src", "0", "A, x"],
      ["0.5", "src", "1", 'say "hi"'],
      ["0.5", "src", "2", "plain"],
    ]);
    expect(text("spikes.csv")).toContain('0.5,src,0,"A, x"\n0.5,src,1,"say ""hi"""\n');
    for (const r of rows("v.csv")) expect(r).toHaveLength(5);
    expect(rows("v.csv")[1]?.[3]).toBe("two\nlines");
    const w = rows("weights.csv");
    expect(w[0]).toHaveLength(7);
    expect(w.slice(1).map((r) => [r.length, r[1], r[4], r[5]])).toContainEqual([
      7,
      net.projections[0]?.name,
      "A, x",
      "two\nlines",
    ]);
  });
});

/** A small RFC 4180 reader: fields, quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  return rows;
}
