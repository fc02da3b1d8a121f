#!/usr/bin/env node
// The NeuroCoreX target's speed, as ratios against anchors measured in the same run (shared,
// noisy machines: compare within one run only). Needs `npm run build` first.
//
//   node scripts/bench/ncx.mjs [--reps 7] [--steps 100000]
//
// 1. compile: SPEC 9.5 (.snn text → checked IR → limits → image bytes), median wall time of
//    `--reps` compilations after a warm-up. Target: under 100 ms. Anchor: parsing the same file
//    alone (the front end's share).
// 2. core model: a 90-neuron core (a Poisson input driving a recurrent chain with on-chip
//    learning) for `--steps` core steps through `runImage` on the image's bytes; reports core
//    steps per ms of CPU time (process.cpuUsage), the median (and range) of `--reps` runs after a
//    warm-up, each followed by the anchor. Target: at least 1,000. Anchor: a bare loop
//    doing one 18-bit add and compare per neuron per step over the same 90 neurons.
// 3. as `snnc run` does it (no target; for honesty): `simulateOnCore` on the same network, i.e.
//    the limits check (plan, image, and the model run that collects the quirks it warns about),
//    the spikes decoded from the sent bytes and sorted into the result. Core steps per CPU-ms,
//    median of `--reps` after a warm-up.
// Prints one JSON line per measurement and a summary table.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const reps = opt("--reps", 7);
const steps = opt("--steps", 100000);

const dist = (p) => import(resolve(root, "dist", p));
const { compile } = await dist("compiler/index.js");
const { parse } = await dist("grammar/index.js");
const { DiagnosticSink } = await dist("common/index.js");
const { checkCoreLimits } = await dist("backends/neurocorex/index.js");
const { runImage, simulateOnCore } = await dist("runtime/ncx/index.js");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function hostFor(files) {
  return { readFile: (p) => files[p] };
}

function compileNetwork(path, text) {
  const result = compile(path, hostFor({ [path]: text }));
  if (result.network === null) {
    throw new Error(
      `${path} does not compile:\n${result.diagnostics.map((d) => d.message).join("\n")}`,
    );
  }
  return result.network;
}

function imageOf(network) {
  const sink = new DiagnosticSink();
  const checked = checkCoreLimits(network, sink);
  if (checked === null) throw new Error(sink.items.map((d) => d.message).join("\n"));
  return checked;
}

function compileImage(path, text) {
  return imageOf(compileNetwork(path, text));
}

// ---------------------------------------------------------------- 1. compile SPEC 9.5
const spec95Path = resolve(root, "examples/neurocorex-touch.snn");
const spec95 = readFileSync(spec95Path, "utf8");
compileImage(spec95Path, spec95);
const compileMs = [];
const parseMs = [];
const backendMs = [];
const spec95Net = compileNetwork(spec95Path, spec95);
for (let r = 0; r < reps; r++) {
  let t = performance.now();
  compileImage(spec95Path, spec95);
  compileMs.push(performance.now() - t);
  t = performance.now();
  imageOf(spec95Net);
  backendMs.push(performance.now() - t);
  t = performance.now();
  parse({ id: 0, path: spec95Path, text: spec95 });
  parseMs.push(performance.now() - t);
}
const compileLine = {
  bench: "ncx-compile-spec95",
  median_ms: +median(compileMs).toFixed(3),
  backend_ms: +median(backendMs).toFixed(3),
  anchor_parse_ms: +median(parseMs).toFixed(3),
  ratio_to_parse: +(median(compileMs) / median(parseMs)).toFixed(1),
  target_ms: 100,
  ok: median(compileMs) < 100,
};
console.log(JSON.stringify(compileLine));

// ---------------------------------------------------------------- 2. the core model
// Two full 90-neuron cores for `steps` core steps at dt = 1 ms:
//  - quiet: one Poisson input (1 Hz) onto every neuron, sparse recurrent weights with learning;
//  - busy: a 150 Hz input into a recurrent chain 0 → 1 → ... → 87 with learning, where the
//    core's accumulating recurrent current keeps about 24 of the 90 neurons firing every step.
const pairs = Array.from({ length: 87 }, (_, k) => `(${k}, ${(k * 7 + 3) % 88})`).join(", ");
const chain = Array.from({ length: 87 }, (_, k) => `(${k}, ${k + 1})`).join(", ");
const coreText = (rate, drive, recurrent, weight) => `
model Input = poisson { rate = ${rate} Hz }
model Core = neurocorex_lif { threshold = 20; leak = 0; t_ref = 1 ms }
plasticity window = stdp_window { window_pre = 3 ms; window_post = 3 ms; step_plus = 1; step_minus = 1 }
population drive = Input[1]
population core = Core[90]
connect drive -> ${drive}
connect core -> core { rule = from_list([${recurrent}]); weight = ${weight}; plasticity = window }
simulate { dt = 1 ms; duration = ${steps} ms; seed = 3 }
target neurocorex { }
`;
const cases = [
  ["quiet", coreText(1, "core { weight = 7 }", pairs, 4)],
  ["busy", coreText(150, "core[0] { weight = 25 }", chain, 30)],
];

