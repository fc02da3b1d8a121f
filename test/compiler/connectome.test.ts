/** Connectome declarations lower to a named population, signed projections and one gap. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compile, verifyNetwork, type CompilerHost } from "../../compiler/index.js";
import { compileText, errorsOf } from "./helpers.js";

const data = resolve("../shared/data/celegans");

const fsHost = (main: string): CompilerHost => ({
  readFile(path) {
    if (path === "/t/main.snn") return main;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
});

describe("connectome", () => {
  const edges =
    "pre,post,type,synapses\nN1,N2,chemical,2\nN2,N3,chemical,1\nN3,N1,chemical,4\nN1,N3,electrical,3\n";
  const signs = "label,neurotransmitter\nN1,ACh\nN2,GABA\nN3,ACh\n";
  const text = `model Cell = lif { }
connectome w = csv("edges.csv") {
  chemical { weight = 0.05 nA per_synapse; delay = 2 ms }
  electrical { conductance = 0.1 nS per_synapse }
  sign = from_csv("signs.csv")
  neurons = Cell
}
connect w.N1 -> w[N2, N3] { weight = 1 nA }
record spikes of w["N?"]`;

  test("a random chemical delay is checked by its smallest draw, as a connect's is", () => {
    const withDelay = (d: string) =>
      compileText(text.replace("delay = 2 ms", `delay = ${d}`), {
        "/t/edges.csv": edges,
        "/t/signs.csv": signs,
      });
    expect(errorsOf(withDelay("uniform(0 ms, 1 ms)")).map((d) => d.message)).toEqual([
      "Delay 0 ms (its smallest draw) is shorter than one step (0.1 ms)",
    ]);
    expect(errorsOf(withDelay("normal(1 ms, 0.1 ms)")).map((d) => d.code)).toEqual([
      "delay-below-dt",
    ]);
    expect(errorsOf(withDelay("uniform(1 ms, 2 ms)"))).toEqual([]);
  });

  test("the electrical conductance is at least 0, as a gap's is", () => {
    const withG = (g: string) =>
      compileText(text.replace("conductance = 0.1 nS per_synapse", `conductance = ${g}`), {
        "/t/edges.csv": edges,
        "/t/signs.csv": signs,
      });
    expect(errorsOf(withG("-1 nS")).map((d) => d.message)).toEqual([
      "'conductance' must be at least 0 S, found -1 nS",
    ]);
    expect(errorsOf(withG("uniform(-1 nS, 1 nS) per_synapse")).map((d) => d.code)).toEqual([
      "value-out-of-range",
    ]);
    expect(errorsOf(withG("uniform(0 nS, 1 nS) per_synapse"))).toEqual([]);
  });

  test("members sorted, chemical edges split by sign with counts, electrical as one gap", () => {
    const r = compileText(text, { "/t/edges.csv": edges, "/t/signs.csv": signs });
    expect(errorsOf(r)).toEqual([]);
    const n = r.network!;
    expect(n.populations[0]).toEqual(
      expect.objectContaining({ name: "w", memberNames: ["N1", "N2", "N3"], modelName: "Cell" }),
    );
    expect(n.projections.map((j) => [j.name, j.receptor, j.rule, j.weight, j.delay])).toEqual([
      [
        "w->w",
        "exc",
        { kind: "explicit", pre: [0, 2], post: [1, 0], weightScale: [2, 4] },
        { kind: "const", value: 5e-11 },
        { kind: "const", value: 0.002 },
      ],
      [
        "w->w#2",
        "inh",
        { kind: "explicit", pre: [1], post: [2], weightScale: [1] },
        { kind: "const", value: -5e-11 },
        { kind: "const", value: 0.002 },
      ],
      [
        "w.N1->w[N2, N3]",
        "exc",
        { kind: "all_to_all" },
        { kind: "const", value: 1e-9 },
        { kind: "const", value: 1e-4 },
      ],
    ]);
    expect(n.gaps).toEqual([
      expect.objectContaining({
        rule: { kind: "explicit", a: [0], b: [2], conductanceScale: [3] },
        conductance: { kind: "const", value: 1e-10 },
      }),
    ]);
    const members = r.symbols.filter((s) => s.kind === "member");
    expect(members.map((s) => [s.name, s.csv?.line])).toEqual([
      ["N1", 2],
      ["N2", 2],
      ["N3", 3],
    ]);
    expect(members[0]?.detail).toContain("line 2");
    expect(r.symbols.find((s) => s.name === "w")?.detail).toContain(
      "3 members, 3 chemical and 1 electrical",
    );
  });

  test("a name not in the connectome is an error with a suggestion", () => {
    const r = compileText(text.replace("w.N1 ->", "w.N4 ->"), {
      "/t/edges.csv": edges,
      "/t/signs.csv": signs,
    });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Population 'w' has no member 'N4', did you mean 'N1'?",
    ]);
  });

  test("the Cook 2019 edge list (shared data) imports and verifies", () => {
    const main = `model Cell = lif { tau_m = 10 ms }
connectome worm = csv("${data}/cook2019_herm_neuron_edgelist.csv") {
  pre = "pre"; post = "post"; kind = "type"; count = "synapses"
  kinds { chemical = ["chemical"]; electrical = ["electrical"] }
  chemical { weight = 0.05 nA per_synapse; delay = 1 ms }
  electrical { conductance = 0.1 nS per_synapse }
  sign = from_csv("${data}/neuron_master_sheet.csv", key = "label", value = "neurotransmitter")
  signs { ACh = exc; GABA = inh; Glu = inh }
  select = ["AVA*", "AVB*", "AVD*", "PVC*", "ALM*", "PLM*", "AVM"]
  neurons = Cell
}
record spikes of worm[AVAL, AVAR]`;
    const r = compile("/t/main.snn", fsHost(main));
    expect(errorsOf(r)).toEqual([]);
    const n = r.network!;
    expect(verifyNetwork(n)).toEqual([]);
    const pop = n.populations[0]!;
    expect(pop.memberNames).toContain("AVAL");
    expect(pop.memberNames).toEqual([...(pop.memberNames ?? [])].sort());
    expect(n.projections.map((j) => j.receptor)).toEqual(["exc", "inh"]);
    expect(n.gaps).toHaveLength(1);
  });
});

describe("connectome: checker side of the importer's requests", () => {
  const edges =
    "pre,post,type,synapses\nN1,N2,chemical,2\nN2,N3,chemical,1\nN3,N1,chemical,4\nN1,N3,electrical,3\nAB,N1,chemical,1\n";
  const block = (extra = "", neurons = "Cell"): string => `model Cell = lif { }
connectome w = csv("data/edges.csv") {
  chemical { weight = 0.05 nA per_synapse; delay = 2 ms }
  electrical { conductance = 0.1 nS per_synapse }
  ${extra}
  neurons = ${neurons}
}`;

  test("notes name the CSV files as written in the .snn file", () => {
    const r = compileText(`${block('sign = from_csv("data/transmitters.csv")')}`, {
      "/t/data/edges.csv": edges + "N2,N2,electrical,1\n",
      "/t/data/transmitters.csv":
        "label,neurotransmitter\nN1,ACh\nN1,GABA\nN2,GABA\nN3,ACh\nAB,ACh\n",
    });
    const notes = r.diagnostics.flatMap((d) => d.notes ?? []);
    expect(notes).toContain("data/transmitters.csv:2");
    expect(notes).toContain("data/transmitters.csv:3");
    expect(notes).toContain("data/edges.csv:7: N2 <-> N2");
    expect(notes.join("\n")).not.toContain("/t/");
  });

  test("a name that is not a member names the connectome's CSV file", () => {
    const r = compileText(`${block()}\nrecord spikes of w[N1, Q]`, { "/t/data/edges.csv": edges });
    expect(r.diagnostics.map((d) => [d.code, d.notes])).toEqual([
      ["unknown-member", ["the members of 'w' are the neurons of data/edges.csv"]],
    ]);
  });

  test("a plain population's unknown member has no CSV note", () => {
    const r = compileText(`model C = lif { }\npopulation p = C[X, Y]\nrecord spikes of p.Q`);
    expect(r.diagnostics.map((d) => [d.code, d.notes])).toEqual([["unknown-member", undefined]]);
  });

  test("an unresolved 'neurons' still declares the members: no follow-on errors", () => {
    const r = compileText(`${block("", "Nope")}\nrecord spikes of w[N1, N2]`, {
      "/t/data/edges.csv": edges,
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown-name"]);
    expect(r.network).toBeNull();
    expect(r.symbols.filter((s) => s.kind === "member").map((s) => [s.name, s.csv?.line])).toEqual([
      ["AB", 6],
      ["N1", 2],
      ["N2", 2],
      ["N3", 3],
    ]);
  });

  test("member hovers summarise the member's wiring", () => {
    const r = compileText(`${block('sign = from_csv("data/transmitters.csv")')}`, {
      "/t/data/edges.csv": edges,
      "/t/data/transmitters.csv": "label,neurotransmitter\nN1,ACh\nN2,GABA\nN3,ACh\nAB,ACh\n",
    });
    expect(errorsOf(r)).toEqual([]);
    const n1 = r.symbols.find((s) => s.kind === "member" && s.name === "N1")?.detail ?? "";
    expect(n1).toContain("neuron 1 of 4");
    expect(n1).toContain(
      "ACh (exc) · chemical: 1 out (count 2), 2 in (count 5) · gap junctions: N3",
    );
    const n2 = r.symbols.find((s) => s.kind === "member" && s.name === "N2")?.detail ?? "";
    expect(n2).toContain("GABA (inh) · chemical: 1 out (count 1), 1 in (count 2)");
  });

  test('select patterns and w["..."] selections match the same names', () => {
    const names = ["AB", "N1", "N2", "N3"];
    for (const pattern of ["N?", "*", "A*", "?1", "N*3", "*B"]) {
      const r = compileText(`${block()}\nrecord spikes of w["${pattern}"]`, {
        "/t/data/edges.csv": edges,
      });
      expect(errorsOf(r)).toEqual([]);
      const recording = r.network?.recordings[0];
      const indices = recording?.kind === "spikes" ? recording.targets[0]?.indices : undefined;
      const selected = indices === null ? names : (indices ?? []).map((i) => names[i]);
      const kept = compileText(block(`select = ["${pattern}"]`), {
        "/t/data/edges.csv": edges,
      });
      expect(kept.network?.populations[0]?.memberNames, pattern).toEqual(selected);
    }
  });
});
