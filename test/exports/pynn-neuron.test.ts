/**
 * The exported PyNN scripts run on NEURON (Debian's python3-pynn + python3-neuron, mechanisms
 * compiled by scripts/exports/setup-pynn-neuron.sh), serially and under MPI, and agree with
 * `snnc run`: SPEC 9.1 against the LIF formula, SPEC 9.2 (CUBA) rates within 10 % on two
 * processes, the same spikes on one and two processes, and the CSV files in snnc's format.
 * Skipped, with the reason printed, only when the Debian packages are not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Network } from "../../compiler/ir/index.js";
import { pynnBackend } from "../../backends/pynn/index.js";
import { instantiateNetwork, recordingFiles, simulate } from "../../runtime/index.js";
import { buildWith, compileFixture, PYTHON, pynnNeuronMissing, spikeCounts } from "./helpers.js";

const missing = pynnNeuronMissing();
if (missing !== null) console.log(`skipping the PyNN/NEURON export tests: ${missing}`);

const work = mkdtempSync(join(tmpdir(), "snnc-pynn-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes the export of a network into a fresh folder and returns the script's path. */
function exportTo(network: Network, folder: string): string {
  const { files, diagnostics } = buildWith(pynnBackend, network);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const dir = join(work, folder);
  spawnSync("mkdir", ["-p", dir]);
  for (const f of files ?? []) writeFileSync(join(dir, f.path), f.contents);
  return join(dir, `${network.name}.py`);
}

/** Runs a script (on `np` MPI processes when > 1) and returns the output folder. */
function runScript(script: string, out: string, np: number, extra: readonly string[] = []): string {
  const outDir = join(work, out);
  const args = [script, "neuron", "--out", outDir, ...extra];
  const r =
    np === 1
      ? spawnSync(PYTHON, args, { cwd: work, encoding: "utf8", timeout: 600_000 })
      : spawnSync(
          "mpirun",
          ["--allow-run-as-root", "--oversubscribe", "-np", String(np), PYTHON, ...args],
          {
            cwd: work,
            encoding: "utf8",
            timeout: 900_000,
          },
        );
  if (r.status !== 0)
    throw new Error(
      `${script} failed (${r.status}); if 'import pyNN.neuron' fails, run scripts/exports/setup-pynn-neuron.sh\n${r.stdout}\n${r.stderr}`,
    );
  lastStderr = r.stderr;
  return outDir;
}

/** The standard error of the last run (the script's warnings). */
let lastStderr = "";

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

/** NEURON runs are slow on a loaded 2-core machine (CUBA's build alone is ~10 s per process). */
const RUN_TIMEOUT_MS = 900_000;

