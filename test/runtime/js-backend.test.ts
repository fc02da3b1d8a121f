/** The js target's module: self-contained, runs under node, importable with a stepping API. */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import { jsBackend } from "../../backends/js/index.js";
import { recordingFiles, simulate } from "../../runtime/index.js";
import type { GeneratedSimulator } from "../../runtime/index.js";
import { NetBuilder, lif, poisson, sel, spikeTimes, uniform } from "./ir-builder.js";
import type { StimulusWave } from "../../compiler/ir/index.js";

function network() {
  const b = new NetBuilder(1e-4, 0.2, 5, "small");
  const src = b.pop("src", poisson(80), 20);
  const e = b.pop("e", lif(), 30, { init: { v: { kind: "draw", expr: uniform(-0.07, -0.055) } } });
  b.connect(src, e, { rule: { kind: "fixed_probability", p: 0.3 }, weight: uniform(0, 1.5e-9) });
  b.connect(e, e, { rule: { kind: "fixed_probability", p: 0.1 }, weight: -0.2e-9, delay: 1e-3 });
  b.recordSpikes(e, src);
  b.recordState("v", 10, e);
  return b.build();
}

describe("jsBackend", () => {
  const net = network();
  const files = jsBackend.build(net, { diagnostics: new DiagnosticSink() });
  const dir = mkdtempSync(join(tmpdir(), "snnc-js-"));
  const path = join(dir, "small.mjs");
  writeFileSync(path, files?.[0]?.contents ?? "");

  it("writes one self-contained module that imports only node: builtins", () => {
    expect(files?.map((f) => f.path)).toEqual(["small.mjs"]);
    const imports = [...String(files?.[0]?.contents).matchAll(/^import .* from "([^"]+)";$/gm)].map(
      (m) => m[1],
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((m) => m?.startsWith("node:"))).toBe(true);
  });

  it("runs under node and writes the same recordings as snnc run", () => {
    const out = join(dir, "out");
    const stdout = execFileSync(process.execPath, [path, "--out", out], { encoding: "utf8" });
    expect(stdout).toContain("population");
    const expected = recordingFiles(simulate(net));
    for (const f of expected) expect(readFileSync(join(out, f.path), "utf8")).toBe(f.text);
  });

  it("runs through a symbolic link, and says what it cannot write or take in one line", () => {
    // node resolves the link in import.meta.url but not in process.argv[1]: the module took
    // itself for imported and did nothing, with exit 0
    const linked = join(dir, "linked");
    mkdirSync(linked);
    symlinkSync(path, join(linked, "net.mjs"));
    const out = join(dir, "via-link");
    const ran = spawnSync(process.execPath, [join(linked, "net.mjs"), "--out", out], {
      encoding: "utf8",
    });
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain("population");
    expect(existsSync(join(out, "spikes.csv"))).toBe(true);
    // a file where the directory should be: a stack trace of mkdirSync before
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const blocked = spawnSync(process.execPath, [path, "--out", file], { encoding: "utf8" });
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toBe(
      `error: cannot write the recordings to '${file}': '${file}' is a file, not a directory\n`,
    );
    // arguments it does not take (it has no --duration or --seed) are not silently ignored
    const unknown = spawnSync(process.execPath, [path, "--duration", "2s"], { encoding: "utf8" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'error: unknown argument "--duration"\nusage: node small.mjs [--out DIR]\n',
    );
    const equals = spawnSync(process.execPath, [path, `--out=${join(dir, "eq")}`]);
    expect(equals.status).toBe(0);
    expect(existsSync(join(dir, "eq", "spikes.csv"))).toBe(true);
  });

  it("can be imported, stepped, driven and read", async () => {
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const a = mod.createNetwork();
    const b = mod.createNetwork();
    for (let k = 0; k < 100; k++) {
      a.step();
      b.step();
    }
    expect(a.time).toBe(100);
    expect(Array.from(a.state("e", "v"))).toEqual(Array.from(b.state("e", "v")));
    // inject: a strong current into e[3] makes it fire; a forced spike appears at the next step
    a.setCurrent?.("e", 3, 5e-9);
    b.injectSpike?.("e", 7);
    b.step();
    expect(Array.from(b.spikes("e"))).toContain(7);
    let fired = false;
    for (let k = 0; k < 100 && !fired; k++) {
      a.step();
      fired = Array.from(a.spikes("e")).includes(3);
    }
    expect(fired).toBe(true);
    const r = a.run();
    expect(r.steps).toBe(net.steps);
  });

  it("runs the same after a minifier has renamed everything (a bundler's production build)", async () => {
    // every network after the first is compiled from the text of simulatorCode: that text must
    // not name anything a minifier renames outside it. rolldown (vitest's bundler, in the
    // lockfile) minifies as a user's bundler would.
    const { build } = await import("rolldown");
    const out = await build({
      input: path,
      write: false,
      output: { minify: true, format: "esm" },
      logLevel: "silent",
    });
    const code = out.output[0].code;
    expect(code).not.toContain("function simulatorCode"); // renamed: the test means something
    const minPath = join(dir, "small.min.mjs");
    writeFileSync(minPath, code);
    const load = async (file: string) =>
      (await import(pathToFileURL(file).href)) as { createNetwork(): GeneratedSimulator };
    const spikesOf = (sim: GeneratedSimulator) => {
      const r = sim.run();
      return [Array.from(r.spikes.step), Array.from(r.spikes.index), r.spikeCounts];
    };
    const original = spikesOf((await load(path)).createNetwork());
    const minified = await load(minPath);
    expect(original[0]?.length).toBeGreaterThan(50);
    // the first network (the module's own code) and a later one (a copy of its text)
    expect(spikesOf(minified.createNetwork())).toEqual(original);
    expect(spikesOf(minified.createNetwork())).toEqual(original);
  });

  it("builds every later network from a fresh copy of its code, with the same results", async () => {
    // the first network runs the module's code as compiled, later ones a copy of simulatorCode
    // compiled apart over nothing but NET (so V8 optimizes each network's kernels for it alone,
    // and a name the code took from elsewhere in the module would throw here); all must behave
    // as one
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const drive = (sim: GeneratedSimulator) => {
      for (let k = 0; k < 40; k++) sim.step();
      sim.injectSpike?.("e", 2);
      sim.setCurrent?.("e", 5, 2e-9);
      return sim.run();
    };
    const results = [0, 1, 2, 3].map(() => drive(mod.createNetwork()));
    const plain = (r: ReturnType<GeneratedSimulator["result"]>) => ({
      spikes: [
        Array.from(r.spikes.step),
        Array.from(r.spikes.population),
        Array.from(r.spikes.index),
      ],
      state: r.state.map((x) => Array.from(x.values)),
      counts: r.spikeCounts,
    });
    expect(results[0]?.spikes.length).toBeGreaterThan(50);
    for (const r of results.slice(1)) expect(plain(r)).toEqual(plain(results[0]!));
    // a result taken mid-run stays as it was while the run goes on, a prefix of the final one
    const sim = mod.createNetwork();
    for (let k = 0; k < 300; k++) sim.step();
    const early = sim.result();
    const frozen = plain(early);
    for (let i = 0; i < 30; i++) sim.setCurrent?.("e", i, 5e-9); // many more spikes
    const final = sim.run();
    expect(plain(early)).toEqual(frozen);
    expect(early.spikes.length).toBeGreaterThan(0);
    expect(final.spikes.length).toBeGreaterThan(1024); // the table grew after the early result
    expect(Array.from(final.spikes.index.subarray(0, early.spikes.length))).toEqual(
      frozen.spikes[2],
    );
    // networks share nothing: stepping one leaves another where it was
    const [x, y] = [mod.createNetwork(), mod.createNetwork()];
    x.step();
    expect([x.time, y.time]).toEqual([1, 0]);
  });
});

