/**
 * The importer on the real C. elegans data in ../shared/data/celegans (read in place). The
 * expected numbers are those of the data's README, recomputed independently with Python's csv
 * module: Cook 2019 has 300 neurons, 3638 chemical rows (34 autapses, summed count 20589) and
 * 2168 electrical rows forming 1093 unordered pairs, 13 of them self-rows (dropped, leaving 1080
 * pairs), 5 listed in one direction only, and 12 pairs (24 rows) whose two directions differ.
 */
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import {
  importConnectome,
  type ConnectomeConfig,
  type ConnectomeData,
} from "../../compiler/connectome/index.js";
import type { Receptor } from "../../compiler/ir/index.js";
import { DiagnosticSink, celegans, fsHost, rendered, snnText } from "./helpers.js";

const cookPath = resolve(celegans, "cook2019_herm_neuron_edgelist.csv");
const varshneyPath = resolve(celegans, "CElegansNeuronTables_Connectome.csv");
const masterPath = resolve(celegans, "neuron_master_sheet.csv");

const snn = snnText(`
connectome worm = csv("cook.csv") {
  pre = "Origin"; post = "Target"; kind = "Type"; count = "Number of Connections"
  kinds { chemical = ["chemical", "Send"]; electrical = ["electrical", "GapJunction"] }
  sign = from_csv("master.csv", key = "label", value = "neurotransmitter")
  signs { Glu = inh; DA = exc; Octopamine = exc; exc = ["5HT", "Unknown (orphan)"]; GABA = inh }
  select = ["AV*", "PLM*", "ALM*", "ZZZ*", "AVAK"]
}`);

const src = (path: string) => ({ path, span: snn.at('"cook.csv"') });
const str = (value: string, nth = 0) => ({ value, span: snn.at(`"${value}"`, nth) });
const master = { path: masterPath, span: snn.at('"master.csv"') };
const signsBlock = (entries: [string, Receptor][]) => ({
  span: snn.at("signs {"),
  entries: entries.map(([transmitter, receptor]) => ({
    transmitter,
    receptor,
    span: snn.at(
      transmitter.startsWith("Unknown") || transmitter === "5HT"
        ? `"${transmitter}"`
        : `${transmitter} =`,
    ),
  })),
});
const allSigns: [string, Receptor][] = [
  ["Glu", "inh"],
  ["DA", "exc"],
  ["Octopamine", "exc"],
  ["5HT", "exc"],
  ["Unknown (orphan)", "exc"],
];

function run(config: ConnectomeConfig): { data: ConnectomeData | null; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return { data: importConnectome(config, fsHost, sink), sink };
}

function codes(sink: DiagnosticSink): string[] {
  return sink.items.map((d) => `${d.severity}[${d.code}]`);
}

function receptorCounts(data: ConnectomeData): Record<Receptor, number> {
  const out = { exc: 0, inh: 0 };
  for (const e of data.chemical) out[e.receptor]++;
  return out;
}

