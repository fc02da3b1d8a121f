#!/usr/bin/env node
// `npm run bench`: snnc's simulator against its anchors, measured in the same run (these machines
// are shared and noisy: compare ratios taken in one run, never absolute times across runs).
//
// For every configuration of networks.mjs (CUBA at 4k/16k/64k neurons for 1 s, a 302-neuron
// random network for 10 s with and without STDP), each repetition runs, back to back,
//   - snnc end to end: `node bin/snnc.js run NET.snn --timing` (wall time of the process, from
//     .snn text to spikes.csv on disk; its compile_s / setup_s / loop_s lines);
//   - /work/shared/bench/anchors.sh (Brian2 cpp_standalone and cython, and the hand-written C++
//     loop of cuba_ref.cpp), one JSON line per implementation;
// and, once per configuration, scripts/bench/sim.mjs --count in a fresh process for the synapse
// count and memory. Medians of the repetitions (times) and medians of the per-repetition ratios
// go into a table on stdout and into the brian2 section of docs/benchmarks.md; the raw JSON lines
// into bench-results/ (git-ignored), after every repetition.
//
//   node scripts/bench/run-all.mjs [--reps 3] [--configs cuba4k,celegans302] [--no-anchors]
//                                  [--no-write]
//   node scripts/bench/run-all.mjs --render bench-results/bench-....json   (table of a saved run)
// Needs `npm run build` first, and for the anchors Debian's python3-brian and g++.
import { currentCommit, machineLine, writeDocSection } from "./doc-section.mjs";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIGS, snnText } from "./networks.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const anchorsSh = resolve(root, "../shared/bench/anchors.sh");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const reps = Number(opt("--reps", "3"));
const configs = opt("--configs", Object.keys(CONFIGS).join(",")).split(",");
const withAnchors = !args.includes("--no-anchors") && existsSync(anchorsSh);
const write = !args.includes("--no-write");

for (const c of configs)
  if (!(c in CONFIGS)) fail(`unknown configuration '${c}' (${Object.keys(CONFIGS).join(", ")})`);
if (!existsSync(resolve(root, "dist/cli/main.js")))
  fail("run `npm run build` first (dist/ is missing)");

const netDir = resolve(here, "networks");
mkdirSync(netDir, { recursive: true });
for (const c of configs) writeFileSync(join(netDir, `${c}.snn`), snnText(c));

const rows = []; // every JSON result line, tagged with rep
const rendering = opt("--render", null);
if (rendering !== null) {
  // re-render a saved run (e.g. one interrupted after some repetitions) with this script's table
  const saved = JSON.parse(readFileSync(rendering, "utf8"));
  rows.push(...saved.rows);
  const done = new Set(saved.rows.map((r) => r.rep)).size;
  const savedConfigs = [...new Set(saved.rows.map((r) => r.config))];
  const table = render(savedConfigs, rows, saved.extra);
  process.stdout.write(table + "\n");
  if (write) writeSection(table, saved.stamp, done, rendering);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), "snnc-bench-"));
const outDir = join(work, "out");

const extra = {};
for (const c of configs) {
  const res = spawnSync(process.execPath, [join(here, "sim.mjs"), c, "--count"], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const line = res.stdout.split("\n").find((l) => l.startsWith("{"));
  if (line !== undefined) extra[c] = JSON.parse(line);
  else log(`sim.mjs ${c} failed: ${res.stderr.slice(-500)}`);
}
const stamp = new Date().toISOString();
extra.cpuCheck = [];
if (withAnchors) {
  mkdirSync(join(work, "anchors"), { recursive: true });
  const cpp = resolve(dirname(anchorsSh), "cuba_ref.cpp");
  const out = join(work, "anchors", "cuba_ref");
  spawnSync("g++", ["-O3", "-march=native", "-std=c++17", "-o", out, cpp], { encoding: "utf8" });
}
for (let rep = 0; rep < reps; rep++) {
  // These virtual CPUs are not always equally fast (one is often ~1.7x slower for minutes while
  // the host is busy): the C++ loop pinned to each CPU in turn shows it.
  const check = cpuCheck(join(work, "anchors", "cuba_ref"));
  if (check !== null) {
    extra.cpuCheck.push(check);
    log(`rep ${rep + 1}/${reps} CPU check (cuba_ref 4000 neurons, 1 s): ${check.join(" / ")} s`);
  }
  // snnc and the anchors of one configuration back to back, so that each ratio compares runs
  // made under the same load (the load on these machines changes by the minute)
  for (const c of configs) {
    // as users run it (one thread where lif populations get WebAssembly kernels), then asking
    // for two (the JS kernels, split by neuron range, where the network allows it)
    for (const threads of [null, 2]) {
      const r = runCli(c, threads);
      log(
        `rep ${rep + 1}/${reps} ${c} ${r.impl}: loop ${r.loop_s} s (${r.threads} thread(s)), e2e ${r.e2e_s} s`,
      );
      rows.push({ rep, ...r });
    }
    if (!withAnchors) continue;
    mkdirSync(join(work, "anchors"), { recursive: true });
    const res = spawnSync("bash", [anchorsSh, c], {
      encoding: "utf8",
      env: { ...process.env, BENCH_WORK: join(work, "anchors") },
      maxBuffer: 1 << 26,
    });
    for (const line of res.stdout.split("\n")) {
      if (!line.startsWith("{")) continue;
      const j = JSON.parse(line);
      rows.push({ rep, ...j });
      log(`rep ${rep + 1}/${reps} ${j.config} ${j.impl}: loop ${j.run_s} s`);
    }
    if (res.status !== 0) log(`anchors.sh exited with ${res.status}: ${res.stderr.slice(-500)}`);
  }
  // partial results survive an interrupted run
  if (write) save(render(configs, rows, extra), rep + 1);
}
rmSync(work, { recursive: true, force: true });

process.stdout.write("\n" + render(configs, rows, extra) + "\n");

/** Raw lines to bench-results/ and the table to docs/benchmarks.md. */
function save(table, done) {
  const resultsDir = resolve(root, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, `bench-${stamp.replace(/[:.]/g, "-")}.json`),
    JSON.stringify({ stamp, rows, extra }, null, 1) + "\n",
  );
  writeSection(table, stamp, done);
}