describe("setCurrent", () => {
  // an injected current is an external current like a stimulus's: setting it before the first
  // step must give exactly the run of the same network with a `current` stimulus on that neuron
  function driven(stimuli: { target: number[]; wave: StimulusWave }[]) {
    const b = new NetBuilder(1e-4, 0.1, 3, "driven");
    const src = b.pop("src", poisson(60), 10);
    const e = b.pop("e", lif(), 12, { init: { v: { kind: "draw", expr: uniform(-0.07, -0.06) } } });
    b.connect(src, e, { rule: { kind: "fixed_probability", p: 0.4 }, weight: 0.4e-9 });
    for (const s of stimuli) b.stimulus(sel(e, s.target), s.wave);
    b.recordSpikes(e);
    return b.build();
  }
  const injected = { target: [4], wave: { kind: "current", amplitude: 1.7e-9 } as const };
  const sine = {
    target: [2, 4, 6],
    wave: { kind: "sine", amplitude: 0.6e-9, frequency: 40, offset: 0.3e-9, phase: 0 } as const,
  };
  const spikesOf = (r: ReturnType<GeneratedSimulator["result"]>) => [
    Array.from(r.spikes.step),
    Array.from(r.spikes.index),
  ];

  for (const [what, others] of [
    ["a population without stimuli", []],
    ["a stimulated population", [sine]],
  ] as const) {
    it(`adds to the external current of ${what} as a stimulus does`, async () => {
      const files = jsBackend.build(driven([...others]), { diagnostics: new DiagnosticSink() });
      const dir = mkdtempSync(join(tmpdir(), "snnc-inject-"));
      const path = join(dir, "driven.mjs");
      writeFileSync(path, files?.[0]?.contents ?? "");
      const mod = (await import(pathToFileURL(path).href)) as {
        createNetwork(): GeneratedSimulator;
      };
      const sim = mod.createNetwork();
      sim.setCurrent?.("e", 4, 1.7e-9);
      const got = spikesOf(sim.run());
      // the stimulus declared first: its current is added first, as the injected one is
      const expected = simulate(driven([injected, ...others]));
      expect(got).toEqual([Array.from(expected.spikes.step), Array.from(expected.spikes.index)]);
      expect(got[1]?.filter((i) => i === 4).length).toBeGreaterThan(5);
      // and without it the neuron fires less: the current is not lost
      const plain = simulate(driven([...others]));
      expect(Array.from(plain.spikes.index).filter((i) => i === 4).length).toBeLessThan(
        got[1]!.filter((i) => i === 4).length,
      );
    });
  }
});

