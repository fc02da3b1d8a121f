/** `snnc run` end to end: summary, CSV files, plot, timing lines, errors, exit codes. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, parseDuration } from "../../cli/commands/run.js";
import { capturedIo } from "../helpers/cli-io.js";
import { fixturesDir } from "./helpers.js";

describe("snnc run", () => {
  const dir = mkdtempSync(join(tmpdir(), "snnc-run-"));

  it("runs SPEC 9.1: summary, spikes.csv, plot and timing", async () => {
    const cli = capturedIo(dir);
    const code = await runCommand.run(
      [join(fixturesDir, "one-neuron.snn"), "--out", "o", "--plot", "r.svg", "--timing"],
      cli,
    );
    expect(code).toBe(0);
    expect(cli.out).toContain("cell           1      29     29.0");
    expect(cli.out).toMatch(/compile_s=\d+\.\d+\nsetup_s=\d+\.\d+\nloop_s=\d+\.\d+\nthreads=1\n/);
    const spikes = readFileSync(join(dir, "o", "spikes.csv"), "utf8").split("\n");
    expect(spikes.slice(0, 3)).toEqual([
      "time_ms,population,index,name",
      "32.2,cell,0,",
      "66.4,cell,0,",
    ]);
    expect(existsSync(join(dir, "r.svg"))).toBe(true);
  });

  it("honours --duration and --seed, defaults --out to out/<file name>/", async () => {
    const cli = capturedIo(dir);
    const code = await runCommand.run(
      [join(fixturesDir, "cuba.snn"), "--duration", "50ms", "--seed", "5"],
      cli,
    );
    expect(code).toBe(0);
    expect(cli.out).toContain("seed 5, dt 0.1 ms, 500 steps");
    expect(existsSync(join(dir, "out", "cuba", "spikes.csv"))).toBe(true);
  });

  it("splits the step between two threads on --threads 2, with the same spikes.csv", async () => {
    const run = async (threads: string, out: string) => {
      const cli = capturedIo(dir);
      const args = [join(fixturesDir, "cuba.snn"), "--duration", "100ms", "--out", out];
      expect(await runCommand.run([...args, "--threads", threads, "--timing"], cli)).toBe(0);
      expect(cli.out).toContain(`threads=${threads}\n`);
      return readFileSync(join(dir, out, "spikes.csv"), "utf8");
    };
    const one = await run("1", "t1");
    expect(one.split("\n").length).toBeGreaterThan(100);
    expect(await run("2", "t2")).toBe(one);
  });

  it("runs a neurocorex file on the core model and writes the same outputs", async () => {
    const cli = capturedIo(dir);
    const code = await runCommand.run(
      [join(fixturesDir, "neurocorex-touch.snn"), "--out", "n"],
      cli,
    );
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "n", "spikes.csv"), "utf8")).toBe(
      "time_ms,population,index,name\n7,command,0,AVAL\n9,command,2,AVAR\n10,command,0,AVAL\n12,command,2,AVAR\n33,command,1,AVBL\n",
    );
  });

  it("prints diagnostics and exits 1 on a file with errors; 2 on bad options", async () => {
    const bad = join(dir, "bad.snn");
    writeFileSync(
      bad,
      "model M = lif { tau_m = 20 }\npopulation p = M[2]\nsimulate { dt = 0.1 ms; duration = 10 ms }\n",
    );
    const cli = capturedIo(dir);
    expect(await runCommand.run([bad], cli)).toBe(1);
    expect(cli.err).toContain("bad.snn:1:");
    expect(await runCommand.run([bad, "--duration", "soon"], capturedIo(dir))).toBe(2);
    expect(await runCommand.run([bad, "--target", "gpu"], capturedIo(dir))).toBe(2);
    const threads = capturedIo(dir);
    expect(await runCommand.run([bad, "--threads", "4"], threads)).toBe(2);
    expect(threads.err).toContain("--threads must be 1 or 2, not '4'");
    // an empty --seed= was seed 0, silently; a seed is written in decimal digits
    for (const text of [" ", "0x10", "1e3"]) {
      const seed = capturedIo(dir);
      expect(await runCommand.run([bad, `--seed=${text}`], seed)).toBe(2);
      expect(seed.err).toContain(`--seed must be a non-negative integer, not '${text}'`);
    }
    // an empty value is none (`--out=` wrote into the working directory)
    for (const args of [["--seed="], ["--out="], ["--out", ""], ["--plot="]]) {
      const empty = capturedIo(dir);
      expect(await runCommand.run([bad, ...args], empty)).toBe(2);
      expect(empty.err).toContain(`option ${args[0]?.replace("=", "")} needs a value`);
    }
  });

  it("parses durations with units", () => {
    expect(parseDuration("2s")).toBe(2);
    expect(parseDuration("500 ms")).toBe(0.5);
    expect(parseDuration("1.5")).toBe(1.5);
    expect(parseDuration("-1s")).toBeUndefined();
    // too large for a float64: was Infinity, reported as a run of "Infinity steps (duration inf ms)"
    expect(parseDuration("1e400")).toBeUndefined();
    expect(parseDuration("1e400ms")).toBeUndefined();
    // units as the language spells them: MS was read as ms
    expect(parseDuration("500MS")).toBeUndefined();
    expect(parseDuration("2S")).toBeUndefined();
    expect(parseDuration("1.5E2ms")).toBe(0.15);
  });

  it("reads a duration as the file would (one rounding), and refuses one that is not finite", () => {
    // `duration = 33.3 ms` in a file is the float64 nearest 0.0333; 33.3 * 1e-3 is 0.033299999999999996
    expect(parseDuration("33.3ms")).toBe(0.0333);
    expect(parseDuration("250us")).toBe(2.5e-4);
    expect(parseDuration("1.5e2ms")).toBe(0.15);
    expect(parseDuration("1e400")).toBeUndefined();
    expect(parseDuration("1e400ms")).toBeUndefined();
    // units as the language spells them: MS was read as ms
    expect(parseDuration("500MS")).toBeUndefined();
    expect(parseDuration("2S")).toBeUndefined();
    expect(parseDuration("1.5E2ms")).toBe(0.15);
  });
});
