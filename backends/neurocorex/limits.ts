/**
 * Every limit of the NeuroCoreX core (NEUROCOREX.md §4, §6.4; SPEC §8) as a diagnostic naming the
 * construct, its source range and the core's limit. Structural errors found while lowering come
 * from ./plan.ts; this file adds what is wrong with the network as a whole (gaps, stimuli, init
 * values, recordings, sizes) and with the lowered numbers (ranges, headroom, leak wrap, recurrent
 * sums, queue depth). When the network is valid it runs the bit-accurate core model on the image
 * and turns the quirks it meets (an input lost to the predecessor's spike, a recurrent current a
 * quiet step clears, a value that wraps) into warnings. `snnc check` and `snnc build` both use it.
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { Network } from "../../compiler/ir/index.js";
import {
  MAX_REFRACTORY_STEPS,
  MAX_UNPACED_EVENTS,
  POST_ROW_OFFSET,
  Q_MAX_RAW,
  Q_MIN_RAW,
  Q_ONE,
  SLOTS,
  fromQRaw,
  isQRawInRange,
  runImage,
  type CoreQuirk,
  type ModelReport,
} from "../../runtime/ncx/core/index.js";
import { encodeCommands } from "./encode.js";
import { assembleImage, type AssembledImage } from "./image.js";
import { formatMs, planFromNetwork, type CorePlan } from "./plan.js";

/** A network that passed the core's limits, with its image and the model's run of it. */
export interface CheckedCore {
  readonly plan: CorePlan;
  readonly image: AssembledImage;
  readonly model: ModelReport;
}

/** Reports every limit `network` breaks; returns the plan, image and model run when it has none. */
export function checkCoreLimits(network: Network, sink: DiagnosticSink): CheckedCore | null {
  const before = sink.errorCount;
  // What the core cannot hold (gaps, stimuli, init, state recordings) does not change the plan,
  // so the plan's own errors are reported beside it, all in one compile.
  checkNetworkShape(network, sink);
  const afterShape = sink.errorCount;
  const plan = planFromNetwork(network, sink);
  if (plan === null) return null;
  // The values are only meaningful in a plan that lowered without error.
  if (sink.errorCount === afterShape) checkPlanValues(network, plan, sink);
  if (sink.errorCount > before) return null;
  const image = assembleImage(encodeCommands(plan));
  const model = runImage(image.bytes, { collectQuirks: true });
  reportQuirks(network, plan, model.runs[0]?.quirks ?? [], sink);
  return { plan, image, model };
}

function checkNetworkShape(network: Network, sink: DiagnosticSink): void {
  const pops = network.populations;
  const onCore = (p: number) => pops[p]?.model.kind === "neurocorex_lif";
  for (const gap of network.gaps) sink.report({ code: "fpga/gap-junction", span: gap.origin });
  for (const stim of network.stimuli) {
    if (onCore(stim.target.population)) {
      sink.report({
        code: "fpga/stimulus-on-core",
        span: stim.origin,
        format: { stimulus: stim.name },
      });
    }
  }
  for (const pop of pops) {
    if (pop.model.kind !== "neurocorex_lif") continue;
    for (const variable of Object.keys(pop.init).sort()) {
      sink.report({
        code: "fpga/init-on-core",
        span: pop.origin,
        format: { variable, population: pop.name },
      });
    }
  }
  for (const rec of network.recordings) {
    if (rec.kind !== "state") continue;
    for (const t of rec.targets) {
      if (rec.variable !== "v" || !onCore(t.population)) {
        sink.report({
          code: "fpga/state-not-recordable",
          span: rec.origin,
          format: { variable: rec.variable, population: pops[t.population]?.name ?? "?" },
        });
      }
    }
  }
}

