/** The `snnc` command as a user runs it: exit codes, rendering, JSON output, determinism. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/spec-examples.js";

const snnc = join(repoRoot, "bin/snnc.js");

function run(args: string[], cwd = repoRoot) {
  const r = spawnSync("node", [snnc, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "snnc-cli-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const unitError = "model Cell = lif {\n  tau_m = 20 mV\n}\npopulation p = Cell[2]\n";

describe("snnc check", () => {
  it("exits 0 on a valid file", () => {
    const r = run(["check", "examples/one-neuron.snn"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ok");
  });

  it("exits 1 and renders file:line:col, a code frame with a caret, and the code", () => {
    const file = tempFile("bad.snn", unitError);
    const r = run(["check", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:11: error[unit-mismatch]`);
    expect(r.stderr).toContain("2 |   tau_m = 20 mV");
    expect(r.stderr).toMatch(/\|\s+\^{5}/);
    expect(r.stderr).toContain("1 error");
  });

  it("shows an invisible character by its code point and keeps the caret under it after tabs", () => {
    const file = tempFile("nul.snn", "model N = lif { }\n\tpopulation a\u0000b = N[3]\n");
    const r = run(["check", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:2:14: error[invalid-character]: Unexpected character U+0000`,
    );
    // the NUL as its picture, never raw on the terminal; the tab kept in the caret's indent
    expect(r.stderr).not.toContain("\u0000");
    expect(r.stderr).toContain("2 | \tpopulation a\u2400b = N[3]\n  | \t            ^\n");
    const printable = run(["check", tempFile("at.snn", "const x = 1 @ 2\n")]);
    expect(printable.stderr).toContain("Unexpected character '@'");
  });

  it("shows a window of a long line under each diagnostic, with the caret under its span", () => {
    // 2,000 off-grid spike times on one line: each warning printed the whole 20 kB line (at
    // 50,000 times, snnc check ran out of memory)
    const times = Array.from({ length: 2000 }, (_, i) => `${i}.03 ms`).join(", ");
    const file = tempFile(
      "long.snn",
      `population a = spike_times[1] { times = [${times}] }\nsimulate { duration = 3 s }\n`,
    );
    const r = run(["check", file]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(180);
    const at = lines.findIndex((l) => l.includes("Spike time 1.50003 s "));
    const [frame, caret] = [lines[at + 2]!, lines[at + 3]!];
    expect(frame.startsWith("1 | …")).toBe(true);
    expect(frame.endsWith("…")).toBe(true);
    expect(frame.slice(caret.indexOf("^"), caret.lastIndexOf("^") + 1)).toBe("1500.03 ms");
    // a span near the start of the line keeps the line's start
    const first = lines.findIndex((l) => l.includes("Spike time 30 us"));
    expect(lines[first + 2]!.startsWith("1 | population a = spike_times[1]")).toBe(true);
  });

  it("prints machine-readable diagnostics with --format json", () => {
    const file = tempFile("bad.snn", unitError);
    const r = run(["check", file, "--format", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      diagnostics: { code: string; line: number; column: number; file: string }[];
      errors: number;
    };
    expect(out.errors).toBe(1);
    expect(out.diagnostics[0]).toMatchObject({ code: "unit-mismatch", line: 2, column: 11, file });
  });

  it("prints one JSON document for several files, each diagnostic naming its file", () => {
    const bad = tempFile("bad.snn", unitError);
    const r = run(["check", "--format", "json", "examples/one-neuron.snn", bad, bad]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnostics: { file: string }[]; errors: number };
    expect(out.errors).toBe(2);
    expect(out.diagnostics.map((d) => d.file)).toEqual([bad, bad]);
  });

  it("reports a missing file as a diagnostic, not a stack trace", () => {
    const r = run(["check", "no/such/file.snn"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("rejects an unknown command with usage", () => {
    const r = run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe("snnc build --target ir", () => {
  it("writes byte-identical IR for the same file and seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-ir-"));
    const a = join(dir, "a.ir.json");
    const b = join(dir, "b.ir.json");
    expect(run(["build", "examples/cuba.snn", "--target", "ir", "-o", a]).code).toBe(0);
    expect(run(["build", "examples/cuba.snn", "--target", "ir", "-o", b]).code).toBe(0);
    const text = readFileSync(a, "utf8");
    expect(text).toBe(readFileSync(b, "utf8"));
    const ir = JSON.parse(text) as {
      irVersion: number;
      seed: number;
      populations: { size: number }[];
    };
    expect(ir.irVersion).toBe(1);
    expect(ir.seed).toBe(42);
    expect(ir.populations.map((p) => p.size)).toEqual([3200, 800]);
  });

  it("prints one JSON document with --format json, the files written on stderr", () => {
    // it printed one document per stage (compiler, target), then "wrote" lines: not JSON
    const dir = mkdtempSync(join(tmpdir(), "snnc-json-"));
    const ok = run(["build", "examples/one-neuron.snn", "-o", dir, "--format", "json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ diagnostics: [], errors: 0, warnings: 0 });
    expect(ok.stderr).toBe(`wrote ${join(dir, "one-neuron.mjs")}\n`);
    const big = tempFile(
      "big.snn",
      "population a = lif[3000000]\nconnect a -> a { rule = fixed_probability(0.5); weight = 1 pA }\n",
    );
    const refused = run(["build", big, "-o", dir, "--format", "json"]);
    expect(refused.code).toBe(1);
    const doc = JSON.parse(refused.stdout) as { diagnostics: { code: string }[]; errors: number };
    expect([doc.errors, doc.diagnostics.map((d) => d.code)]).toEqual([1, ["network-too-large"]]);
  });

  it("takes --seed over the file's seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-ir-"));
    const out = join(dir, "s.ir.json");
    expect(
      run(["build", "examples/cuba.snn", "--target", "ir", "-o", out, "--seed", "7"]).code,
    ).toBe(0);
    expect((JSON.parse(readFileSync(out, "utf8")) as { seed: number }).seed).toBe(7);
    // an empty --seed= was seed 0, silently
    const empty = run(["build", "examples/cuba.snn", "--target", "ir", "-o", out, "--seed="]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("option --seed needs a value");
    // a seed too large for 32 bits is out of range, not "not a whole number"
    const big = run([
      "build",
      "examples/cuba.snn",
      "--target",
      "ir",
      "-o",
      out,
      "--seed",
      "99999999999999999999",
    ]);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain("The --seed option must be between 0 and 4294967295, found 1e+20");
    // snnc upload reads --seed as the other commands do (0x10 was seed 16, --seed= seed 0)
    const hex = run(["upload", "examples/neurocorex-touch.snn", "--seed=0x10"]);
    expect([hex.code, hex.stderr]).toEqual([
      2,
      "snnc upload: --seed must be a non-negative integer, not '0x10'\n",
    ]);
    const empty2 = run(["upload", "examples/neurocorex-touch.snn", "--seed="]);
    expect([empty2.code, empty2.stderr]).toEqual([
      2,
      expect.stringMatching(/--seed needs a value/),
    ]);
  });
});

describe("snnc run and build of a file with two target blocks", () => {
  const twoTargets =
    "model C = lif { }\npopulation p = C[2]\nsimulate { dt = 0.1 ms; duration = 1 ms }\ntarget js { }\ntarget neurocorex { }\n";

  it("use js, as SPEC §8 says, and warn at the block they leave unused", () => {
    const file = tempFile("two.snn", twoTargets);
    const dir = mkdtempSync(join(tmpdir(), "snnc-two-"));
    const r = run(["run", file, "--out", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `${file}:5:1: warning[target-not-chosen]: This file has 2 target blocks (js, neurocorex); snnc run uses js: choose one with --target`,
    );
    expect(r.stdout).toContain("population  size  spikes");
    const b = run(["build", file, "-o", dir]);
    expect(b.code).toBe(0);
    expect(b.stderr).toContain("snnc build uses js");
    expect(existsSync(join(dir, "two.mjs"))).toBe(true);
  });

  it("say nothing when --target chooses", () => {
    const file = tempFile("two.snn", twoTargets);
    const dir = mkdtempSync(join(tmpdir(), "snnc-two-"));
    const r = run(["run", file, "--target", "js", "--out", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const core = run(["run", file, "--target", "neurocorex", "--out", dir]);
    expect(core.stderr).not.toContain("target-not-chosen");
  });
});

describe("snnc arguments", () => {
  it("refuses unknown options, options without a value and flags with one, before any work", () => {
    const cases: [string[], string][] = [
      [["run", "examples/one-neuron.snn", "--bogus"], "snnc run: unknown option --bogus"],
      [["run", "examples/one-neuron.snn", "--out"], "snnc run: option --out needs a value"],
      [
        ["run", "examples/one-neuron.snn", "--out", "--timing"],
        "snnc run: option --out needs a value",
      ],
      [["run", "examples/one-neuron.snn", "--timing=yes"], "option --timing takes no value"],
      [["build", "examples/one-neuron.snn", "--target"], "option --target needs a value"],
      [["build", "examples/one-neuron.snn", "-x", "y"], "snnc build: unknown option -x"],
      [["check", "examples/one-neuron.snn", "--format"], "option --format needs a value"],
      [["fmt", "--write", "examples/one-neuron.snn"], "snnc fmt: unknown option --write"],
      [["inspect", "x.ncx", "--manifest", "m.json"], "unknown option --manifest"],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain("usage: snnc ");
      expect(r.stdout).toBe("");
    }
    // a value that looks like an option but is not one of the command's is a value
    const r = run(["run", "examples/one-neuron.snn", "--duration", "--5ms"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--duration must be a positive time such as '2s' or '500ms', not '--5ms'",
    );
  });
});

describe("snnc output paths", () => {
  it("says which path cannot be written, before simulating, without a stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-out-"));
    writeFileSync(join(dir, "afile"), "");
    const cases: [string[], string][] = [
      [
        ["run", "examples/one-neuron.snn", "--out", join(dir, "afile")],
        "a file of that name is in the way",
      ],
      [
        ["run", "examples/one-neuron.snn", "--out", join(dir, "o"), "--plot", dir],
        "it is a directory",
      ],
      [
        [
          "run",
          "examples/one-neuron.snn",
          "--out",
          join(dir, "o"),
          "--plot",
          join(dir, "afile", "r.svg"),
        ],
        "cannot write to directory",
      ],
      [
        ["build", "examples/one-neuron.snn", "-o", join(dir, "afile", "sub")],
        "a file, not a directory",
      ],
      [["build", "examples/one-neuron.snn", "--target", "ir", "-o", dir], "it is a directory"],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain("internal error");
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.stdout).not.toContain("population"); // refused before the run's summary
    }
  });
});

describe("snnc output directories", () => {
  it("creates missing levels one by one, and refuses a place where mkdir answers ENOENT", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-out-"));
    const nested = join(dir, "a", "b", "c");
    expect(run(["run", "examples/one-neuron.snn", "--out", nested]).code).toBe(0);
    expect(readFileSync(join(nested, "spikes.csv"), "utf8")).toMatch(/^time_ms,/);
    // Linux's /proc takes no new directories: Node's recursive mkdirSync looped forever there
    if (!existsSync("/proc/self")) return;
    const r = spawnSync("node", [snnc, "run", "examples/one-neuron.snn", "--out", "/proc/x/y"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot write to directory '/proc/x/y'");
  });
});

describe("snnc run of a network too large", () => {
  it("says so and writes nothing: no summary, no files", () => {
    const file = tempFile(
      "huge.snn",
      "population a = lif[3000000]\nconnect a -> a { rule = fixed_probability(0.5); weight = 1 pA }\n",
    );
    const out = join(mkdtempSync(join(tmpdir(), "snnc-huge-")), "out");
    const r = run(["run", file, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[network-too-large]");
    expect(r.stdout).toBe("");
  });

  it("points at the largest part, here a recording (not the synapses)", () => {
    // it had no location, and its advice was to reduce the network or the connection probability
    const file = tempFile(
      "long.snn",
      "population cell = lif[100]\nrecord v of cell\nsimulate { dt = 0.1 ms; duration = 3600 s }\n",
    );
    const r = run(["run", file, "--out", join(mkdtempSync(join(tmpdir(), "snnc-long-")), "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `long.snn:2:1: error[network-too-large]: The network needs about 28800007604 bytes of memory to simulate, more than the limit of 8589934592 bytes; the largest part is the recording of v, about 28800000800 bytes`,
    );
  });
});

describe("snnc inspect", () => {
  it("lists an image with the names of its manifest, skipping entries a hand edit broke", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-inspect-"));
    const built = run([
      "build",
      "examples/neurocorex-touch.snn",
      "--target",
      "neurocorex",
      "-o",
      dir,
    ]);
    expect(built.code).toBe(0);
    const image = join(dir, "neurocorex-touch.ncx");
    const good = run(["inspect", image]);
    expect(good.code).toBe(0);
    const named = good.stdout.split("\n").filter((l) => /\s\w+\.\w+|\w+\[\d+\]/.test(l)).length;
    const manifest = JSON.parse(readFileSync(`${image}.json`, "utf8")) as {
      neurons: unknown[];
      inputs: unknown;
    };
    for (const broken of [
      { ...manifest, neurons: [null, 3, ...manifest.neurons.slice(1)] },
      { ...manifest, neurons: { a: 1 }, inputs: "x" },
    ]) {
      writeFileSync(`${image}.json`, JSON.stringify(broken));
      const r = run(["inspect", image]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")[0]).toBe(good.stdout.split("\n")[0]);
      expect(r.stdout.split("\n").length).toBe(good.stdout.split("\n").length);
    }
    expect(named).toBeGreaterThan(0);
  });
});

describe("odd file names and files", () => {
  it("a name with a line break or quotes still gives a module and a script that load", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-names-"));
    const text = readFileSync(join(repoRoot, "examples/one-neuron.snn"), "utf8");
    for (const name of ["new\nline", 'we"""ird']) {
      const file = join(dir, `${name}.snn`);
      writeFileSync(file, text);
      expect(run(["build", file, "--target", "js", "-o", join(dir, "js")]).code).toBe(0);
      const module = spawnSync("node", [join(dir, "js", `${name}.mjs`), "--out", join(dir, "r")], {
        encoding: "utf8",
      });
      expect(module.status).toBe(0);
      expect(module.stdout).toContain("cell");
      expect(run(["build", file, "--target", "pynn", "-o", join(dir, "py")]).code).toBe(0);
      const py = spawnSync(
        "python3",
        [
          "-c",
          "import ast, sys; ast.parse(open(sys.argv[1]).read())",
          join(dir, "py", `${name}.py`),
        ],
        { encoding: "utf8" },
      );
      expect(py.stderr).toBe("");
      expect(py.status).toBe(0);
    }
  });

  it("a device that never ends is not read: snnc check /dev/zero answers at once", () => {
    const r = run(["check", "/dev/zero"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[import-not-found]: Cannot read '/dev/zero'");
  });
});
