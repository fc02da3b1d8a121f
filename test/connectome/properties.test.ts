/**
 * Property tests of the importer: it never throws, and on random well-formed edge lists it
 * agrees with a naive reference implementation of SPEC §4's merging rules.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { importConnectome, matchesGlob } from "../../compiler/connectome/index.js";
import { DiagnosticSink, memoryHost } from "./helpers.js";

const span = { file: 0, start: 0, end: 1 };
const names = ["AVAL", "AVAR", "AVBL", "PVCL", "DB1", "VB1", "X"];

interface Row {
  pre: string;
  post: string;
  kind: "chemical" | "electrical";
  count: number;
}

const row: fc.Arbitrary<Row> = fc.record({
  pre: fc.constantFrom(...names),
  post: fc.constantFrom(...names),
  kind: fc.constantFrom("chemical" as const, "electrical" as const),
  count: fc.integer({ min: 1, max: 9 }),
});

/** SPEC §4 written as plainly as possible. */
function reference(rows: readonly Row[], select: readonly string[] | null) {
  const kept = (n: string) => select === null || select.some((p) => matchesGlob(p, n));
  const members = [...new Set(rows.flatMap((r) => [r.pre, r.post]))].filter(kept).sort();
  const at = (n: string) => members.indexOf(n);
  const chem = new Map<string, number>();
  const dir = new Map<string, number>();
  for (const r of rows) {
    if (!kept(r.pre) || !kept(r.post)) continue;
    if (r.kind === "chemical") {
      const k = `${at(r.pre)},${at(r.post)}`;
      chem.set(k, (chem.get(k) ?? 0) + r.count);
    } else if (r.pre !== r.post) {
      const k = `${at(r.pre)},${at(r.post)}`;
      dir.set(k, (dir.get(k) ?? 0) + r.count);
    }
  }
  const gaps = new Map<string, number>();
  let asymmetric = 0;
  for (const [k, c] of dir) {
    const [i = 0, j = 0] = k.split(",").map(Number);
    const back = dir.get(`${j},${i}`);
    if (back !== undefined && back !== c && i < j) asymmetric++;
    const key = `${Math.min(i, j)},${Math.max(i, j)}`;
    gaps.set(key, Math.max(gaps.get(key) ?? 0, c));
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([k, c]) => [...k.split(",").map(Number), c])
      .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0));
  return { members, chemical: sorted(chem), electrical: sorted(gaps), asymmetric };
}

describe("importConnectome properties", () => {
  test("agrees with a naive implementation of the merging rules", () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.option(fc.subarray(["AV*", "?B1", "PVCL", "X"], { minLength: 1 }), { nil: null }),
        (rows, select) => {
          const text = [
            "pre,post,type,synapses",
            ...rows.map((r) => `${r.pre},${r.post},${r.kind},${r.count}`),
          ].join("\n");
          const sink = new DiagnosticSink();
          const data = importConnectome(
            {
              name: "w",
              source: { path: "/e.csv", span },
              select: select?.map((value) => ({ value, span })),
            },
            memoryHost({ "/e.csv": text }),
            sink,
          );
          const want = reference(rows, select);
          const unmatched = (select ?? []).filter(
            (p) => !rows.some((r) => matchesGlob(p, r.pre) || matchesGlob(p, r.post)),
          );
          expect(sink.items.filter((d) => d.severity === "error").length).toBe(unmatched.length);
          expect(data?.members).toEqual(want.members);
          expect(data?.chemical.map((e) => [e.pre, e.post, e.count])).toEqual(want.chemical);
          expect(data?.electrical.map((e) => [e.a, e.b, e.count])).toEqual(want.electrical);
          expect(data?.stats.gapAsymmetricPairs).toBe(want.asymmetric);
        },
      ),
    );
  });

  test("never throws on arbitrary text, and its indices stay in range", () => {
    const cell = fc.string({
      unit: fc.constantFrom("A", "B", ",", '"', "\n", "\r", " ", "1", "-"),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 12 }), (parts) => {
        const text = "pre,post,type,synapses\n" + parts.join("");
        const sink = new DiagnosticSink();
        const data = importConnectome(
          {
            name: "w",
            source: { path: "/e.csv", span },
            kinds: { span, chemical: [{ value: "A", span }] },
          },
          memoryHost({ "/e.csv": text }),
          sink,
        );
        if (data === null) return;
        const n = data.members.length;
        expect([...data.members].sort()).toEqual(data.members);
        for (const e of data.chemical) expect(e.pre < n && e.post < n && e.count > 0).toBe(true);
        for (const e of data.electrical) expect(e.a < e.b && e.b < n).toBe(true);
      }),
    );
  });
});
