/**
 * The connectome examples end to end: examples/tap-withdrawal-connectome.snn and
 * examples/locomotion.snn compile without diagnostics through compile() (which calls the
 * importer), and simulating them shows the behaviour their comments promise.
 */
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { simulate } from "../../runtime/index.js";
import { fsHost, repoRoot } from "./helpers.js";

/** Spike counts per member name in [fromMs, toMs). */
function spikesIn(
  network: Network,
  run: ReturnType<typeof simulate>,
  fromMs: number,
  toMs: number,
) {
  const counts = new Map<string, number>();
  const dtMs = network.dt * 1e3;
  for (let k = 0; k < run.spikes.length; k++) {
    const tMs = (run.spikes.step[k] ?? 0) * dtMs;
    if (tMs < fromMs || tMs >= toMs) continue;
    const pop = network.populations[run.spikes.population[k] ?? -1];
    const name = pop?.memberNames?.[run.spikes.index[k] ?? -1] ?? "?";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return (name: string) => counts.get(name) ?? 0;
}

function compileExample(file: string): Network {
  const result = compile(resolve(repoRoot, "examples", file), fsHost);
  expect(result.diagnostics.map((d) => `${d.severity}[${d.code}]: ${d.message}`)).toEqual([]);
  expect(result.network).not.toBeNull();
  return result.network as Network;
}

describe("examples/tap-withdrawal-connectome.snn", () => {
  const network = compileExample("tap-withdrawal-connectome.snn");

  test("the edge list becomes one population of 13 named neurons, projections and gaps", () => {
    const worm = network.populations.find((p) => p.name === "worm");
    expect(worm?.memberNames).toEqual([
      "ALML",
      "ALMR",
      "AVAL",
      "AVAR",
      "AVBL",
      "AVBR",
      "AVDL",
      "AVDR",
      "AVM",
      "PLML",
      "PLMR",
      "PVCL",
      "PVCR",
    ]);
    // 18 chemical rows, all excitatory (ACh, and Glu = exc), then the two hand-written connects.
    const chemical = network.projections.map((p) =>
      p.rule.kind === "explicit" ? `${p.receptor}:${p.rule.pre.length}` : p.receptor,
    );
    expect(chemical).toEqual(["exc:18", "inh", "inh"]);
    const gapPairs = network.gaps.reduce(
      (n, g) => n + (g.rule.kind === "explicit" ? g.rule.a.length : 0),
      0,
    );
    expect(gapPairs).toBe(10);
  });

  test("a head touch drives AVA and not AVB, a tail touch AVB and not AVA", () => {
    const run = simulate(network);
    const head = spikesIn(network, run, 100, 350);
    const tail = spikesIn(network, run, 600, 850);
    for (const ava of ["AVAL", "AVAR"]) {
      expect(head(ava)).toBeGreaterThanOrEqual(10);
      expect(tail(ava)).toBe(0);
    }
    for (const avb of ["AVBL", "AVBR"]) {
      expect(tail(avb)).toBeGreaterThanOrEqual(10);
      expect(head(avb)).toBe(0);
    }
  });
});

describe("examples/locomotion.snn", () => {
  const network = compileExample("locomotion.snn");

  test("select leaves DD1 out; GABA edges of VD become an inhibitory projection", () => {
    const motor = network.populations.find((p) => p.name === "motor");
    expect(motor?.memberNames).toHaveLength(18);
    expect(motor?.memberNames).not.toContain("DD1");
    const byReceptor = network.projections.map((p) =>
      p.rule.kind === "explicit" ? `${p.receptor}:${p.rule.pre.length}` : p.receptor,
    );
    // AVD/PVC -> AVA/AVB (8), AVA/AVB -> motor (16), B-type -> VD (4); VD -> VA (2) is GABA.
    expect(byReceptor).toEqual(["exc:28", "inh:2"]);
    const inh = network.projections[1];
    expect(inh?.weight.kind === "const" && inh.weight.value < 0).toBe(true);
  });

  test("driving AVD moves the A-type motor neurons, driving PVC the B-type and VD ones", () => {
    const run = simulate(network);
    const back = spikesIn(network, run, 100, 350);
    const fwd = spikesIn(network, run, 600, 850);
    for (const a of ["AVAL", "AVAR", "DA1", "DA2", "VA1", "VA2"]) {
      expect(back(a)).toBeGreaterThanOrEqual(10);
      expect(fwd(a)).toBe(0);
    }
    for (const b of ["AVBL", "AVBR", "DB1", "DB2", "VB1", "VB2", "VD1", "VD2"]) {
      expect(fwd(b)).toBeGreaterThanOrEqual(10);
      expect(back(b)).toBe(0);
    }
  });
});
