/**
 * Pass: check-core-leak.
 *
 * Input: the checked populations (IR form, declaration order).
 * Output: nothing; reports core-leaks-differ.
 *
 * Every neurocorex_lif neuron of a network is on one core, whose leak is one constant subtracted
 * from every neuron (SPEC §3; NEUROCOREX.md §2.1). `leak` is set per population, so two core
 * populations with different leaks describe a network no simulator of the core can run: the JS
 * target would use one of them for all. Reported on every target, at the second population.
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { Population } from "../ir/index.js";

export function checkCoreLeak(pops: readonly Population[], sink: DiagnosticSink): void {
  let first: { name: string; leak: number } | null = null;
  for (const p of pops) {
    if (p.model.kind !== "neurocorex_lif" || p.size === 0) continue;
    const leak = p.model.params.leak;
    if (first === null) first = { name: p.name, leak };
    else if (leak !== first.leak) {
      sink.report({
        code: "core-leaks-differ",
        span: p.origin,
        format: { first: first.name, a: first.leak, second: p.name, b: leak },
      });
      return;
    }
  }
}
