/**
 * The importer's and the hover summary's numbers on the real C. elegans data, checked against an
 * independent count: a few lines of split(",") over the CSV rows (the files have no quotes), not
 * a second call into our code. Every member's in/out edges and counts, its gap partners and its
 * sign, and the stats and warnings the import reports.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import {
  importConnectome,
  summarizeMembers,
  type ConnectomeConfig,
  type ConnectomeData,
} from "../../compiler/connectome/index.js";
import { DiagnosticSink, celegans, fsHost, snnText } from "./helpers.js";

const snn = snnText(`connectome worm = csv("edges.csv") { sign = from_csv("master.csv") }`);
const span = snn.at('"edges.csv"');

/** What a plain count of the CSV rows gives. */
interface Count {
  members: string[];
  rows: number;
  chemicalRows: number;
  electricalRows: number;
  autapses: number;
  gapSelfRows: number;
  chemicalCount: number;
  /** `pre>post` → summed count. */
  chemical: Map<string, number>;
  /** `a|b` (a < b) → larger of the two directions; pairs whose directions differ. */
  gaps: Map<string, number>;
  asymmetric: number;
}

function countByHand(
  path: string,
  cols: [string, string, string, string],
  kinds: [string, string],
) {
  const lines = readFileSync(path, "utf8").split("\n");
  const header = (lines[0] ?? "").split(",");
  const [pi, qi, ki, ci] = cols.map((c) => header.indexOf(c));
  const byDirection = new Map<string, number>();
  const c: Count = {
    members: [],
    rows: 0,
    chemicalRows: 0,
    electricalRows: 0,
    autapses: 0,
    gapSelfRows: 0,
    chemicalCount: 0,
    chemical: new Map(),
    gaps: new Map(),
    asymmetric: 0,
  };
  const names = new Set<string>();
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const cells = line.split(",");
    const [pre, post, kind, n] = [pi, qi, ki, ci].map((k) => cells[k ?? -1] ?? "");
    const count = Number(n);
    c.rows++;
    names.add(pre ?? "").add(post ?? "");
    if (kind === kinds[0]) {
      c.chemicalRows++;
      c.chemicalCount += count;
      if (pre === post) c.autapses++;
      const key = `${pre}>${post}`;
      c.chemical.set(key, (c.chemical.get(key) ?? 0) + count);
    } else if (kind === kinds[1]) {
      c.electricalRows++;
      if (pre === post) c.gapSelfRows++;
      else byDirection.set(`${pre}>${post}`, (byDirection.get(`${pre}>${post}`) ?? 0) + count);
    }
  }
  for (const [key, n] of byDirection) {
    const [a = "", b = ""] = key.split(">");
    const back = byDirection.get(`${b}>${a}`);
    if (a < b && back !== undefined && back !== n) c.asymmetric++;
    const pair = a < b ? `${a}|${b}` : `${b}|${a}`;
    c.gaps.set(pair, Math.max(c.gaps.get(pair) ?? 0, n));
  }
  c.members = [...names].sort();
  return c;
}

function imported(config: Omit<ConnectomeConfig, "name">) {
  const sink = new DiagnosticSink();
  const data = importConnectome({ name: "worm", ...config }, fsHost, sink);
  if (data === null) throw new Error("import failed");
  return { data, sink };
}

/** The import's edges in the hand count's keys. */
function edgesOf(data: ConnectomeData) {
  const m = (k: number) => data.members[k] ?? "?";
  return {
    chemical: new Map(data.chemical.map((e) => [`${m(e.pre)}>${m(e.post)}`, e.count])),
    gaps: new Map(data.electrical.map((e) => [`${m(e.a)}|${m(e.b)}`, e.count])),
  };
}

const datasets = [
  {
    name: "Cook et al. 2019",
    file: "cook2019_herm_neuron_edgelist.csv",
    cols: ["pre", "post", "type", "synapses"] as [string, string, string, string],
    kinds: ["chemical", "electrical"] as [string, string],
    config: {},
  },
  {
    name: "Varshney et al. 2011",
    file: "CElegansNeuronTables_Connectome.csv",
    cols: ["Origin", "Target", "Type", "Number of Connections"] as [string, string, string, string],
    kinds: ["Send", "GapJunction"] as [string, string],
    config: {
      pre: { value: "Origin", span },
      post: { value: "Target", span },
      kind: { value: "Type", span },
      count: { value: "Number of Connections", span },
      kinds: {
        chemical: [{ value: "Send", span }],
        electrical: [{ value: "GapJunction", span }],
        span,
      },
    },
  },
];