describe.skipIf(missing !== null)("PyNN export on NEURON", () => {
  it(
    "SPEC 9.1 on one process: the LIF formula's interval, 29 spikes, the same stamps as snnc run",
    () => {
      const network = compileFixture("one-neuron.snn");
      const out = runScript(exportTo(network, "one"), "one-out", 1);
      const csv = read(out, "spikes.csv");
      const times = csv
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => Number(l.split(",")[0]));
      expect(times.length).toBe(29);
      // ISI = t_ref + tau_m ln(R I / (R I − (v_th − v_reset))) = 34.19 ms; within one step of it.
      const isiFormula = 2 + 20 * Math.log(25 / (25 - 20));
      const isi = (times[times.length - 1]! - times[0]!) / (times.length - 1);
      expect(Math.abs(isi - isiFormula)).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(Math.abs(1000 / isi - 29.25)).toBeLessThan(0.1);
      expect(times[0]).toBeCloseTo(32.2, 9);
      const snnc = recordingFiles(simulate(network)).find((f) => f.path === "spikes.csv")?.text;
      expect(csv).toBe(snnc);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "SPEC 9.2 (CUBA, 0.3 s) on two MPI processes: rates within 10 % of snnc run",
    () => {
      const network = compileFixture("cuba.snn", { duration: 0.3 });
      const out = runScript(exportTo(network, "cuba"), "cuba-out", 2);
      const counts = spikeCounts(read(out, "spikes.csv"));
      const result = simulate(network);
      for (const pop of network.populations) {
        const snnc = (result.spikeCounts[pop.id] ?? 0) / (pop.size * 0.3);
        const neuron = (counts.get(pop.name) ?? 0) / (pop.size * 0.3);
        console.log(
          `CUBA ${pop.name}: snnc ${snnc.toFixed(2)} Hz, PyNN/NEURON (2 processes) ${neuron.toFixed(2)} Hz`,
        );
        expect(snnc).toBeGreaterThan(1);
        expect(Math.abs(neuron - snnc) / snnc).toBeLessThan(0.1);
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "gives the same spikes on one and two processes with one-step delays",
    () => {
      const network = compileFixture("recurrent.snn");
      const script = exportTo(network, "recurrent");
      const one = read(runScript(script, "recurrent-1", 1), "spikes.csv");
      const two = read(runScript(script, "recurrent-2", 2), "spikes.csv");
      expect(spikeCounts(one).get("exc") ?? 0).toBeGreaterThan(100);
      expect(two).toBe(one);
      // --min-delay raises the one-step delays (a different network) and says how many.
      const raised = read(
        runScript(script, "recurrent-raised", 1, ["--min-delay", "0.2", "--quiet"]),
        "spikes.csv",
      );
      const synapses = instantiateNetwork(network).projections.map((p) => p.pre.length);
      expect(lastStderr).toContain(
        `recurrent: warning: exc->exc: ${synapses[0]} delays raised to --min-delay 0.2 ms`,
      );
      expect(lastStderr).toContain(
        `recurrent: warning: inh->inh: ${synapses[3]} delays raised to --min-delay 0.2 ms`,
      );
      expect(raised).not.toBe(one);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "writes spikes.csv, v.csv and weights.csv in snnc's format (STDP, named members, stimuli)",
    () => {
      const network = compileFixture("plastic.snn");
      const out = runScript(exportTo(network, "plastic"), "plastic-out", 1);
      const snnc = new Map(recordingFiles(simulate(network)).map((f) => [f.path, f.text]));
      const rows = (text: string) => text.trimEnd().split("\n");
      // v.csv and weights.csv: same header and the same (time, population, index) keys in order.
      for (const file of ["v.csv", "weights.csv"]) {
        const ours = rows(read(out, file));
        const theirs = rows(snnc.get(file) ?? "");
        expect(ours[0]).toBe(theirs[0]);
        const keys = (r: string[]) => r.slice(1).map((l) => l.split(",").slice(0, -1).join(","));
        expect(keys(ours)).toEqual(keys(theirs));
        // At t = 0 the values are snnc's own (initial v drawn by snnc, initial weights drawn by snnc).
        const atZero = (r: string[]) => r.slice(1).filter((l) => l.startsWith("0,"));
        expect(atZero(ours)).toEqual(atZero(theirs));
      }
      const spikes = rows(read(out, "spikes.csv"));
      expect(spikes[0]).toBe("time_ms,population,index,name");
      const parsed = spikes.slice(1).map((l) => l.split(","));
      for (const [, pop, index, name] of parsed) {
        if (pop === "cells") expect(name).toBe(["AVAL", "AVAR", "AVBL"][Number(index)]);
        else expect(Number(index)).toBeLessThanOrEqual(4);
      }
      const order = parsed.map(
        ([t, pop, index]) => [Number(t), pop === "inputs" ? 0 : 1, Number(index)] as const,
      );
      const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
      expect(order).toEqual(sorted);
      const cells = parsed.filter((r) => r[1] === "cells").length;
      const snncCells = spikeCounts(snnc.get("spikes.csv") ?? "").get("cells") ?? 0;
      expect(Math.abs(cells - snncCells) / snncCells).toBeLessThan(0.25);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "runs izhikevich cells with snnc's spike count",
    () => {
      const network = compileFixture("izhikevich.snn");
      const out = runScript(exportTo(network, "izh"), "izh-out", 1);
      const snnc =
        recordingFiles(simulate(network)).find((f) => f.path === "spikes.csv")?.text ?? "";
      expect(spikeCounts(read(out, "spikes.csv"))).toEqual(spikeCounts(snnc));
      expect(spikeCounts(snnc).get("rs")).toBeGreaterThan(10);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "runs gap junctions on NEURON with snnc's coupling",
    () => {
      const network = compileFixture("gap-junctions.snn");
      const out = runScript(exportTo(network, "gap"), "gap-out", 1);
      const snnc = new Map(recordingFiles(simulate(network)).map((f) => [f.path, f.text]));
      expect(spikeCounts(read(out, "spikes.csv"))).toEqual(
        spikeCounts(snnc.get("spikes.csv") ?? ""),
      );
      const v = (text: string) =>
        text
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((l) => Number(l.split(",")[4]));
      const ours = v(read(out, "v.csv"));
      const theirs = v(snnc.get("v.csv") ?? "");
      expect(ours.length).toBe(theirs.length);
      const worst = Math.max(...ours.map((x, k) => Math.abs(x - (theirs[k] ?? 0))));
      expect(worst).toBeLessThan(1); // mV: the coupled, unstimulated pair follows snnc's trace
      expect(Math.max(...theirs) - Math.min(...theirs)).toBeGreaterThan(2); // and the coupling moved it
    },
    RUN_TIMEOUT_MS,
  );
});
