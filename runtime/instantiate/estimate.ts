/**
 * An estimate of the memory a network's simulation needs, computed from the IR alone (expected
 * synapse counts of the rules), so that a network too large is refused before anything is
 * allocated (SPEC §7 leaves no room for a simulator that dies half way through building).
 */
import { createDiagnostic, type Diagnostic, type Span } from "../../common/index.js";
import { LOOP_CHUNK, LOOP_SOURCES_MAX } from "../codegen/loop-limits.js";
import type { Network, Projection, ValueExpr } from "../../compiler/ir/index.js";
import { expectedSynapses, selectionSize } from "../../compiler/ir/synapse-count.js";
import { valueExprRange } from "../../compiler/ir/value-expr.js";
import { isRandomValueExpr, keptDelay, toSteps } from "./generate.js";

/** `normal(m, sd)` as `uniform(m − 10 sd, m + 10 sd)`: what a draw exceeds with no practical odds. */
function widenNormals(e: ValueExpr): ValueExpr {
  switch (e.kind) {
    case "normal": {
      const spread: ValueExpr = {
        kind: "binary",
        op: "*",
        left: { kind: "const", value: 10 },
        right: widenNormals(e.sd),
      };
      const mean = widenNormals(e.mean);
      return {
        kind: "uniform",
        low: { kind: "binary", op: "-", left: mean, right: spread },
        high: { kind: "binary", op: "+", left: mean, right: spread },
      };
    }
    case "uniform":
      return { ...e, low: widenNormals(e.low), high: widenNormals(e.high) };
    case "binary":
      return { ...e, left: widenNormals(e.left), right: widenNormals(e.right) };
    case "neg":
      return { ...e, operand: widenNormals(e.operand) };
    case "call":
      return { ...e, args: e.args.map(widenNormals) };
    case "const":
      return e;
  }
}

/** The longest delay of a projection in steps, as the simulator keeps it (1 .. steps + 1). */
function longestDelay(net: Network, p: Projection): number {
  let seconds = valueExprRange(widenNormals(p.delay)).max;
  if (p.rule.kind === "explicit" && p.rule.delays !== undefined)
    seconds = p.rule.delays.reduce((m, d) => Math.max(m, d), 0);
  return Number.isFinite(seconds) ? keptDelay(toSteps(seconds, net.dt), net.steps) : net.steps + 1;
}

/** A part of the estimate: its bytes, what it is, and the declaration it comes from. */
interface Part {
  readonly bytes: number;
  readonly what: string;
  readonly origin: Span;
}

/**
 * The spike history rings: a population keeps the spikes of as many steps as its longest
 * outgoing delay (int32 indices plus a count per step, and a bitmap when delays differ). Counted
 * with the population's state, or, when a delay makes it longer than one step, as a part of the
 * projection with the longest delay.
 */
function historyParts(net: Network): Part[] {
  const parts: Part[] = [];
  for (const pop of net.populations) {
    let slots = 1;
    let bitmap = false;
    let longest: Projection | null = null;
    for (const p of net.projections) {
      if (p.pre.population !== pop.id) continue;
      if (net.populations[p.post.population]?.model.kind === "neurocorex_lif") continue;
      const kept = longestDelay(net, p) + 1;
      if (kept > slots) {
        slots = kept;
        longest = p;
      }
      bitmap ||= isRandomValueExpr(p.delay) || p.rule.kind === "explicit";
    }
    // a spike source the WebAssembly step loop runs ahead keeps a call's 128 steps more
    // (runtime/codegen/emit-step-loop.ts; counted wherever the loop may apply)
    const kind = pop.model.kind;
    if ((kind === "poisson" || kind === "spike_times") && pop.size <= LOOP_SOURCES_MAX)
      slots += LOOP_CHUNK;
    const bytes = slots * (pop.size + 1) * 4 + (bitmap ? slots * pop.size : 0);
    parts.push(
      longest === null
        ? { bytes, what: `the spike history of '${pop.name}'`, origin: pop.origin }
        : {
            bytes,
            what: `the spike history of '${pop.name}' kept for the delays of '${longest.name}'`,
            origin: longest.origin,
          },
    );
  }
  return parts;
}

/** What the simulator will allocate at its peak (building the synapses included), part by part. */
function estimateParts(net: Network): Part[] {
  const parts = historyParts(net);
  for (const pop of net.populations)
    parts.push({
      bytes: pop.size * 64,
      what: `the state of population '${pop.name}'`,
      origin: pop.origin,
    });
  for (const p of net.projections) {
    const n = expectedSynapses(p, net.populations);
    let per = 4 + 16; // post index + build-time pair buffers
    if (isRandomValueExpr(p.weight) || p.plasticity !== null || p.rule.kind === "explicit")
      per += 8;
    if (isRandomValueExpr(p.delay)) per += 4;
    if (p.plasticity !== null) per += 16;
    parts.push({
      bytes: n * per + (net.populations[p.pre.population]?.size ?? 0) * 4,
      what: `the synapses of '${p.name}'`,
      origin: p.origin,
    });
  }
  for (const r of net.recordings) {
    if (r.kind === "state") {
      const k = r.targets.reduce((s, t) => s + selectionSize(t, net.populations), 0);
      parts.push({
        bytes: (Math.floor(net.steps / r.everySteps) + 1) * k * 8,
        what: `the recording of ${r.variable}`,
        origin: r.origin,
      });
    } else if (r.kind === "weights") {
      let bytes = 0;
      for (const id of r.projections) {
        const p = net.projections[id];
        if (p !== undefined)
          bytes +=
            (Math.floor(net.steps / r.everySteps) + 1) * expectedSynapses(p, net.populations) * 8;
      }
      parts.push({ bytes, what: "the recording of weights", origin: r.origin });
    }
  }
  return parts;
}

/** Bytes the simulator will allocate at its peak (building the synapses included). */
export function estimateBytes(net: Network): number {
  return Math.ceil(estimateParts(net).reduce((sum, p) => sum + p.bytes, 0));
}

/** The largest synapse count a projection may have (indices are Int32). */
export const MAX_SYNAPSES_PER_PROJECTION = 2 ** 31 - 1;

/** The memory the simulator and the exports that draw the network allow themselves by default. */
export const MAX_NETWORK_BYTES = 8 * 1024 ** 3;

/**
 * `network-too-large` when the estimate is over `limit`, else null: asked before anything is
 * drawn or allocated, by `simulate()` and by every target that draws or sizes the network.
 */
export function networkTooLarge(network: Network, limit = MAX_NETWORK_BYTES): Diagnostic | null {
  const parts = estimateParts(network);
  const bytes = Math.ceil(parts.reduce((sum, p) => sum + p.bytes, 0));
  if (bytes <= limit) return null;
  // pointed at the declaration that needs the most, which is not always the synapses (a long
  // recording, a long delay): that is what the user has to change
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return createDiagnostic({
    code: "network-too-large",
    span: largest.origin,
    format: {
      bytes: String(bytes),
      limit: String(limit),
      part: largest.what,
      partBytes: String(Math.ceil(largest.bytes)),
    },
  });
}
