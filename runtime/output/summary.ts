/**
 * The summary `snnc run` prints (SPEC §6): per population its size, spike count and mean rate
 * (`spikes / (size × simulated time)`, Hz), then the seed. Embedded verbatim into the JS backend's
 * modules: self-contained.
 */
import type { RunResult } from "../results.js";

/** A rate with one decimal (two significant digits below 0.1 Hz, so small rates stay visible). */
export function formatRate(hz: number): string {
  if (hz > 0 && hz < 0.05) return hz.toPrecision(2);
  return hz.toFixed(1);
}

/** The summary table as plain text lines (no colour), ending with a newline. */
export function formatSummary(result: RunResult): string {
  const net = result.network;
  const seconds = result.steps * net.dt;
  const rows = net.populations.map((pop, k) => {
    const count = result.spikeCounts[k] ?? 0;
    const rate = seconds > 0 && pop.size > 0 ? count / (pop.size * seconds) : 0;
    return [pop.name, String(pop.size), String(count), formatRate(rate)];
  });
  const head = ["population", "size", "spikes", "rate_Hz"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ");
  const lines = [line(head), ...rows.map(line)];
  const simulated = result.steps === net.steps ? "" : " (stopped at step " + result.steps + ")";
  lines.push(
    "seed " + net.seed + ", dt " + net.dt * 1000 + " ms, " + net.steps + " steps" + simulated,
  );
  return lines.join("\n") + "\n";
}
