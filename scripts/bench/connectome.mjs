#!/usr/bin/env node
// Benchmark of the connectome importer (compiler/connectome) on the full Cook et al. 2019
// hermaphrodite edge list (5806 rows, 300 neurons). Budget: well under 100 ms per import, since
// the editor re-imports on every keystroke of a file that declares a connectome.
//
// It imports the compiled module from dist/ (run `npm run build` first) and reads the shared
// data in place (../shared/data/celegans, never copied into the repo). Timings on a shared
// machine are noisy, so it reports medians over many runs and, as an anchor measured in the same
// run, a naive parse (split into lines and cells, sum counts per pair in a Map) that does far less
// work; the ratio importer/anchor is what to compare between machines.
//
// Usage: node scripts/bench/connectome.mjs [--runs N] [--check]
//   --check  exit with status 1 when the median import exceeds the 100 ms budget.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const data = resolve(root, "../shared/data/celegans");
const { importConnectome } = await import(resolve(root, "dist/compiler/connectome/index.js"));
const { DiagnosticSink } = await import(resolve(root, "dist/common/index.js"));

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 50;
const check = args.includes("--check");
const budgetMs = 100;

const cookPath = resolve(data, "cook2019_herm_neuron_edgelist.csv");
const masterPath = resolve(data, "neuron_master_sheet.csv");
const files = new Map([cookPath, masterPath].map((p) => [p, readFileSync(p, "utf8")]));
const host = { readFile: (p) => files.get(p) };
const span = { file: 0, start: 0, end: 0 };
const at = (value) => ({ value, span });

const plain = { name: "worm", source: { path: cookPath, span } };
const signed = {
  ...plain,
  sign: { path: masterPath, span },
  signs: {
    span,
    entries: ["Glu:inh", "DA:exc", "Octopamine:exc", "5HT:exc", "Unknown (orphan):exc"].map((e) => {
      const [transmitter, receptor] = e.split(":");
      return { transmitter, receptor, span };
    }),
  },
  select: [at("*")],
};

function naiveAnchor() {
  const text = files.get(cookPath);
  const pairs = new Map();
  const lines = text.split("\n");
  for (let k = 1; k < lines.length; k++) {
    const cells = lines[k].split(",");
    if (cells.length < 4) continue;
    const key = `${cells[0]}|${cells[1]}|${cells[2]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + Number(cells[3]));
  }
  return pairs.size;
}

function once(config) {
  const sink = new DiagnosticSink();
  const result = importConnectome(config, host, sink);
  if (result === null || sink.hasErrors) throw new Error("benchmark import reported errors");
  return result;
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const coldMs = time(() => once(plain));
const check1 = once(plain);
const samples = { plain: [], signed: [], anchor: [] };
for (let k = 0; k < 5; k++) {
  once(plain);
  once(signed);
  naiveAnchor();
}
for (let k = 0; k < runs; k++) {
  samples.plain.push(time(() => once(plain)));
  samples.signed.push(time(() => once(signed)));
  samples.anchor.push(time(naiveAnchor));
}
// The same rows as spreadsheets and other tools write them: lone-CR line ends (which once made
// the reader quadratic) and every field quoted. Each should cost about what the plain file does.
const messyPaths = { cr: "/messy/cook-cr.csv", quoted: "/messy/cook-quoted.csv" };
const cookText = files.get(cookPath);
files.set(messyPaths.cr, cookText.replace(/\n/g, "\r"));
files.set(
  messyPaths.quoted,
  cookText
    .split("\n")
    .map((line) =>
      line === ""
        ? line
        : line
            .split(",")
            .map((c) => `"${c}"`)
            .join(","),
    )
    .join("\n"),
);
const messy = Object.fromEntries(
  Object.entries(messyPaths).map(([name, path]) => {
    const config = { ...plain, source: { path, span } };
    for (let k = 0; k < 5; k++) once(config);
    const times = Array.from({ length: runs }, () => time(() => once(config)));
    return [name, Number(median(times).toFixed(2))];
  }),
);

const result = {
  file: "cook2019_herm_neuron_edgelist.csv",
  members: check1.members.length,
  chemical: check1.chemical.length,
  electrical: check1.electrical.length,
  runs,
  coldMs: Number(coldMs.toFixed(2)),
  medianMs: Number(median(samples.plain).toFixed(2)),
  signedMedianMs: Number(median(samples.signed).toFixed(2)),
  anchorMedianMs: Number(median(samples.anchor).toFixed(2)),
  ratioToAnchor: Number((median(samples.plain) / median(samples.anchor)).toFixed(2)),
  loneCrMedianMs: messy.cr,
  quotedMedianMs: messy.quoted,
  budgetMs,
};
console.log(JSON.stringify(result, null, 2));
const worst = Math.max(result.medianMs, result.signedMedianMs, messy.cr, messy.quoted);
console.log(
  worst < budgetMs
    ? `ok: median import ${worst} ms < ${budgetMs} ms`
    : `SLOW: median import ${worst} ms >= ${budgetMs} ms`,
);
if (check && worst >= budgetMs) process.exitCode = 1;
