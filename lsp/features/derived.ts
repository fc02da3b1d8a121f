/**
 * Quantities a user would otherwise work out by hand, computed from the checked network IR:
 * a population's size and state memory, a model's membrane time constant and refractory period
 * in steps, a projection's expected number of synapses, and what the whole network needs in
 * memory. Only available when the file compiles (the IR is null when there are errors).
 */
import { expectedSynapses, selectionSize, type Network } from "../../compiler/ir/index.js";
import { Time, formatQuantity } from "../../compiler/units/index.js";

/** Bytes per neuron of state: one float64 per state variable plus a refractory counter. */
const stateBytes: Readonly<Record<string, number>> = {
  lif: 3 * 8 + 4,
  izhikevich: 4 * 8,
  neurocorex_lif: 8 + 4,
  poisson: 0,
  spike_times: 0,
};
/** Bytes per synapse in compressed sparse rows: float64 weight, int32 target, int32 delay. */
const synapseBytes = 8 + 4 + 4;

/** `1234567` → `1,234,567`; fractions keep one decimal. */
export function formatCount(x: number): string {
  const rounded = Number.isInteger(x) ? x : Math.round(x * 10) / 10;
  return rounded.toLocaleString("en-US");
}

/** `1 neuron`, `4,000 neurons`: a count and its noun, singular for exactly one. */
export function countOf(x: number, noun: string): string {
  return `${formatCount(x)} ${noun}${x === 1 ? "" : "s"}`;
}

/** `12345678` bytes → `11.8 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Memory the simulator allocates for the network: neuron state, synapses and delay buffers. */
export function networkMemory(net: Network): number {
  let bytes = 0;
  for (const p of net.populations) bytes += p.size * (stateBytes[p.model.kind] ?? 8);
  for (const p of net.projections) bytes += expectedSynapses(p, net.populations) * synapseBytes;
  for (const g of net.gaps)
    bytes += (selectionSize(g.a, net.populations) + selectionSize(g.b, net.populations)) * 8;
  return bytes;
}

/** Bytes of state of the population declared in [declStart, declEnd), if it is in the IR. */
export function populationStateBytes(
  net: Network,
  declStart: number,
  declEnd: number,
): number | undefined {
  const p = net.populations.find((x) => x.origin.start >= declStart && x.origin.start < declEnd);
  return p === undefined ? undefined : p.size * (stateBytes[p.model.kind] ?? 8);
}

/** Markdown lines about the projections declared inside [declStart, declEnd). */
export function projectionLines(net: Network, declStart: number, declEnd: number): string[] {
  const ps = net.projections.filter((x) => x.origin.start >= declStart && x.origin.start < declEnd);
  return ps.map((p) => {
    const exact = p.rule.kind !== "fixed_probability";
    return `- ${exact ? "" : "expected "}synapses: ${formatCount(expectedSynapses(p, net.populations))} (${p.receptor})`;
  });
}

/** Markdown lines about the whole run. */
export function networkLines(net: Network): string[] {
  const neurons = net.populations.reduce((s, p) => s + p.size, 0);
  const synapses = net.projections.reduce((s, p) => s + expectedSynapses(p, net.populations), 0);
  return [
    `- ${countOf(neurons, "neuron")}, ${countOf(synapses, "synapse")} (expected)`,
    `- ${formatCount(net.steps)} steps of ${formatQuantity(net.dt, Time)}`,
    `- memory the network needs: ${formatBytes(networkMemory(net))}`,
  ];
}