describe("the module API's arguments", () => {
  it("names what does not exist, and takes member names", async () => {
    const b = new NetBuilder(1e-4, 0.01, 1, "named");
    const e = b.pop("e", lif(), 3, { memberNames: ["AVAL", "AVAR", "AVBL"] });
    b.recordSpikes(e);
    const files = jsBackend.build(b.build(), { diagnostics: new DiagnosticSink() });
    const dir = mkdtempSync(join(tmpdir(), "snnc-api-"));
    const path = join(dir, "named.mjs");
    writeFileSync(path, files?.[0]?.contents ?? "");
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const sim = mod.createNetwork();
    expect(() => sim.setCurrent?.("e", 3, 1e-9)).toThrow("no neuron 3 in population e (3 neurons)");
    expect(() => sim.injectSpike?.("e", -1)).toThrow(RangeError);
    expect(() => sim.injectSpike?.("e", "AVXX")).toThrow('no neuron "AVXX" in population e');
    expect(() => sim.injectSpike?.(7, 0)).toThrow("no population 7 in named");
    expect(() => sim.spikes(7)).toThrow("no population 7");
    expect(() => sim.state(-1, "v")).toThrow("no population -1");
    expect(() => sim.setCurrent?.("e", 0, Infinity)).toThrow("finite current");
    expect(() => sim.setCurrent?.("e", 0, Number.NaN)).toThrow("finite current");
    // options are not taken: a seed passed was silently ignored (the same network every time)
    const make = mod.createNetwork as (options?: unknown) => GeneratedSimulator;
    expect(() => make({ seed: 3 })).toThrow(
      new TypeError(
        "createNetwork() takes no arguments: the network and its seed are fixed when the module is built (snnc build --seed S)",
      ),
    );
    // what was given, as given: NaN (not JSON's null), a string in quotes
    expect(() => sim.spikes(Number.NaN)).toThrow("no population NaN in named");
    expect(() => sim.injectSpike?.("e", Number.NaN)).toThrow("no neuron NaN in population e");
    expect(() => sim.setCurrent?.("e", 0, "1e-9" as unknown as number)).toThrow(
      'setCurrent takes a finite current in amperes, not "1e-9"',
    );
    // a state variable that does not exist is a RangeError naming those that do
    expect(() => sim.state("e", "w")).toThrow(
      new RangeError('population e has no state variable "w" (it has v, i_exc, i_inh)'),
    );
    sim.injectSpike?.("e", "AVAR");
    sim.step();
    expect(Array.from(sim.spikes("e"))).toEqual([1]);
  });
});