describe("Cook et al. 2019, cook2019_herm_neuron_edgelist.csv (default columns)", () => {
  const { data, sink } = run({ name: "worm", source: src(cookPath) });

  test("300 sorted neurons with the CSV line where each first appears", () => {
    expect(data).not.toBeNull();
    if (data === null) return;
    expect(data.members).toHaveLength(300);
    expect([...data.members].sort()).toEqual(data.members);
    expect(data.members).not.toContain("CANL");
    expect(data.memberLine("ADAL")).toBe(2);
    expect(data.memberLine("AVAL")).toBe(7);
    expect(data.memberLine("NOPE")).toBeUndefined();
    expect(data.members[data.memberIndex("AVAL") ?? -1]).toBe("AVAL");
  });

  test("3638 chemical edges, 34 autapses kept, counts summing to 20589, all exc", () => {
    if (data === null) return;
    expect(data.chemical).toHaveLength(3638);
    expect(data.stats.chemicalRows).toBe(3638);
    expect(data.stats.autapses).toBe(34);
    expect(data.stats.chemicalCount).toBe(20589);
    expect(receptorCounts(data)).toEqual({ exc: 3638, inh: 0 });
    const i = (n: string) => data.memberIndex(n) ?? -1;
    expect(data.chemical).toContainEqual({
      pre: i("ADAL"),
      post: i("ADAL"),
      count: 6,
      receptor: "exc",
      line: 2,
    });
    const avaToAvar = data.chemical.find((e) => e.pre === i("AVAL") && e.post === i("AVAR"));
    expect(avaToAvar?.count).toBe(12);
  });

  test("2168 electrical rows give 1093 unordered pairs; 13 self-pairs dropped leave 1080", () => {
    if (data === null) return;
    expect(data.stats.electricalRows).toBe(2168);
    expect(data.stats.gapSelfRows).toBe(13);
    expect(data.electrical).toHaveLength(1093 - 13);
    for (const e of data.electrical) expect(e.a).toBeLessThan(e.b);
    const i = (n: string) => data.memberIndex(n) ?? -1;
    // AVAL-VA5 is listed as 4 one way and 5 the other: the larger wins.
    expect(data.electrical.find((e) => e.a === i("AVAL") && e.b === i("VA5"))?.count).toBe(5);
    // PVM-DB3 is listed in one direction only.
    const pvm = data.electrical.find((e) => e.a === i("DB3") && e.b === i("PVM"));
    expect(pvm?.count).toBe(2);
  });

  test("one info for the autapses, one warning each for self-rows and the 12 asymmetric pairs", () => {
    expect(codes(sink)).toEqual([
      "info[connectome-autapse]",
      "warning[connectome-gap-self]",
      "warning[connectome-gap-asymmetric]",
    ]);
    const [autapse, self, asym] = sink.items;
    expect(autapse?.message).toBe("Keeping 34 chemical autapses (a neuron onto itself)");
    expect(self?.message).toBe("Dropping 13 electrical rows that couple a neuron to itself");
    expect((self?.data as { rows: unknown[] }).rows).toHaveLength(13);
    expect(self?.notes?.[0]).toBe("cook2019_herm_neuron_edgelist.csv:3707: AIAR <-> AIAR");
    // The README's "24 pairs whose two directions carry different weights" counts rows: 12 pairs.
    expect(asym?.message).toBe(
      "Merging 12 gap-junction pairs whose two directions list different counts; the larger is used",
    );
    const pairs = (
      asym?.data as { pairs: { a: string; b: string; lineAB: number; lineBA: number }[] }
    ).pairs;
    expect(pairs).toHaveLength(12);
    expect(pairs[0]).toEqual({
      a: "AVAL",
      b: "VA5",
      countAB: 4,
      countBA: 5,
      lineAB: 3969,
      lineBA: 5630,
    });
    expect(asym?.notes?.[0]).toBe(
      "cook2019_herm_neuron_edgelist.csv:3969: AVAL -> VA5 has 4, VA5 -> AVAL (line 5630) has 5",
    );
    expect(asym?.span).toEqual(snn.at('"cook.csv"'));
  });
});

describe("Varshney et al. 2011, CElegansNeuronTables_Connectome.csv", () => {
  const config: ConnectomeConfig = {
    name: "worm",
    source: src(varshneyPath),
    pre: str("Origin"),
    post: str("Target"),
    kind: str("Type"),
    count: str("Number of Connections"),
    kinds: {
      span: snn.at("kinds {"),
      chemical: [str("chemical"), str("Send")],
      electrical: [str("electrical"), str("GapJunction")],
    },
  };
  const { data, sink } = run(config);

  test("299 neurons, 2279 chemical edges of 6465 synapses, 552 gap pairs", () => {
    expect(data).not.toBeNull();
    if (data === null) return;
    expect(data.members).toHaveLength(299);
    expect(data.chemical).toHaveLength(2279);
    expect(data.stats.chemicalCount).toBe(6465);
    expect(data.stats.autapses).toBe(0);
    expect(data.stats.electricalRows).toBe(1084);
    expect(data.stats.gapSelfRows).toBe(5);
    expect(data.electrical).toHaveLength(557 - 5);
    expect(data.stats.gapAsymmetricPairs).toBe(5);
    const i = (n: string) => data.memberIndex(n) ?? -1;
    expect(data.chemical.find((e) => e.pre === i("AVAL") && e.post === i("AVAR"))).toEqual({
      pre: i("AVAL"),
      post: i("AVAR"),
      count: 2,
      receptor: "exc",
      line: 572,
    });
  });

  test("no errors; self-rows and asymmetric pairs warned", () => {
    expect(codes(sink)).toEqual([
      "warning[connectome-gap-self]",
      "warning[connectome-gap-asymmetric]",
    ]);
  });

  test("signed with the master sheet (Varshney's own transmitter column is outdated)", () => {
    const signed = run({ ...config, sign: master, signs: signsBlock(allSigns) });
    expect(signed.sink.hasErrors).toBe(false);
    if (signed.data === null) return;
    // GABA 128 + Glu 685 edges are inhibitory; ACh (incl. 'Ach'), DA, 5HT, Octopamine, orphan exc.
    expect(receptorCounts(signed.data)).toEqual({ exc: 2279 - 128 - 685, inh: 128 + 685 });
  });
});