function checkPlanValues(network: Network, plan: CorePlan, sink: DiagnosticSink): void {
  const pops = network.populations;
  const qRange = "-128..127.999 in steps of 1/1024";
  // Thresholds and refractory periods, reported once per population.
  const reported = new Set<string>();
  for (const n of plan.neurons) {
    const pop = pops[n.population]!;
    if (pop.model.kind !== "neurocorex_lif") continue;
    const key = (what: string) => `${what}:${pop.id}`;
    if (!isQRawInRange(n.thresholdRaw) && !reported.has(key("t"))) {
      reported.add(key("t"));
      sink.report({
        code: "fpga/value-range",
        span: pop.origin,
        format: {
          what: "The threshold",
          where: n.label,
          value: fromQRaw(n.thresholdRaw),
          range: qRange,
        },
      });
    }
    if (
      isQRawInRange(n.thresholdRaw) &&
      n.thresholdRaw !== n.threshold * Q_ONE &&
      !reported.has(key("q"))
    ) {
      reported.add(key("q"));
      sink.report({
        code: "fpga/value-rounded",
        span: pop.origin,
        format: {
          what: "The threshold",
          where: n.label,
          value: n.threshold,
          stored: fromQRaw(n.thresholdRaw),
        },
      });
    }
    if (n.refractorySteps > MAX_REFRACTORY_STEPS && !reported.has(key("r"))) {
      reported.add(key("r"));
      sink.report({
        code: "fpga/value-range",
        span: pop.origin,
        format: {
          what: "The refractory period",
          where: n.label,
          value: `${n.refractorySteps} steps`,
          range: `0..${MAX_REFRACTORY_STEPS} steps`,
        },
      });
    }
  }
  const leak = fromQRaw(plan.leakRaw);
  const anchor = pops[plan.neurons[0]?.population ?? 0]!;
  if (!isQRawInRange(plan.leakRaw)) {
    sink.report({
      code: "fpga/value-range",
      span: anchor.origin,
      format: { what: "The leak", where: anchor.name, value: leak, range: qRange },
    });
  } else {
    if (plan.leakRaw !== plan.leak * Q_ONE) {
      sink.report({
        code: "fpga/value-rounded",
        span: anchor.origin,
        format: { what: "The leak", where: anchor.name, value: plan.leak, stored: leak },
      });
    }
    if (plan.leakRaw !== 0) checkLeakWrap(network, plan, sink);
  }
  checkWeightsAndHeadroom(network, plan, sink);
  checkStdp(network, plan, sink);
  if (plan.events.length > MAX_UNPACED_EVENTS && !plan.paced) {
    const target = network.targets.find((t) => t.name === "neurocorex");
    sink.report({
      code: "fpga/too-many-events",
      span: target?.origin ?? anchor.origin,
      format: { count: plan.events.length, limit: MAX_UNPACED_EVENTS },
    });
  }
}

/**
 * The first step in which the value of a neuron that gets no input leaves the Q7.10 range, or −1
 * when it never does within `steps` steps. The value moves by −leak each step; it spikes (and is
 * reset to 0) when it is `>= threshold` with the refractory count at 0, and refractoriness holds
 * the spike back but not the leak (NEUROCOREX.md §2.1). A rising value (a negative leak) therefore
 * wraps only when the refractory period outlasts the climb to +128. From the second spike on the
 * trajectory repeats, so the walk ends there.
 */
export function silentWrapStep(
  thresholdRaw: number,
  leakRaw: number,
  refractorySteps: number,
  steps: number,
): number {
  let v = 0;
  let r = 0;
  let spikes = 0;
  for (let s = 0; s < steps; s++) {
    if (r === 0 && v >= thresholdRaw) {
      if (++spikes === 2) return -1;
      v = 0;
      r = 1;
      continue;
    }
    v -= leakRaw;
    if (v < Q_MIN_RAW || v > Q_MAX_RAW) return s;
    if (r !== 0) r = r < refractorySteps ? r + 1 : 0;
  }
  return -1;
}

/** A nonzero leak must not wrap the value of a neuron without input within the run (SPEC §8). */
function checkLeakWrap(network: Network, plan: CorePlan, sink: DiagnosticSink): void {
  const seen = new Map<string, number>();
  for (const n of plan.neurons) {
    const key = `${n.thresholdRaw}:${n.refractorySteps}`;
    let step = seen.get(key);
    if (step === undefined) {
      step = silentWrapStep(n.thresholdRaw, plan.leakRaw, n.refractorySteps, plan.lastStep);
      seen.set(key, step);
    }
    if (step < 0) continue;
    sink.report({
      code: "fpga/leak-wraps",
      span: network.populations[n.population]!.origin,
      format: {
        leak: fromQRaw(plan.leakRaw),
        neuron: n.label,
        bound: plan.leakRaw > 0 ? "-128" : "+127.999",
        step,
        steps: plan.lastStep,
      },
    });
    return;
  }
}

