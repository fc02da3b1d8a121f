import { resolve } from "node:path";
import { expect, test } from "vitest";
import {
  formatMemberSummary,
  importConnectome,
  summarizeMembers,
} from "../../compiler/connectome/index.js";
import { DiagnosticSink, fixtures, fsHost, repoRoot } from "./helpers.js";

const span = { file: 0, start: 0, end: 1 };

test("member summaries of the tap-withdrawal example", () => {
  const data = importConnectome(
    {
      name: "worm",
      source: { path: resolve(repoRoot, "examples/data/tap-withdrawal.csv"), span },
      sign: { path: resolve(repoRoot, "examples/data/transmitters.csv"), span },
      signs: { span, entries: [{ transmitter: "Glu", receptor: "exc", span }] },
    },
    fsHost,
    new DiagnosticSink(),
  );
  if (data === null) throw new Error("no data");
  const byName = new Map(summarizeMembers(data).map((s) => [s.name, s]));
  expect(byName.get("AVDL")).toEqual({
    name: "AVDL",
    line: 2,
    transmitter: "ACh",
    receptor: "exc",
    chemicalOut: 2,
    chemicalIn: 3,
    countOut: 8,
    countIn: 5,
    gapPartners: ["AVDR", "AVM"],
  });
  expect(formatMemberSummary(byName.get("AVM")!)).toBe(
    "Glu (exc) · chemical: 2 out (count 4), 0 in (count 0) · gap junctions: ALML, ALMR, AVDL",
  );
  expect(formatMemberSummary(byName.get("AVAL")!)).toBe(
    "ACh · chemical: 0 out (count 0), 2 in (count 8) · gap junctions: AVAR",
  );
});

test("without a sign table the transmitter is left out", () => {
  const data = importConnectome(
    { name: "w", source: { path: resolve(fixtures, "self-gap.csv"), span } },
    fsHost,
    new DiagnosticSink(),
  );
  const [rid] = summarizeMembers(data!).filter((s) => s.name === "RID");
  expect(formatMemberSummary(rid!)).toBe(
    "chemical: 0 out (count 0), 0 in (count 0) · no gap junctions",
  );
});