describe("signs from neuron_master_sheet.csv", () => {
  test("the defaults leave Glu, DA, 5HT, Octopamine and Unknown (orphan) undecided: one error names them all", () => {
    const { data, sink } = run({ name: "worm", source: src(cookPath), sign: master });
    const errors = sink.items.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    const [e] = errors;
    expect(e?.code).toBe("connectome-undecided-transmitter");
    expect(e?.message).toBe(
      "No sign for 5 of the connectome's transmitters: 'Glu' (1071 edges), 'Unknown (orphan)' (296 edges), 'DA' (153 edges), 'Octopamine' (42 edges), '5HT' (10 edges)",
    );
    expect(e?.span).toEqual(master.span);
    expect(e?.notes?.[2]).toBe(
      `neuron_master_sheet.csv:4: 'DA' is the transmitter of ADEL, ADER, CEPDL, CEPDR, CEPVL, CEPVR, PDEL, PDER`,
    );
    // The data still comes back for the editor.
    expect(data?.members).toHaveLength(300);
  });

  test("mapping every transmitter decides every edge; 'Ach' counts as ACh", () => {
    const { data, sink } = run({
      name: "worm",
      source: src(cookPath),
      sign: master,
      signs: signsBlock(allSigns),
    });
    expect(sink.hasErrors).toBe(false);
    if (data === null) return;
    // GABA 214 + Glu 1071 inhibitory; the rest (ACh 1781 + Ach 71, DA, 5HT, Octopamine, orphan) exc.
    expect(receptorCounts(data)).toEqual({ exc: 3638 - 1285, inh: 1285 });
    expect(data.transmitters[data.memberIndex("AVAL") ?? -1]).toBe("ACh");
    const i = (n: string) => data.memberIndex(n) ?? -1;
    for (const e of data.chemical) {
      const t = data.transmitters[e.pre]?.toLowerCase();
      expect(e.receptor).toBe(t === "gaba" || t === "glu" ? "inh" : "exc");
    }
    expect(data.chemical.find((e) => e.pre === i("DVB"))?.receptor).toBe("inh");
  });

  test("the edge list's own pre_neurotransmitter column works as a sign table", () => {
    const fromEdges = run({
      name: "worm",
      source: src(cookPath),
      sign: {
        path: cookPath,
        span: master.span,
        key: str("label"),
        value: str("neurotransmitter"),
      },
    });
    // Wrong columns for this file: both reported, with the header listed.
    expect(codes(fromEdges.sink).filter((c) => c.startsWith("error"))).toEqual([
      "error[connectome-missing-column]",
      "error[connectome-missing-column]",
    ]);
    const ok = run({
      name: "worm",
      source: src(cookPath),
      sign: {
        path: cookPath,
        span: master.span,
        key: { value: "pre", span: snn.at('"label"') },
        value: { value: "pre_neurotransmitter", span: snn.at('"neurotransmitter"') },
      },
      signs: signsBlock(allSigns),
    });
    expect(ok.sink.hasErrors).toBe(false);
    expect(ok.data && receptorCounts(ok.data)).toEqual({ exc: 3638 - 1285, inh: 1285 });
  });
});

describe("select", () => {
  const select = [str("AV*"), str("PLM*"), str("ALM*")];

  test("keeps the 23 matching neurons and only edges between them", () => {
    const { data, sink } = run({ name: "worm", source: src(cookPath), select });
    if (data === null) throw new Error("no data");
    expect(data.members).toEqual([
      "ALML",
      "ALMR",
      "AVAL",
      "AVAR",
      "AVBL",
      "AVBR",
      "AVDL",
      "AVDR",
      "AVEL",
      "AVER",
      "AVFL",
      "AVFR",
      "AVG",
      "AVHL",
      "AVHR",
      "AVJL",
      "AVJR",
      "AVKL",
      "AVKR",
      "AVL",
      "AVM",
      "PLML",
      "PLMR",
    ]);
    expect(data.chemical).toHaveLength(123);
    expect(data.electrical).toHaveLength(42);
    expect(data.stats.unselectedRows).toBe(5599);
    expect(sink.hasErrors).toBe(false);
  });

  test("undecided transmitters are counted on the selected edges only", () => {
    const { sink } = run({ name: "worm", source: src(cookPath), select, sign: master });
    const e = sink.items.find((d) => d.code === "connectome-undecided-transmitter");
    expect(e?.message).toBe(
      "No sign for 2 of the connectome's transmitters: 'Unknown (orphan)' (39 edges), 'Glu' (10 edges)",
    );
  });

  test("a pattern that matches nothing is an error at the pattern, with a did-you-mean", () => {
    const { sink } = run({
      name: "worm",
      source: src(cookPath),
      select: [...select, str("ZZZ*"), str("AVAK")],
    });
    expect(rendered(snn.sources, sink).filter((l) => l.includes("error"))).toEqual([
      "7:36 error[connectome-select-no-match]: The pattern 'ZZZ*' matches no neuron of the connectome",
      "7:44 error[connectome-select-no-match]: The pattern 'AVAK' matches no neuron of the connectome (did you mean 'AVAL'?)",
    ]);
  });
});
