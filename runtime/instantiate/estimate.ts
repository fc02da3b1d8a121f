/**
 * An estimate of the memory a network's simulation needs, computed from the IR alone (expected
 * synapse counts of the rules), so that a network too large is refused before anything is
 * allocated (SPEC §7 leaves no room for a simulator that dies half way through building).
 */
import { expectedSynapses, type Network, type Projection } from "../../compiler/ir/index.js";
import { exprIsRandom } from "./generate.js";

function selectionSize(net: Network, sel: Projection["pre"]): number {
  return sel.indices === null ? (net.populations[sel.population]?.size ?? 0) : sel.indices.length;
}

/** Bytes the simulator will allocate at its peak (building the synapses included). */
export function estimateBytes(net: Network): number {
  let bytes = 0;
  for (const pop of net.populations) bytes += pop.size * 64;
  for (const p of net.projections) {
    const n = expectedSynapses(p, net.populations);
    let per = 4 + 16; // post index + build-time pair buffers
    if (exprIsRandom(p.weight) || p.plasticity !== null || p.rule.kind === "explicit") per += 8;
    if (exprIsRandom(p.delay)) per += 4;
    if (p.plasticity !== null) per += 16;
    bytes += n * per + (net.populations[p.pre.population]?.size ?? 0) * 4;
  }
  for (const r of net.recordings) {
    if (r.kind === "state") {
      const k = r.targets.reduce((s, t) => s + selectionSize(net, t), 0);
      bytes += (Math.floor(net.steps / r.everySteps) + 1) * k * 8;
    } else if (r.kind === "weights") {
      for (const id of r.projections) {
        const p = net.projections[id];
        if (p !== undefined)
          bytes +=
            (Math.floor(net.steps / r.everySteps) + 1) * expectedSynapses(p, net.populations) * 8;
      }
    }
  }
  return Math.ceil(bytes);
}

/** The largest synapse count a projection may have (indices are Int32). */
export const MAX_SYNAPSES_PER_PROJECTION = 2 ** 31 - 1;