/** Recurrent sums per row and threshold + largest single-step input per neuron. */
function checkWeightsAndHeadroom(network: Network, plan: CorePlan, sink: DiagnosticSink): void {
  const pops = network.populations;
  for (const n of plan.neurons) {
    const row = (n.logical + POST_ROW_OFFSET) * SLOTS;
    let pos = 0;
    let neg = 0;
    let ffMax = 0;
    for (let c = 0; c < SLOTS; c++) {
      const w = plan.aa[row + c]!;
      if (w > 0) pos += w;
      else neg += w;
      ffMax = Math.max(ffMax, plan.ff[row + c]! * plan.ffGain);
    }
    const origin = pops[n.population]!.origin;
    if (pos > 127 || neg < -128) {
      sink.report({
        code: "fpga/recurrent-sum",
        span: origin,
        format: { post: n.label, sum: pos > 127 ? pos : neg },
      });
      continue;
    }
    const input = ffMax + pos + Math.max(0, -fromQRaw(plan.leakRaw));
    if (isQRawInRange(n.thresholdRaw) && n.thresholdRaw + input * Q_ONE > Q_MAX_RAW) {
      sink.report({
        code: "fpga/threshold-headroom",
        span: origin,
        format: { neuron: n.label, threshold: fromQRaw(n.thresholdRaw), input },
      });
    }
  }
}

function checkStdp(network: Network, plan: CorePlan, sink: DiagnosticSink): void {
  const stdp = plan.stdp;
  if (stdp === null) return;
  const windows: [string, number][] = [
    ["window_pre", stdp.preWindowSteps],
    ["window_post", stdp.postWindowSteps],
  ];
  for (const [what, value] of windows) {
    if (!Number.isInteger(value) || value < 1 || value > 255) {
      sink.report({
        code: "fpga/window-range",
        span: stdp.origin,
        format: { what, rule: stdp.rule, value: `${value} steps`, range: "1..255 steps" },
      });
    } else if (value > 127) {
      sink.report({
        code: "fpga/window-unconfirmed",
        span: stdp.origin,
        format: { what, rule: stdp.rule, value },
      });
    }
  }
  const steps: [string, number][] = [
    ["step_plus", stdp.stepPlus],
    ["step_minus", stdp.stepMinus],
  ];
  for (const [what, value] of steps) {
    if (!Number.isInteger(value) || value < 0 || value > 127) {
      sink.report({
        code: "fpga/window-range",
        span: stdp.origin,
        format: { what, rule: stdp.rule, value, range: "integers 0..127" },
      });
    }
  }
}

function reportQuirks(
  network: Network,
  plan: CorePlan,
  quirks: readonly CoreQuirk[],
  sink: DiagnosticSink,
): void {
  const neuron = (b: number) => plan.neurons[b];
  for (const q of quirks) {
    const n = neuron(q.neuron);
    if (n === undefined) continue;
    const span = network.populations[n.population]!.origin;
    const time = formatMs(q.step * plan.dt);
    switch (q.kind) {
      case "input-lost-predecessor": {
        if (q.step > plan.steps) break;
        const prev = neuron(q.neuron - 1);
        const input = plan.inputs.find((i) => i.address === q.address);
        sink.report({
          code: "fpga/input-lost",
          span,
          format: { address: q.address, neuron: n.label, time, predecessor: prev?.label ?? "?" },
          ...(input !== undefined
            ? {
                related: [
                  { message: `the input '${input.label}' is declared here`, span: input.origin },
                ],
              }
            : {}),
        });
        break;
      }
      case "current-cleared":
        if (q.step <= plan.steps)
          sink.report({ code: "fpga/current-cleared", span, format: { neuron: n.label, time } });
        break;
      case "current-inherited":
        if (q.step <= plan.steps) {
          sink.report({
            code: "fpga/current-inherited",
            span,
            format: { neuron: n.label, time, current: fromQRaw(q.currentRaw) },
          });
        }
        break;
      case "value-wrapped":
        if (q.step <= plan.steps)
          sink.report({ code: "fpga/value-wraps", span, format: { neuron: n.label, time } });
        break;
      default: {
        const never: never = q;
        void never;
      }
    }
  }
}
