/**
 * An estimate of the memory a network's simulation needs, computed from the IR alone (expected
 * synapse counts of the rules), so that a network too large is refused before anything is
 * allocated (SPEC §7 leaves no room for a simulator that dies half way through building).
 */
import { createDiagnostic, NoSpan, type Diagnostic, type Span } from "../../common/index.js";
import type { Network, Population, Projection, ValueExpr } from "../../compiler/ir/index.js";
import { expectedSynapses } from "../../compiler/ir/synapse-count.js";
import { valueExprRange } from "../../compiler/ir/value-expr.js";
import { exprIsRandom, keptDelay, toSteps } from "./generate.js";

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

/** One part of a network's memory, with the declaration it comes from. */
interface Part {
  readonly bytes: number;
  readonly origin: Span;
  readonly what: string;
}

/**
 * Bytes of a population: its state, and the spike history rings it keeps for as many steps as its
 * longest outgoing delay (int32 indices plus a count per step, and a bitmap when delays differ).
 */
function populationBytes(net: Network, pop: Population): number {
  let slots = 1;
  let bitmap = false;
  for (const p of net.projections) {
    if (p.pre.population !== pop.id) continue;
    if (net.populations[p.post.population]?.model.kind === "neurocorex_lif") continue;
    slots = Math.max(slots, longestDelay(net, p) + 1);
    bitmap ||= exprIsRandom(p.delay) || p.rule.kind === "explicit";
  }
  return pop.size * 64 + slots * (pop.size + 1) * 4 + (bitmap ? slots * pop.size : 0);
}

function selectionSize(net: Network, sel: Projection["pre"]): number {
  return sel.indices === null ? (net.populations[sel.population]?.size ?? 0) : sel.indices.length;
}

/** The parts of the estimate: every population, projection and sampled recording. */
function parts(net: Network): Part[] {
  const out: Part[] = [];
  for (const pop of net.populations)
    out.push({
      bytes: populationBytes(net, pop),
      origin: pop.origin,
      what: `population '${pop.name}' (${pop.size} neurons and their spike history)`,
    });
  for (const p of net.projections) {
    const n = expectedSynapses(p, net.populations);
    let per = 4 + 16; // post index + build-time pair buffers
    if (exprIsRandom(p.weight) || p.plasticity !== null || p.rule.kind === "explicit") per += 8;
    if (exprIsRandom(p.delay)) per += 4;
    if (p.plasticity !== null) per += 16;
    out.push({
      bytes: n * per + (net.populations[p.pre.population]?.size ?? 0) * 4,
      origin: p.origin,
      what: `projection '${p.name}' (about ${Math.round(n)} synapses)`,
    });
  }
  for (const r of net.recordings) {
    const samples = r.kind === "spikes" ? 0 : Math.floor(net.steps / r.everySteps) + 1;
    let values = 0;
    if (r.kind === "state") values = r.targets.reduce((s, t) => s + selectionSize(net, t), 0);
    if (r.kind === "weights")
      for (const id of r.projections) {
        const p = net.projections[id];
        if (p !== undefined) values += expectedSynapses(p, net.populations);
      }
    if (samples > 0)
      out.push({
        bytes: samples * values * 8,
        origin: r.origin,
        what: `a recording of ${samples} samples of ${Math.round(values)} values`,
      });
  }
  return out;
}

/** Bytes the simulator will allocate at its peak (building the synapses included). */
export function estimateBytes(net: Network): number {
  return Math.ceil(parts(net).reduce((sum, part) => sum + part.bytes, 0));
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
  const all = parts(network);
  const bytes = Math.ceil(all.reduce((sum, part) => sum + part.bytes, 0));
  if (bytes <= limit) return null;
  // reported at the declaration that needs the most, so the user sees what to shrink
  const largest = all.reduce<Part | undefined>(
    (best, part) => (best === undefined || part.bytes > best.bytes ? part : best),
    undefined,
  );
  return createDiagnostic({
    code: "network-too-large",
    span: largest?.origin ?? NoSpan,
    format: { bytes: String(bytes), limit: String(limit) },
    ...(largest !== undefined
      ? { notes: [`the largest part is ${largest.what}: about ${Math.ceil(largest.bytes)} bytes`] }
      : {}),
  });
}
