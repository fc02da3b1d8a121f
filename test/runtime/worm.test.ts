/**
 * The whole worm: the Cook et al. 2019 hermaphrodite connectome (300 neurons, read from
 * ../shared/data/celegans beside the repository), a 500 ms touch to the anterior touch receptors
 * ALML, ALMR and AVM, and the response of the command interneurons (docs/celegans-touch.md).
 */
import { describe, expect, it } from "vitest";
import { simulate, type RunResult } from "../../runtime/index.js";
import { compileFixture } from "./helpers.js";

function meanV(r: RunResult, name: string, fromMs: number, toMs: number): number {
  const tr = r.state[0];
  if (tr === undefined) return NaN;
  const k = tr.neurons.findIndex(
    (n) => r.network.populations[n.population]?.memberNames?.[n.index] === name,
  );
  let sum = 0;
  let count = 0;
  for (let s = 0; s < tr.steps.length; s++) {
    const ms = (tr.steps[s] ?? 0) / 10;
    if (ms < fromMs || ms >= toMs) continue;
    sum += tr.values[s * tr.neurons.length + k] ?? 0;
    count++;
  }
  return (sum / count) * 1000;
}

describe("the whole C. elegans connectome under anterior touch", () => {
  const net = compileFixture("worm.snn");
  const r = simulate(net);
  const change = (names: string[]) =>
    names.reduce((s, n) => s + meanV(r, n, 300, 750) - meanV(r, n, 50, 250), 0) / names.length;

  it("builds all 300 neurons and their synapses", () => {
    expect(net.populations[0]?.size).toBe(300);
    expect(r.diagnostics).toBeUndefined();
  });

  it("is silent before the touch; the touch receptors fire during it", () => {
    const names = net.populations[0]?.memberNames ?? [];
    const before = Array.from(r.spikes.step).filter((s) => s < 2500).length;
    expect(before).toBe(0);
    const touched = new Set<string>();
    for (let s = 0; s < r.spikes.length; s++) touched.add(names[r.spikes.index[s] ?? 0] ?? "");
    for (const n of ["ALML", "ALMR", "AVM"]) expect(touched.has(n)).toBe(true);
  });

  it("suppresses the forward command neurons (AVB, PVC) more than the backward ones (AVA, AVD)", () => {
    const forward = change(["AVBL", "AVBR", "PVCL", "PVCR"]);
    const backward = change(["AVAL", "AVAR", "AVDL", "AVDR"]);
    // report what responded, for the record (docs/celegans-touch.md quotes these numbers)
    console.log(
      `mean change of v during touch: forward ${forward.toFixed(1)} mV, backward ${backward.toFixed(1)} mV`,
    );
    expect(forward).toBeLessThan(-10);
    expect(forward).toBeLessThan(backward - 10);
  });
});