describe.each(datasets)("$name: the import agrees with a count of the CSV rows", (set) => {
  const path = resolve(celegans, set.file);
  const hand = countByHand(path, set.cols, set.kinds);
  const { data, sink } = imported({ source: { path, span }, ...set.config });

  test("members, edges, counts and stats", () => {
    expect(data.members).toEqual(hand.members);
    const edges = edgesOf(data);
    expect(edges.chemical).toEqual(hand.chemical);
    expect(edges.gaps).toEqual(hand.gaps);
    expect(data.stats).toEqual({
      rows: hand.rows,
      chemicalRows: hand.chemicalRows,
      electricalRows: hand.electricalRows,
      unselectedRows: 0,
      autapses: hand.autapses,
      gapSelfRows: hand.gapSelfRows,
      gapAsymmetricPairs: hand.asymmetric,
      chemicalCount: hand.chemicalCount,
    });
  });

  test("the warnings give the same numbers", () => {
    const message = (code: string) => sink.items.find((d) => d.code === code)?.message;
    expect(message("connectome-gap-self")).toBe(
      `Dropping ${hand.gapSelfRows} electrical rows that couple a neuron to itself`,
    );
    expect(message("connectome-gap-asymmetric")).toBe(
      `Merging ${hand.asymmetric} gap-junction pairs whose two directions list different counts; the larger is used`,
    );
    expect(message("connectome-autapse")).toBe(
      hand.autapses === 0
        ? undefined
        : `Keeping ${hand.autapses} chemical autapses (a neuron onto itself)`,
    );
  });

  test("every member's hover summary: edges and counts in and out, gap partners", () => {
    const out = new Map<string, { edges: number; count: number }>();
    const into = new Map<string, { edges: number; count: number }>();
    const bump = (m: typeof out, name: string, n: number) => {
      const s = m.get(name) ?? { edges: 0, count: 0 };
      m.set(name, { edges: s.edges + 1, count: s.count + n });
    };
    for (const [key, n] of hand.chemical) {
      const [pre = "", post = ""] = key.split(">");
      bump(out, pre, n);
      bump(into, post, n);
    }
    const partners = new Map<string, string[]>();
    for (const key of hand.gaps.keys()) {
      const [a = "", b = ""] = key.split("|");
      partners.set(a, [...(partners.get(a) ?? []), b]);
      partners.set(b, [...(partners.get(b) ?? []), a]);
    }
    const summaries = summarizeMembers(data);
    expect(summaries.map((s) => s.name)).toEqual(hand.members);
    for (const s of summaries) {
      expect({
        name: s.name,
        out: [s.chemicalOut, s.countOut],
        in: [s.chemicalIn, s.countIn],
        gaps: s.gapPartners,
      }).toEqual({
        name: s.name,
        out: [out.get(s.name)?.edges ?? 0, out.get(s.name)?.count ?? 0],
        in: [into.get(s.name)?.edges ?? 0, into.get(s.name)?.count ?? 0],
        gaps: [...(partners.get(s.name) ?? [])].sort(),
      });
    }
  });
});

test("signs from the master sheet agree with a lookup of each edge's presynaptic transmitter", () => {
  const masterPath = resolve(celegans, "neuron_master_sheet.csv");
  const nt = new Map<string, string>();
  for (const line of readFileSync(masterPath, "utf8").split("\n").slice(1)) {
    const cells = line.split(",");
    if (cells[0]) nt.set(cells[0], (cells[2] ?? "").toLowerCase());
  }
  const receptorOf: Record<string, "exc" | "inh"> = {
    ach: "exc",
    gaba: "inh",
    glu: "inh",
    da: "exc",
    octopamine: "exc",
    "5ht": "exc",
    "unknown (orphan)": "exc",
  };
  const path = resolve(celegans, "cook2019_herm_neuron_edgelist.csv");
  const hand = countByHand(path, ["pre", "post", "type", "synapses"], ["chemical", "electrical"]);
  const expected = { exc: 0, inh: 0 };
  for (const key of hand.chemical.keys()) {
    const receptor = receptorOf[nt.get(key.split(">")[0] ?? "") ?? ""];
    if (receptor === undefined) throw new Error(`no transmitter for ${key}`);
    expected[receptor]++;
  }
  const { data, sink } = imported({
    source: { path, span },
    sign: { path: masterPath, span: snn.at('"master.csv"') },
    signs: {
      span,
      entries: ["Glu:inh", "DA:exc", "Octopamine:exc", "5HT:exc", "Unknown (orphan):exc"].map(
        (e) => {
          const [transmitter = "", receptor] = e.split(":");
          return { transmitter, receptor: receptor as "exc" | "inh", span };
        },
      ),
    },
  });
  expect(sink.hasErrors).toBe(false);
  const got = { exc: 0, inh: 0 };
  for (const e of data.chemical) got[e.receptor]++;
  expect(got).toEqual(expected);
  // the transmitter of each member, as written in the sheet (`Ach` stays `Ach`)
  for (const [k, name] of data.members.entries())
    expect(data.transmitters[k]?.toLowerCase()).toBe(nt.get(name));
});
