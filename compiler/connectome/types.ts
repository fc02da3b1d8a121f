/**
 * The interface between the checker and the connectome importer: {@link ConnectomeConfig} is what
 * the checker reads out of a `connectome NAME = csv("file.csv") { ... }` block (SPEC §4), and
 * {@link ConnectomeData} is what comes back: the named members and the merged, signed edges.
 *
 * Both are plain data. The config carries the `.snn` span of every value so that a problem found
 * in a CSV file is reported at the text the user wrote (plus the CSV file's path and line in the
 * diagnostic's notes). The `chemical { ... }`, `electrical { ... }` and `neurons = Cell` parts of
 * the block (weights, delays, conductances, `per_synapse`, the model) stay with the checker: the
 * importer only deals with what is in the files.
 */
import type { Span } from "../../common/index.js";
import type { Receptor } from "../ir/index.js";

/** A string the user wrote, with the span of its literal (quotes included). */
export interface ConfigString {
  readonly value: string;
  readonly span: Span;
}

/**
 * The file-related settings of one `connectome` block, as the checker fills them from the AST.
 * Optional fields may be omitted or `undefined` (both mean "not written"); the importer then
 * applies the documented default and points its diagnostics at `source.span`.
 *
 * ```snn
 * connectome worm = csv("cook2019_herm_neuron_edgelist.csv") {
 *   pre = "pre"; post = "post"; kind = "type"; count = "synapses"
 *   kinds { chemical = ["chemical", "Send"]; electrical = ["electrical", "GapJunction"] }
 *   sign = from_csv("neuron_master_sheet.csv", key = "label", value = "neurotransmitter")
 *   signs { ACh = exc; GABA = inh; Glu = inh }
 *   select = ["AV*", "PLM*", "ALM*"]
 * }
 * ```
 */
export interface ConnectomeConfig {
  /** The declaration's name (`worm`), used in messages. */
  readonly name: string;
  /**
   * The edge list: `path` already resolved to an absolute path by the checker (relative to the
   * `.snn` file); `span` is the string literal inside `csv(...)`.
   */
  readonly source: {
    readonly path: string;
    readonly span: Span;
    /**
     * The path as written in the `.snn` file (the literal's value), used in messages and notes;
     * without it they show the file name. Absolute paths appear only in diagnostics' `data`.
     */
    readonly display?: string | undefined;
  };
  /** Column of the presynaptic neuron (for electrical rows: one side). Default `"pre"`. */
  readonly pre?: ConfigString | undefined;
  /** Column of the postsynaptic neuron (for electrical rows: the other side). Default `"post"`. */
  readonly post?: ConfigString | undefined;
  /** Column telling chemical from electrical rows. Default `"type"`. */
  readonly kind?: ConfigString | undefined;
  /**
   * Column of the edge's count, a positive number (`per_synapse` scales by it). Default
   * `"synapses"`. NB: in Cook et al. 2019 (WormWiring) this is the summed number of
   * electron-microscopy serial sections of all synapses between the pair, not a count of
   * synapses; in Varshney et al. 2011 it is a synapse count.
   */
  readonly count?: ConfigString | undefined;
  /**
   * `kinds { chemical = [...]; electrical = [...] }`: the kind-column values of each kind,
   * compared trimmed and case-insensitively. A list not written keeps its default
   * (`["chemical"]`, `["electrical"]`); `span` is the `kinds` block (or absent when not written).
   */
  readonly kinds?:
    | {
        readonly chemical?: readonly ConfigString[] | undefined;
        readonly electrical?: readonly ConfigString[] | undefined;
        readonly span: Span;
      }
    | undefined;
  /**
   * `sign = from_csv(path, key = "...", value = "...")`: a table giving each neuron's
   * transmitter. `path` absolute; `span` the path's string literal; `key` (default `"label"`) is
   * the neuron-name column and `value` (default `"neurotransmitter"`) the transmitter column,
   * which fits `neuron_master_sheet.csv`. The table may repeat a key with the same value, so the
   * edge list itself can serve (`key = "pre", value = "pre_neurotransmitter"` on Cook's file).
   * A chemical edge takes the sign of its presynaptic neuron's transmitter.
   */
  readonly sign?:
    | {
        readonly path: string;
        readonly span: Span;
        /** The path as written, for messages (as for `source`). */
        readonly display?: string | undefined;
        readonly key?: ConfigString | undefined;
        readonly value?: ConfigString | undefined;
      }
    | undefined;
  /**
   * `signs { ACh = exc; GABA = inh; Glu = inh }`: transmitter → receptor, compared trimmed and
   * case-insensitively. `ACh = exc` and `GABA = inh` are added unless the user maps those
   * transmitters. `span` is the block; each entry's `span` its statement. A transmitter that is
   * not an identifier (`5HT`, `Unknown (orphan)`) is written as a quoted key (`"5HT" = exc`);
   * the checker also turns `exc = ["5HT", "Unknown (orphan)"]` into one entry per element.
   */
  readonly signs?:
    | {
        readonly entries: readonly {
          readonly transmitter: string;
          readonly receptor: Receptor;
          readonly span: Span;
        }[];
        readonly span: Span;
      }
    | undefined;
  /**
   * `select = [...]`: keep only neurons matching any of these anchored, case-sensitive globs
   * (`*`, `?`); edges keep only when both ends are kept. Absent: every neuron of the file.
   */
  readonly select?: readonly ConfigString[] | undefined;
  /**
   * The receptor of every chemical edge when there is no sign table (e.g. the checker found
   * `receptor = inh` or a negative weight in `chemical { ... }`). Default `"exc"`.
   */
  readonly defaultReceptor?: Receptor | undefined;
}

