/**
 * The configuration image as files: `<name>.ncx` (the exact bytes to send, commands back to back)
 * and `<name>.ncx.json` (the manifest: where each named neuron and input went, each command's
 * byte range, the pauses upload must honour, and what the run will send back). Deterministic:
 * no timestamps, keys in a fixed order.
 */
import {
  BITMAP_DRAIN_MS,
  FRAME_BITS,
  MAX_UNPACED_EVENTS,
  fromQRaw,
} from "../../runtime/ncx/core/index.js";
import type { ImageCommand } from "./encode.js";
import type { Network } from "../../compiler/ir/index.js";
import type { CheckedCore } from "./limits.js";

export interface ImageCommandRange {
  readonly name: ImageCommand["name"];
  readonly header: number;
  /** Offset of the header byte in the image. */
  readonly offset: number;
  /** Header plus body (pad included). */
  readonly length: number;
}

export interface ImagePause {
  /** Wait before sending the byte at this offset ... */
  readonly beforeOffset: number;
  /** ... until this long after the first byte at `sinceOffset` went out. */
  readonly sinceOffset: number;
  readonly ms: number;
  readonly reason: string;
}

export interface ImageManifest {
  readonly format: "snnc-neurocorex-image";
  readonly version: 1;
  readonly network: string;
  readonly dtMs: number;
  readonly steps: number;
  readonly neurons: readonly {
    readonly logical: number;
    readonly slot: number;
    readonly population: string;
    readonly index: number;
    readonly name: string;
    readonly threshold: number;
    readonly refractorySteps: number;
  }[];
  readonly inputs: readonly {
    readonly address: number;
    readonly population: string;
    readonly index: number;
    readonly name: string;
    readonly spikes: number;
  }[];
  readonly leak: number;
  readonly ffGain: number;
  readonly learning: {
    readonly rule: string;
    readonly preWindowSteps: number;
    readonly postWindowSteps: number;
    readonly stepPlus: number;
    readonly stepMinus: number;
    readonly cells: number;
  } | null;
  readonly commands: readonly ImageCommandRange[];
  readonly pauses: readonly ImagePause[];
  readonly run: {
    readonly events: number;
    readonly fillers: number;
    readonly lastStep: number;
    /** Frames the user's run needs (steps 0..steps: spikes are stamped up to the duration). */
    readonly expectedFrames: number;
    /** Bytes the core sends for the run: the start marker and the whole frames' bytes. */
    readonly outputBytes: number;
    /** Events are more than the queue holds: upload must pace them. */
    readonly paced: boolean;
    /** False when some refractory counter is still running at the end of the run. */
    readonly refractoryClearAtEnd: boolean;
    /** Approximate wall time of the run on the board (0.96 ms per step). */
    readonly approxMs: number;
  };
  readonly totalBytes: number;
}

export interface AssembledImage {
  readonly bytes: Uint8Array;
  readonly commands: readonly ImageCommandRange[];
}

/** Concatenates commands (header, body) into one byte stream, recording each one's range. */
export function assembleImage(commands: readonly ImageCommand[]): AssembledImage {
  const total = commands.reduce((n, c) => n + 1 + c.body.length, 0);
  const bytes = new Uint8Array(total);
  const ranges: ImageCommandRange[] = [];
  let at = 0;
  for (const c of commands) {
    bytes[at] = c.header;
    bytes.set(c.body, at + 1);
    ranges.push({ name: c.name, header: c.header, offset: at, length: 1 + c.body.length });
    at += 1 + c.body.length;
  }
  return { bytes, commands: ranges };
}

/**
 * The manifest of a checked network's image: what `snnc build` writes next to it and what
 * `snnc upload` reads back (the model run tells whether refractory counters outlast the run).
 */
export function buildManifest(network: Network, checked: CheckedCore): ImageManifest {
  const { plan, image } = checked;
  const populationNames = network.populations.map((p) => p.name);
  const refractoryClearAtEnd = checked.model.state.refractory.every((c) => c === 0);
  const bitmap = image.commands.find((c) => c.name === "stdp-bitmap");
  const run = image.commands.find((c) => c.name === "run");
  const pauses: ImagePause[] = [];
  if (bitmap !== undefined && run !== undefined) {
    pauses.push({
      beforeOffset: run.offset,
      sinceOffset: bitmap.offset,
      ms: BITMAP_DRAIN_MS + 3,
      reason: "the STDP bitmap drains at one byte per 16 µs (NEUROCOREX.md 6.3.1)",
    });
  }
  const spikesPerInput = new Array<number>(plan.inputs.length).fill(0);
  for (const e of plan.events) if (e.input >= 0) spikesPerInput[e.input]! += 1;
  const member = (pop: number, index: number, label: string) =>
    label.startsWith(`${populationNames[pop]}.`)
      ? label.slice(populationNames[pop]!.length + 1)
      : "";
  return {
    format: "snnc-neurocorex-image",
    version: 1,
    network: plan.name,
    dtMs: +(plan.dt * 1000).toPrecision(12),
    steps: plan.steps,
    neurons: plan.neurons.map((n) => ({
      logical: n.logical,
      slot: n.slot,
      population: populationNames[n.population] ?? "",
      index: n.index,
      name: member(n.population, n.index, n.label),
      threshold: fromQRaw(n.thresholdRaw),
      refractorySteps: n.refractorySteps,
    })),
    inputs: plan.inputs.map((inp, k) => ({
      address: inp.address,
      population: populationNames[inp.population] ?? "",
      index: inp.index,
      name: member(inp.population, inp.index, inp.label),
      spikes: spikesPerInput[k] ?? 0,
    })),
    leak: fromQRaw(plan.leakRaw),
    ffGain: plan.ffGain,
    learning:
      plan.stdp === null
        ? null
        : {
            rule: plan.stdp.rule,
            preWindowSteps: plan.stdp.preWindowSteps,
            postWindowSteps: plan.stdp.postWindowSteps,
            stepPlus: plan.stdp.stepPlus,
            stepMinus: plan.stdp.stepMinus,
            cells: plan.plasticCells.length,
          },
    commands: image.commands,
    pauses,
    run: {
      events: plan.events.length,
      fillers: plan.events.filter((e) => e.kind === "filler").length,
      lastStep: plan.lastStep,
      expectedFrames: plan.steps + 1,
      outputBytes: 1 + Math.floor((plan.lastStep * FRAME_BITS) / 8),
      paced: plan.paced || plan.events.length > MAX_UNPACED_EVENTS,
      refractoryClearAtEnd,
      approxMs: Math.ceil(plan.lastStep * 0.96),
    },
    totalBytes: image.bytes.length,
  };
}