/** The C++ loop's time on each CPU in turn (`taskset`), or null without taskset or the binary. */
function cpuCheck(binary) {
  if (!existsSync(binary)) return null;
  const times = [];
  for (let cpu = 0; cpu < cpus().length; cpu++) {
    const res = spawnSync("taskset", ["-c", String(cpu), binary, "4000", "0.02", "1", "1", "0"], {
      encoding: "utf8",
    });
    const m = /"run_s":([0-9.]+)/.exec(res.stdout ?? "");
    if (res.status !== 0 || m === null) return null;
    times.push(Number(m[1]));
  }
  return times;
}

/** One end-to-end run of the CLI (`--threads N` unless `threads` is null): wall time, --timing lines. */
function runCli(config, threads) {
  const file = join(netDir, `${config}.snn`);
  const t0 = performance.now();
  const res = spawnSync(
    process.execPath,
    [
      resolve(root, "bin/snnc.js"),
      "run",
      file,
      "--timing",
      "--out",
      join(outDir, config),
      ...(threads === null ? [] : ["--threads", String(threads)]),
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const wall = (performance.now() - t0) / 1000;
  if (res.status !== 0)
    fail(`snnc run ${config} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  const text = res.stdout + "\n" + res.stderr;
  const num = (key) => {
    const m = new RegExp(`${key}=([0-9.eE+-]+)`).exec(text);
    return m === null ? null : Number(m[1]);
  };
  const spikes = readFileSync(join(outDir, config, "spikes.csv"), "utf8").split("\n").length - 2;
  return {
    config,
    impl: threads === null ? "snnc-js" : `snnc-js-${threads}t`,
    threads: num("threads"),
    compile_s: num("compile_s"),
    setup_s: num("setup_s"),
    loop_s: num("loop_s"),
    e2e_s: Math.round(wall * 1e4) / 1e4,
    spikes,
  };
}

function median(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function med(config, impl, key) {
  return median(rows.filter((r) => r.config === config && r.impl === impl).map((r) => r[key]));
}

function fmtS(x) {
  if (x === null) return "—";
  return x < 0.1 ? `${x.toFixed(3)} s` : x < 10 ? `${x.toFixed(2)} s` : `${x.toFixed(1)} s`;
}

/** Median over repetitions of the ratio a/b, each taken within one repetition. */
function medRatio(config, implA, keyA, implB, keyB) {
  const rs = [];
  for (let rep = 0; rep < reps; rep++) {
    const a = rows.find((r) => r.rep === rep && r.config === config && r.impl === implA);
    const b = rows.find((r) => r.rep === rep && r.config === config && r.impl === implB);
    const x = typeof keyA === "function" ? keyA(a) : a?.[keyA];
    const y = typeof keyB === "function" ? keyB(b) : b?.[keyB];
    if (typeof x === "number" && typeof y === "number" && y > 0) rs.push(x / y);
  }
  const m = median(rs);
  return m === null ? "—" : `${m.toFixed(2)}×`;
}

function render(configs, rows, extra) {
  const cppImpl = (c) => (CONFIGS[c].stdp ? "cpp_ref_stdp" : "cpp_ref");
  const head = [
    "| config | synapses (snnc / Brian2) | spikes (snnc / Brian2) | snnc threads | snnc loop | hand C++ loop | Brian2 cpp_standalone loop | Brian2 cython loop | loop ÷ Brian2 cpp | loop ÷ C++ | snnc compile + setup | snnc end to end | Brian2 cpp_standalone end to end | end-to-end ratio | snnc bytes/synapse (RSS growth) | snnc synapse storage (bytes/synapse) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const body = configs.map((c) => {
    const loop = med(c, "snnc-js", "loop_s");
    const cpp = med(c, cppImpl(c), "run_s");
    const b2 = med(c, "brian2-cpp_standalone", "run_s");
    const cy = med(c, "brian2-cython", "run_s");
    const e2e = med(c, "snnc-js", "e2e_s");
    const b2e2e = median(
      rows
        .filter((r) => r.config === c && r.impl === "brian2-cpp_standalone")
        .map((r) => r.import_s + r.build_s + r.run_s),
    );
    const comp = med(c, "snnc-js", "compile_s");
    const setup = med(c, "snnc-js", "setup_s");
    const x = extra[c];
    const syn = x?.synapses ?? null;
    const b2syn = med(c, "brian2-cpp_standalone", "synapses");
    const bps = syn ? Math.round(x.rss_growth_bytes / syn) : null;
    const storage =
      syn && typeof x.synapse_storage_bytes === "number"
        ? (x.synapse_storage_bytes / syn).toFixed(1)
        : null;
    return `| ${c} | ${syn ?? "—"} / ${b2syn ?? "—"} | ${med(c, "snnc-js", "spikes") ?? "—"} / ${med(c, "brian2-cpp_standalone", "spikes") ?? "—"} | ${med(c, "snnc-js", "threads") ?? "—"} | ${fmtS(loop)} | ${fmtS(cpp)} | ${fmtS(b2)} | ${fmtS(cy)} | ${medRatio(c, "snnc-js", "loop_s", "brian2-cpp_standalone", "run_s")} | ${medRatio(c, "snnc-js", "loop_s", cppImpl(c), "run_s")} | ${fmtS(comp)} + ${fmtS(setup)} | ${fmtS(e2e)} | ${fmtS(b2e2e)} | ${medRatio(c, "snnc-js", "e2e_s", "brian2-cpp_standalone", (r) => (r === undefined ? undefined : r.import_s + r.build_s + r.run_s))} | ${bps ?? "—"} | ${storage ?? "—"} |`;
  });
  const b2e2eOf = (r) => (r === undefined ? undefined : r.import_s + r.build_s + r.run_s);
  const one = [
    "",
    "The same with `snnc run --threads 2` (two threads running the JS kernels, where the network allows the split; the threads column says where it did not), run right after:",
    "",
    "| config | snnc threads | snnc loop | loop ÷ Brian2 cpp | loop ÷ C++ | snnc end to end | end-to-end ratio |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...configs.map(
      (c) =>
        `| ${c} | ${med(c, "snnc-js-2t", "threads") ?? "—"} | ${fmtS(med(c, "snnc-js-2t", "loop_s"))} | ${medRatio(c, "snnc-js-2t", "loop_s", "brian2-cpp_standalone", "run_s")} | ${medRatio(c, "snnc-js-2t", "loop_s", cppImpl(c), "run_s")} | ${fmtS(med(c, "snnc-js-2t", "e2e_s"))} | ${medRatio(c, "snnc-js-2t", "e2e_s", "brian2-cpp_standalone", b2e2eOf)} |`,
    ),
  ];
  return [...head, ...body, ...one].join("\n");
}

/** The CPU checks of the run, for the section's header. */
function cpuLine() {
  const checks = extra.cpuCheck ?? [];
  if (checks.length === 0) return "";
  const shown = checks.map((c) => c.map((t) => t.toFixed(3)).join(" / ")).join("; ");
  return ` The C++ loop of cuba4k pinned to each CPU in turn, before each repetition: ${shown} s.`;
}

function writeSection(table, stamp, done, renderedFrom = null) {
  const commit = currentCommit(root);
  const header =
    renderedFrom === null
      ? `Last run: ${stamp}, commit ${commit}, ${machineLine()} at the end; medians of ${done} repetition(s) (\`npm run bench\`).${cpuLine()}`
      : `Run started ${stamp} (Node ${process.version}), rendered from ${basename(renderedFrom)} at commit ${commit}; medians of ${done} repetition(s) (\`npm run bench\`).`;
  writeDocSection(root, "brian2:simulator", header, table);
}

function log(msg) {
  process.stderr.write(msg + "\n");
}

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(1);
}