/** A directed chemical connection between two members, duplicates summed. */
export interface ChemicalEdge {
  /** Index into {@link ConnectomeData.members}. */
  readonly pre: number;
  readonly post: number;
  /** Summed count of all rows of this pair (see {@link ConnectomeConfig.count}). */
  readonly count: number;
  readonly receptor: Receptor;
  /** 1-based line of the pair's first row in the edge CSV. */
  readonly line: number;
}

/** An unordered gap-junction pair, `a < b` (member indices). */
export interface ElectricalEdge {
  readonly a: number;
  readonly b: number;
  /** The larger of the two directions' counts (each direction's duplicate rows summed). */
  readonly count: number;
  /** 1-based line of the pair's first row in the edge CSV. */
  readonly line: number;
}

/** Numbers about one import, for hover text and tests. */
export interface ConnectomeStats {
  /** Data rows read from the edge list (after the header, malformed rows excluded). */
  readonly rows: number;
  readonly chemicalRows: number;
  readonly electricalRows: number;
  /** Rows dropped because an end is not selected. */
  readonly unselectedRows: number;
  readonly autapses: number;
  /** Electrical rows with equal ends, dropped. */
  readonly gapSelfRows: number;
  /** Unordered pairs whose two directions carry different counts. */
  readonly gapAsymmetricPairs: number;
  /** Sum of the chemical counts. */
  readonly chemicalCount: number;
}

/**
 * An imported connectome. Edges are sorted by (pre, post) and (a, b); members by name (code-unit
 * order, like `Array.prototype.sort`), so the result does not depend on the row order of the file.
 */
export interface ConnectomeData {
  /** The edge list's absolute path. */
  readonly path: string;
  /** Neuron names, sorted; only those matching `select` when it was given. */
  readonly members: readonly string[];
  /** Per member, the 1-based CSV line where it first appears (for go-to-definition). */
  readonly memberLines: readonly number[];
  /** Per member, its transmitter from the sign table (as written there), or null. */
  readonly transmitters: readonly (string | null)[];
  readonly chemical: readonly ChemicalEdge[];
  readonly electrical: readonly ElectricalEdge[];
  readonly stats: ConnectomeStats;
  /** The CSV line where `name` first appears, or undefined when it is not a member. */
  memberLine(name: string): number | undefined;
  /** The index of `name` in {@link members}, or undefined when it is not a member. */
  memberIndex(name: string): number | undefined;
}

/** What the importer reads files through (the checker's `CompilerHost` fits). */
export interface ConnectomeHost {
  /** The text of an absolute path, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
}
