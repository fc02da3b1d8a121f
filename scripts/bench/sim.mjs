#!/usr/bin/env node
// One timed snnc run of a benchmark network, in a fresh process (so run-all.mjs can take the
// wall time of the whole process as the end-to-end .snn-to-spikes figure). Prints one JSON line:
// compile_s (compile() of the .snn file), setup_s (simulate(): code generation, instantiation of
// synapses and state), loop_s (the simulation loop alone), spikes, synapses (with --count),
// peak RSS and the RSS growth during simulate().
//
//   node scripts/bench/sim.mjs CONFIG [--from snn|ir] [--count]
//
// --from snn (default): compile scripts/bench/networks/CONFIG.snn with the front end;
// --from ir: the same network built as IR directly (networks.mjs), without the front end.
// Needs `npm run build` (imports dist/).
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIGS, irNetwork, snnText } from "./networks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const name = args[0];
if (name === undefined || !(name in CONFIGS)) {
  process.stderr.write(
    `usage: sim.mjs CONFIG [--from snn|ir] [--count]; CONFIG: ${Object.keys(CONFIGS).join(" ")}\n`,
  );
  process.exit(2);
}
const fromAt = args.indexOf("--from");
const from = fromAt >= 0 ? args[fromAt + 1] : "snn";

const tImport0 = performance.now();
const { compile } = await import(resolve(root, "dist/compiler/index.js"));
const { simulate, instantiateNetwork, estimateBytes } = await import(
  resolve(root, "dist/runtime/index.js")
);
const importS = (performance.now() - tImport0) / 1000;

let network;
let compileS = null;
if (from === "ir") {
  network = irNetwork(name);
} else {
  const file = resolve(root, "scripts/bench/networks", `${name}.snn`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, snnText(name));
  const { nodeHost } = await import(resolve(root, "dist/cli/node-host.js"));
  const c0 = performance.now();
  const result = compile(file, nodeHost);
  compileS = (performance.now() - c0) / 1000;
  network = result.network;
  if (network === null) {
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    const why =
      errors.length > 0
        ? errors.map((d) => `${d.code}: ${d.message}`).join("; ")
        : "no network and no diagnostic";
    process.stdout.write(
      JSON.stringify({ config: name, impl: "snnc-js", from, error: `compile(): ${why}` }) + "\n",
    );
    process.exit(1);
  }
}
const rssBefore = process.memoryUsage().rss;
const result = simulate(network);
const errors = (result.diagnostics ?? []).filter((d) => d.severity === "error");
if (errors.length > 0) {
  process.stdout.write(
    JSON.stringify({
      config: name,
      impl: "snnc-js",
      from,
      error: errors.map((d) => d.message).join("; "),
    }) + "\n",
  );
  process.exit(1);
}
const peakRss = process.resourceUsage().maxRSS * 1024;
const out = {
  config: name,
  impl: "snnc-js",
  from,
  N: network.populations.reduce((s, p) => s + p.size, 0),
  steps: result.steps,
  spikes: result.spikeCounts.reduce((s, x) => s + x, 0),
  import_s: round(importS),
  compile_s: compileS === null ? null : round(compileS),
  setup_s: round(result.timing.setupS),
  loop_s: round(result.timing.loopS),
  process_s: round(process.uptime()),
  peak_rss_bytes: peakRss,
  rss_growth_bytes: peakRss - rssBefore,
  estimate_bytes: estimateBytes(network),
};
if (args.includes("--count")) {
  const built = instantiateNetwork(network);
  out.synapses = built.projections.reduce((s, p) => s + p.pre.length, 0);
  // What the simulator itself keeps per synapse: its CSR rows (row pointers, targets, and
  // per-synapse weights and delays where they are not one constant), the same arrays the
  // generated module builds.
  const { buildCsrNetwork } = await import(resolve(root, "dist/runtime/instantiate/index.js"));
  const csr = buildCsrNetwork(network);
  out.synapse_storage_bytes = csr.projections.reduce(
    (s, p) =>
      s +
      p.rowPtr.byteLength +
      p.post.byteLength +
      (p.weights?.byteLength ?? 0) +
      (p.delays?.byteLength ?? 0),
    0,
  );
}
process.stdout.write(JSON.stringify(out) + "\n");

function round(x) {
  return Math.round(x * 1e4) / 1e4;
}
