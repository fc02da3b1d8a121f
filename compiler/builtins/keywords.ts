/**
 * Words of the language (SPEC §1): the reserved keywords, and the contextual words that have a
 * meaning only where the grammar expects them (so they can also name a population). The editor
 * completes from these; names that are units are reserved separately (units/isUnitName).
 */

import { reservedWords } from "../../grammar/index.js";
import type { CallSpec } from "../eval/index.js";

/** Reserved everywhere: these can never be names (the lexer's keyword list, one source). */
export { reservedWords };

const reservedSet: ReadonlySet<string> = new Set(reservedWords);

/** True for a word that can never be a name. */
export function isReservedWord(name: string): boolean {
  return reservedSet.has(name);
}

/** Top-level declaration keywords, in SPEC §1's order (for completion at the start of a line). */
export const declarationKeywords: readonly string[] = reservedWords.slice(0, 12);

/** Words with a meaning in one place only, with where and what. */
export const contextualWords: readonly {
  readonly word: string;
  readonly where: string;
  readonly doc: string;
}[] = [
  { word: "exc", where: "receptor", doc: "Excitatory receptor (adds to i_exc)." },
  { word: "inh", where: "receptor", doc: "Inhibitory receptor (adds to i_inh)." },
  { word: "additive", where: "stdp dependence", doc: "Weight steps scale with w_max." },
  {
    word: "multiplicative",
    where: "stdp dependence",
    doc: "Weight steps scale with the distance to the bound.",
  },
  { word: "spikes", where: "record", doc: "Record spike times." },
  { word: "weights", where: "record", doc: "Record a projection's weights." },
  {
    word: "per_synapse",
    where: "connectome",
    doc: "Multiply the value by the row's synapse count.",
  },
  { word: "csv", where: "connectome", doc: "Read a connectome edge list from a CSV file." },
];

/** Keys of a `connectome NAME = csv(...) { ... }` block (SPEC §4), for completion and hover. */
export const connectomeKeys: readonly { readonly name: string; readonly doc: string }[] = [
  { name: "pre", doc: "Column holding the presynaptic neuron's name." },
  { name: "post", doc: "Column holding the postsynaptic neuron's name." },
  { name: "kind", doc: "Column holding the edge kind (chemical or electrical)." },
  { name: "count", doc: "Column holding the edge's synapse count (used by per_synapse)." },
  { name: "kinds", doc: "Which values of the kind column mean chemical and which electrical." },
  { name: "chemical", doc: "Weight and delay of chemical edges." },
  { name: "electrical", doc: "Conductance of electrical edges (gap junctions)." },
  {
    name: "sign",
    doc: "Where each neuron's transmitter comes from: from_csv(file, key = ..., value = ...).",
  },
  { name: "signs", doc: "Transmitter → exc or inh (ACh = exc and GABA = inh by default)." },
  { name: "select", doc: "Keep only members matching any of these patterns." },
  { name: "neurons", doc: "The model every member gets." },
];

/** A connectome's edge list, `connectome NAME = csv("edges.csv")` (SPEC §4). */
export const connectomeSourceCall: CallSpec = {
  name: "csv",
  signature: 'csv("edges.csv")',
  doc: "Reads the connectome's edges from a CSV file with a header row (columns pre, post, kind and count by default).",
  args: [{ name: "path", doc: "Path of the CSV file, relative to this file." }],
};

/** A connectome's sign table, `sign = from_csv(...)` (SPEC §4). */
export const signTableCall: CallSpec = {
  name: "from_csv",
  signature: 'from_csv("table.csv", key = "label", value = "neurotransmitter")',
  doc: "Gives each neuron the transmitter a CSV table lists for it; `signs` maps transmitters to exc or inh.",
  args: [
    { name: "path", doc: "Path of the CSV table, relative to this file." },
    { name: "key", optional: true, doc: 'The column of neuron names (default "label").' },
    {
      name: "value",
      optional: true,
      doc: 'The column of transmitters (default "neurotransmitter").',
    },
  ],
};