// Anchor: the least a step-level model of 90 neurons must do (one add, wrap and compare each).
function anchorStepsPerMs(n) {
  const v = new Int32Array(90);
  const thr = new Int32Array(90).fill(20 << 10);
  let fired = 0;
  const c0 = cpuMs();
  for (let s = 0; s < n; s++) {
    for (let b = 0; b < 90; b++) {
      const x = ((v[b] + 37) << 14) >> 14;
      if (x >= thr[b]) {
        v[b] = 0;
        fired++;
      } else v[b] = x;
    }
  }
  return { perMs: n / Math.max(cpuMs() - c0, 0.001), fired };
}

const modelLines = [];
for (const [name, text] of cases) {
  // `pace_upload = true` lets the image hold more events than the core's queue (upload paces them).
  const compiled = compileNetwork(resolve(root, `bench-ncx-${name}.snn`), text);
  const network = {
    ...compiled,
    targets: compiled.targets.map((t) => ({ ...t, options: { ...t.options, pace_upload: true } })),
  };
  const checked = imageOf(network);
  const bytes = checked.image.bytes;
  runImage(bytes); // warm-up
  // Median of `--reps` runs, each followed by the anchor (interleaved, so both see the same load).
  const modelCpus = [];
  const anchorRates = [];
  let report;
  let anchor;
  for (let r = 0; r < reps; r++) {
    const c0 = cpuMs();
    report = runImage(bytes);
    modelCpus.push(Math.max(cpuMs() - c0, 0.001));
    anchor = anchorStepsPerMs(report.runs[0].steps);
    anchorRates.push(anchor.perMs);
  }
  const modelCpu = median(modelCpus);
  anchor = { perMs: median(anchorRates), fired: anchor.fired };
  const coreSteps = report.runs[0].steps;
  // 3. end to end as `snnc run` (warm-up, then the median of `--reps`).
  const runCpus = [];
  for (let r = 0; r <= reps; r++) {
    const sink = new DiagnosticSink();
    const c0 = cpuMs();
    const result = simulateOnCore(network, sink);
    if (result === null) throw new Error(sink.items.map((d) => d.message).join("\n"));
    if (r > 0) runCpus.push(Math.max(cpuMs() - c0, 0.001));
  }
  let spikes = 0;
  for (const b of report.runs[0].frames) spikes += b;
  const line = {
    bench: `ncx-core-model-${name}`,
    core_steps: coreSteps,
    spikes_per_step: +(spikes / coreSteps).toFixed(2),
    events: checked.plan.events.length,
    cpu_ms: +modelCpu.toFixed(1),
    reps,
    steps_per_cpu_ms_range: [
      Math.round(coreSteps / Math.max(...modelCpus)),
      Math.round(coreSteps / Math.min(...modelCpus)),
    ],
    steps_per_cpu_ms: Math.round(coreSteps / modelCpu),
    anchor_steps_per_cpu_ms: Math.round(anchor.perMs),
    ratio_to_anchor: +(anchor.perMs / (coreSteps / modelCpu)).toFixed(1),
    target_steps_per_cpu_ms: 1000,
    ok: coreSteps / modelCpu >= 1000,
    anchor_check: anchor.fired,
    snnc_run_cpu_ms: +median(runCpus).toFixed(1),
    snnc_run_steps_per_cpu_ms: Math.round(coreSteps / median(runCpus)),
  };
  console.log(JSON.stringify(line));
  modelLines.push(line);
}

console.log("");
console.log(
  "benchmark                      value               anchor              ratio   target",
);
console.log(
  `compile SPEC 9.5 to an image   ${String(compileLine.median_ms + " ms").padEnd(19)} ${String(compileLine.anchor_parse_ms + " ms (parse)").padEnd(19)} ${String(compileLine.ratio_to_parse).padEnd(7)} < 100 ms ${compileLine.ok ? "ok" : "MISSED"}`,
);
console.log(`  of which limits + image + model run: ${compileLine.backend_ms} ms`);
for (const m of modelLines) {
  console.log(
    `core model, 90 neurons, ${m.bench.slice(15).padEnd(6)} ${String(m.steps_per_cpu_ms + " steps/ms").padEnd(19)} ${String(m.anchor_steps_per_cpu_ms + " steps/ms").padEnd(19)} ${String(m.ratio_to_anchor).padEnd(7)} >= 1000 steps/ms ${m.ok ? "ok" : "MISSED"} (${m.spikes_per_step} spikes/step)`,
  );
  console.log(
    `  as snnc run (limits check with its quirk-collecting model run, decode): ${m.snnc_run_steps_per_cpu_ms} steps/ms`,
  );
}
process.exitCode = compileLine.ok && modelLines.every((m) => m.ok) ? 0 : 1;
