#!/usr/bin/env node
// `npm run bench:compile`: how fast the front end checks a file, on two inputs:
//   - connectome-full.snn: imports the full Cook et al. 2019 hermaphrodite edge list
//     (cook2019_herm_full_edgelist_clean.csv, about 7,400 rows, read in place from
//     ../shared/data/celegans) with signs from the neuron master sheet; target < 300 ms;
//   - generated-10k.snn: a generated file of 10,000 lines (1,000 blocks of a constant with unit
//     arithmetic, a model, a population with a random init, a projection, a stimulus); target < 1 s.
// For each: `compile()` in process (the first, cold call and the median of the warm ones), and the
// wall time of `node bin/snnc.js check FILE` (median), next to the wall time of a Node process that
// does nothing (the floor of any CLI figure on this machine, measured in the same run).
// Results go to stdout and to the compile section of docs/benchmarks.md (brian2 engineer's part).
//
//   node scripts/bench/compile.mjs [--runs 9] [--cli-runs 5] [--no-write]
// Needs `npm run build` first.
import { spawnSync } from "node:child_process";
import { currentCommit, machineLine, writeDocSection } from "./doc-section.mjs";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const runs = opt("--runs", 9);
const cliRuns = opt("--cli-runs", 5);
const write = !args.includes("--no-write");
if (!existsSync(resolve(root, "dist/compiler/index.js"))) {
  process.stderr.write("bench:compile: run `npm run build` first (dist/ is missing)\n");
  process.exit(1);
}
const { compile } = await import(resolve(root, "dist/compiler/index.js"));

const netDir = resolve(here, "networks");
mkdirSync(netDir, { recursive: true });
// the connectome file is kept next to the other benchmark networks (its CSV paths are relative);
// the 360 kB generated file goes to a temporary directory
const cases = [
  { name: "connectome-full.snn", dir: netDir, text: connectomeText(), targetMs: 300 },
  {
    name: "generated-10k.snn",
    dir: mkdtempSync(join(tmpdir(), "snnc-bench-compile-")),
    text: generatedText(1000),
    targetMs: 1000,
  },
];
for (const c of cases) writeFileSync(join(c.dir, c.name), c.text);

// the file system as `snnc check` sees it
const { nodeHost: host } = await import(resolve(root, "dist/cli/node-host.js"));

const nodeFloor = median(
  Array.from({ length: cliRuns }, () => wall(process.execPath, ["-e", ""]).seconds),
);
const results = cases.map((c) => {
  const file = join(c.dir, c.name);
  const times = [];
  let summary = "";
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = compile(file, host);
    times.push((performance.now() - t0) / 1000);
    if (i === 0) summary = describe(r);
  }
  const cli = [];
  let cliStatus = 0;
  for (let i = 0; i < cliRuns; i++) {
    const w = wall(process.execPath, [resolve(root, "bin/snnc.js"), "check", file]);
    cli.push(w.seconds);
    cliStatus = Math.max(cliStatus, w.status);
  }
  const out = {
    file: c.name,
    lines: c.text.split("\n").length - 1,
    bytes: Buffer.byteLength(c.text),
    cold_s: times[0],
    warm_median_s: median(times.slice(1)),
    cli_median_s: median(cli),
    cli_status: cliStatus,
    target_s: c.targetMs / 1000,
    summary,
  };
  process.stderr.write(JSON.stringify(out) + "\n");
  return out;
});

rmSync(cases[1].dir, { recursive: true, force: true });

const table = [
  "| file | lines | result | `compile()` cold | `compile()` warm (median) | `snnc check` wall (median) | target |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...results.map(
    (r) =>
      `| ${r.file} | ${r.lines} | ${r.summary} | ${ms(r.cold_s)} | ${ms(r.warm_median_s)} | ${ms(r.cli_median_s)}${r.cli_status !== 0 ? ` (exit ${r.cli_status})` : ""} | < ${ms(r.target_s)} (warm: ${r.warm_median_s < r.target_s ? "met" : "missed"}) |`,
  ),
].join("\n");
const note = `A Node process that does nothing takes ${ms(nodeFloor)} (median of ${cliRuns}) on the same machine in the same run: the floor of every \`snnc check\` figure.`;
process.stdout.write(`\n${table}\n\n${note}\n`);
if (write) writeSection(`${table}\n\n${note}`);

function describe(r) {
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = r.diagnostics.filter((d) => d.severity === "warning").length;
  if (r.network === null) return `${errors} errors (no network)`;
  const neurons = r.network.populations.reduce((s, p) => s + p.size, 0);
  return `${neurons} neurons, ${r.network.projections.length} projections, ${r.network.gaps.length} gap declarations, ${errors} errors, ${warnings} warnings`;
}

function wall(cmd, argv) {
  const t0 = performance.now();
  const res = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - t0) / 1000, status: res.status ?? 1 };
}

function median(xs) {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function ms(s) {
  return `${(s * 1000).toFixed(s < 0.01 ? 1 : 0)} ms`;
}

function connectomeText() {
  const data = "../../../../shared/data/celegans"; // relative to scripts/bench/networks/
  return [
    "// The full Cook et al. 2019 hermaphrodite connectome (generated by scripts/bench/compile.mjs).",
    "model Neuron = lif { tau_m = 10 ms; r_m = 200 Mohm; v_rest = -65 mV; v_reset = -65 mV; v_th = -50 mV }",
    `connectome worm = csv("${data}/cook2019_herm_full_edgelist_clean.csv") {`,
    "  chemical { weight = 0.02 nA per_synapse; delay = 1 ms }",
    "  electrical { conductance = 0.05 nS per_synapse }",
    `  sign = from_csv("${data}/neuron_master_sheet.csv")`,
    '  signs { Glu = inh; DA = exc; Octopamine = exc; "5HT" = exc; "Unknown (orphan)" = exc }',
    "  neurons = Neuron",
    "}",
    "record spikes of worm",
    "simulate { dt = 0.1 ms; duration = 1 s }",
    "",
  ].join("\n");
}

/** `blocks` blocks of 10 lines each (a chain of small populations). */
function generatedText(blocks) {
  const out = [];
  for (let i = 0; i < blocks; i++) {
    const prev = i === 0 ? blocks - 1 : i - 1;
    out.push(
      `// block ${i}`,
      `const w_${i} = 0.05 nA + ${i % 100} pA * 2`,
      `model M_${i} = lif {`,
      `  tau_m = ${12 + (i % 7)} ms`,
      `  v_th = -52 mV`,
      `  t_ref = 2 ms`,
      "}",
      `population p_${i} = M_${i}[10] { init v = uniform(-70 mV, -55 mV) }`,
      `connect p_${i} -> p_${prev} { rule = fixed_probability(0.2); weight = w_${i}; delay = 1.5 ms }`,
      `stimulus s_${i} = step -> p_${i}[0..4] { amplitude = 0.3 nA; start = ${i % 50} ms; stop = 60 ms }`,
    );
  }
  out.push("record spikes of p_0", "simulate { dt = 0.1 ms; duration = 100 ms }");
  return out.join("\n") + "\n";
}

function writeSection(body) {
  const header = `Last run: ${new Date().toISOString()}, commit ${currentCommit(root)}, ${machineLine()}; ${runs} warm runs, ${cliRuns} CLI runs (\`npm run bench:compile\`).`;
  writeDocSection(root, "brian2:compile", header, body);
}
