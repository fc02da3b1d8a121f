/**
 * Per-member facts of an imported connectome, for hovers: how a neuron is wired (edges and
 * summed counts in and out, its gap-junction partners, its transmitter and the sign it gives).
 * Computed for all members in one pass over the edges, so the checker can fill every member's
 * hover text at compile time without a per-member scan.
 */
import type { Receptor } from "../ir/index.js";
import type { ConnectomeData } from "./types.js";

/** What one member sends and receives. */
export interface MemberSummary {
  readonly name: string;
  /** 1-based CSV line where it first appears. */
  readonly line: number;
  /** From the sign table, as written there; null without one (or when it has no row). */
  readonly transmitter: string | null;
  /** The receptor of its outgoing chemical edges, when it has any (they all share it). */
  readonly receptor: Receptor | null;
  readonly chemicalOut: number;
  readonly chemicalIn: number;
  /** Summed counts of those edges (EM sections for Cook et al. 2019, synapses for Varshney). */
  readonly countOut: number;
  readonly countIn: number;
  /** Names of its gap-junction partners, sorted. */
  readonly gapPartners: readonly string[];
}

/** One summary per member, in member order. */
export function summarizeMembers(data: ConnectomeData): MemberSummary[] {
  const n = data.members.length;
  const chemicalOut = new Int32Array(n);
  const chemicalIn = new Int32Array(n);
  const countOut = new Float64Array(n);
  const countIn = new Float64Array(n);
  const receptor: (Receptor | null)[] = new Array<Receptor | null>(n).fill(null);
  const partners: number[][] = Array.from({ length: n }, () => []);
  for (const e of data.chemical) {
    chemicalOut[e.pre] = (chemicalOut[e.pre] ?? 0) + 1;
    chemicalIn[e.post] = (chemicalIn[e.post] ?? 0) + 1;
    countOut[e.pre] = (countOut[e.pre] ?? 0) + e.count;
    countIn[e.post] = (countIn[e.post] ?? 0) + e.count;
    receptor[e.pre] = e.receptor;
  }
  for (const e of data.electrical) {
    partners[e.a]?.push(e.b);
    partners[e.b]?.push(e.a);
  }
  return data.members.map((name, k) => ({
    name,
    line: data.memberLines[k] ?? 0,
    transmitter: data.transmitters[k] ?? null,
    receptor: receptor[k] ?? null,
    chemicalOut: chemicalOut[k] ?? 0,
    chemicalIn: chemicalIn[k] ?? 0,
    countOut: countOut[k] ?? 0,
    countIn: countIn[k] ?? 0,
    gapPartners: (partners[k] ?? []).sort((x, y) => x - y).map((j) => data.members[j] ?? "?"),
  }));
}

/**
 * A markdown fragment for a member's hover, e.g.
 * "ACh (exc) · chemical: 12 out (count 57), 9 in (count 31) · gap junctions: AVAR, VA1".
 */
export function formatMemberSummary(s: MemberSummary): string {
  const parts: string[] = [];
  if (s.transmitter !== null)
    parts.push(s.receptor === null ? s.transmitter : `${s.transmitter} (${s.receptor})`);
  parts.push(
    `chemical: ${s.chemicalOut} out (count ${s.countOut}), ${s.chemicalIn} in (count ${s.countIn})`,
  );
  const shown = s.gapPartners.slice(0, 8).join(", ");
  const more = s.gapPartners.length > 8 ? ` and ${s.gapPartners.length - 8} more` : "";
  parts.push(s.gapPartners.length === 0 ? "no gap junctions" : `gap junctions: ${shown}${more}`);
  return parts.join(" · ");
}