describe("the module's run() after NaN state", () => {
  // the failure test's network: at 12.3 ms a spike of ±1e308 A sends e's v to NaN at step 125
  function poisoned() {
    const b = new NetBuilder(1e-4, 0.1, 1, "poisoned");
    const src = b.pop("src", spikeTimes([[0.0123]]), 1);
    const e = b.pop("e", lif(), 3);
    b.connect(src, e, { weight: 1e308 });
    b.connect(src, e, { weight: -1e308, receptor: "inh" });
    b.recordSpikes(e);
    return b.build();
  }
  const files = jsBackend.build(poisoned(), { diagnostics: new DiagnosticSink() });
  const dir = mkdtempSync(join(tmpdir(), "snnc-nan-"));
  const path = join(dir, "poisoned.mjs");
  writeFileSync(path, files?.[0]?.contents ?? "");

  it("names the exact step, imported or run by node, as snnc run does", async () => {
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const r = mod.createNetwork().run();
    expect(r.failure).toMatchObject({ population: 1, index: 0, variable: "v", step: 125 });
    expect(r.steps).toBe(125);
    expect(simulate(poisoned()).steps).toBe(125);
    const node = spawnSync(process.execPath, [path, "--out", join(dir, "out")], {
      encoding: "utf8",
    });
    expect(node.status).toBe(1);
    expect(node.stderr).toContain("error: state of e[0] became NaN (v) at step 125");
  });

  it("stops a loop of step() calls at the scan that finds it", async () => {
    // step() never scanned: it went on to the end over NaN state, failure null
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const sim = mod.createNetwork();
    let steps = 0;
    while (sim.step()) steps++;
    expect([steps, sim.time]).toEqual([127, 128]);
    expect(sim.result().failure).toMatchObject({ population: 1, variable: "v", step: 128 });
    expect(sim.step()).toBe(false);
    expect(sim.time).toBe(128);
  });

  it("of a driven network (not replayable from its seed) names the step of the scan", async () => {
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const sim = mod.createNetwork();
    sim.setCurrent?.("e", 1, 0);
    const r = sim.run();
    expect(r.failure?.step).toBe(128);
  });
});

describe("an injected spike during the refractory period", () => {
  it("is emitted, and the neuron's state and refractory period go on as they were", async () => {
    const b = new NetBuilder(1e-4, 0.01, 1, "refractory");
    const e = b.pop("e", lif({ v_reset: -0.075 }), 1); // relaxes back to v_rest after t_ref
    b.recordSpikes(e);
    const files = jsBackend.build(b.build(), { diagnostics: new DiagnosticSink() });
    const dir = mkdtempSync(join(tmpdir(), "snnc-refr-"));
    const path = join(dir, "refractory.mjs");
    writeFileSync(path, files?.[0]?.contents ?? "");
    const mod = (await import(pathToFileURL(path).href)) as { createNetwork(): GeneratedSimulator };
    const once = mod.createNetwork();
    const twice = mod.createNetwork();
    for (const sim of [once, twice]) sim.injectSpike?.("e", 0);
    const spiked: number[][] = [[], []];
    for (let k = 1; k <= 60; k++) {
      if (k === 5) twice.injectSpike?.("e", 0); // step 1 started a 20-step refractory period
      once.step();
      twice.step();
      [once, twice].forEach((sim, j) => {
        if (sim.spikes("e").length > 0) spiked[j]!.push(k);
      });
      expect(Array.from(twice.state("e", "v"))).toEqual(Array.from(once.state("e", "v")));
    }
    expect(spiked[0]).toEqual([1]);
    expect(spiked[1]).toEqual([1, 5]);
  });
});

describe("the recorded spike table", () => {
  it("grows to hold a stamp with more spikes than it held, in order", () => {
    // 100,000 neurons driven over threshold fire together every 21 steps: the first stamp alone
    // is more than the table's first size (1,024) grown eightfold twice
    const b = new NetBuilder(1e-4, 0.01, 1, "volleys");
    const e = b.pop("e", lif({ i_bias: 1e-6 }), 100000);
    b.recordSpikes(e);
    const r = simulate(b.build());
    const total = r.spikeCounts[0] ?? 0;
    expect(total).toBeGreaterThan(400000);
    expect(r.spikes.length).toBe(total);
    const first = Array.from(r.spikes.index.subarray(0, 100000));
    expect(first).toEqual(Array.from({ length: 100000 }, (_, i) => i));
    expect(new Set(r.spikes.step.subarray(0, 100000))).toEqual(new Set([1]));
    expect(r.spikes.step[100000]).toBeGreaterThan(1);
  });
});
