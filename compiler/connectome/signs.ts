/**
 * The sign of chemical edges: `sign = from_csv(path, key, value)` gives each neuron a transmitter,
 * and `signs { ACh = exc; GABA = inh; ... }` maps transmitters to receptors (SPEC §4). A chemical
 * edge takes the receptor of its presynaptic neuron's transmitter.
 *
 * Transmitter names are trimmed and compared case-insensitively (`Ach` in the master sheet is
 * `ACh`); `ACh = exc` and `GABA = inh` are defaults the user may override. Neuron names (the key
 * column) are case-sensitive, as everywhere in the language.
 *
 * Reports connectome-file-not-found, connectome-missing-column, connectome-duplicate-column,
 * connectome-malformed-row, connectome-unterminated-quote and connectome-sign-conflict (reading
 * the table), and
 * connectome-duplicate-sign and connectome-unused-sign (checking `signs`).
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { Receptor } from "../ir/index.js";
import { notCsvText, readCsv } from "./csv-reader.js";
import { MAX_LISTED, columnWanted, csvNote, resolveColumns, shownPath } from "./report.js";
import { closestName } from "./suggest.js";
import type { ConnectomeConfig, ConnectomeHost } from "./types.js";

/** The sign table settings of a config (present). */
export type SignConfig = NonNullable<ConnectomeConfig["sign"]>;
/** The `signs { }` settings of a config (present). */
export type SignsConfig = NonNullable<ConnectomeConfig["signs"]>;

/** A neuron's row in the sign table. */
export interface SignRow {
  readonly transmitter: string;
  readonly line: number;
}

/** What a sign table says, keyed by neuron name. */
export interface SignTable {
  readonly path: string;
  /** The name used in messages and notes. */
  readonly shown: string;
  readonly byNeuron: ReadonlyMap<string, SignRow>;
  /** Lower-cased transmitter → its first spelling in the file. */
  readonly spellings: ReadonlyMap<string, string>;
}

/** Transmitters mapped unless the user maps them (SPEC §4). */
export const DEFAULT_SIGNS: ReadonlyMap<string, Receptor> = new Map([
  ["ach", "exc"],
  ["gaba", "inh"],
]);

/** Reads the table; null when the file or one of its two columns is missing. */
export function readSignTable(
  sign: SignConfig,
  host: ConnectomeHost,
  sink: DiagnosticSink,
): SignTable | null {
  const file = shownPath(sign.path, sign.display);
  const text = host.readFile(sign.path);
  const notText = text === undefined ? undefined : notCsvText(text);
  if (text === undefined || notText !== undefined) {
    sink.report({
      code: "connectome-file-not-found",
      span: sign.span,
      format: { what: "sign table", path: file },
      notes: notText === undefined ? [] : [`${file}: ${notText}`],
    });
    return null;
  }
  const keyColumn = columnWanted("key", sign.key, "label", sign.span);
  const valueColumn = columnWanted("value", sign.value, "neurotransmitter", sign.span);
  const byNeuron = new Map<string, SignRow>();
  const spellings = new Map<string, string>();
  const conflicts: { key: string; first: SignRow; second: SignRow }[] = [];
  const malformed: { line: number; detail: string }[] = [];
  let columns: number[] | null = null;
  readCsv(text, {
    header(cells, line) {
      const where = { path: sign.path, shown: file, what: "sign table", headerLine: line };
      columns = resolveColumns(cells, [keyColumn, valueColumn], where, sink);
      return columns !== null;
    },
    row(cells, line) {
      const [keyCol = 0, valueCol = 0] = columns ?? [];
      const key = cells[keyCol] ?? "";
      const transmitter = cells[valueCol] ?? "";
      if (key === "") return;
      const lower = transmitter.toLowerCase();
      if (!spellings.has(lower)) spellings.set(lower, transmitter);
      const seen = byNeuron.get(key);
      if (seen === undefined) byNeuron.set(key, { transmitter, line });
      else if (seen.transmitter.toLowerCase() !== lower)
        conflicts.push({ key, first: seen, second: { transmitter, line } });
    },
    problem(problem) {
      if (problem.kind === "unterminated-quote") {
        sink.report({
          code: "connectome-unterminated-quote",
          span: sign.span,
          format: { file, line: problem.line },
          notes: [
            csvNote(
              file,
              problem.line,
              `the quote opens at column ${problem.column}; nothing after it was read`,
            ),
          ],
          data: { csv: { path: sign.path, line: problem.line } },
        });
        return;
      }
      malformed.push({
        line: problem.line,
        detail:
          problem.kind === "field-count"
            ? `expected ${problem.expected} fields as in the header, found ${problem.found}`
            : `text after a closing quote at column ${problem.column}`,
      });
    },
  });
  // A bounded number, as for the edge list: a table with a stray separator in its header has a
  // malformed row on every line, and one error per row would bury everything else.
  malformed.slice(0, MAX_LISTED).forEach(({ line, detail }, k, shown) => {
    const notes = [csvNote(file, line)];
    if (k === shown.length - 1 && malformed.length > shown.length)
      notes.push(`${malformed.length - shown.length} more malformed rows are not shown`);
    sink.report({
      code: "connectome-malformed-row",
      span: sign.span,
      format: { file, line, problem: detail },
      notes,
      data: { csv: { path: sign.path, line } },
    });
  });
  if (columns === null) return null;
  conflicts.slice(0, MAX_LISTED).forEach(({ key, first, second }, k, shown) => {
    const notes = [csvNote(file, first.line), csvNote(file, second.line)];
    if (k === shown.length - 1 && conflicts.length > shown.length)
      notes.push(`${conflicts.length - shown.length} more conflicting rows are not shown`);
    sink.report({
      code: "connectome-sign-conflict",
      span: sign.span,
      format: { key, first: first.transmitter, second: second.transmitter },
      notes,
      data: { csv: { path: sign.path, line: second.line } },
    });
  });
  return { path: sign.path, shown: file, byNeuron, spellings };
}

/**
 * The transmitter → receptor map (keys lower-cased): the defaults, then the user's entries.
 * Checks the entries against the table when there is one.
 */
export function buildSignMap(
  signs: SignsConfig | undefined,
  table: SignTable | null,
  sink: DiagnosticSink,
): Map<string, Receptor> {
  const map = new Map(DEFAULT_SIGNS);
  const written = new Map<string, { receptor: Receptor; span: SignsConfig["span"] }>();
  for (const entry of signs?.entries ?? []) {
    const key = entry.transmitter.trim().toLowerCase();
    const before = written.get(key);
    if (before !== undefined && before.receptor !== entry.receptor) {
      sink.report({
        code: "connectome-duplicate-sign",
        span: entry.span,
        format: { transmitter: entry.transmitter.trim() },
        related: [{ message: `first given as '${before.receptor}' here`, span: before.span }],
      });
      continue;
    }
    if (before !== undefined) continue;
    written.set(key, { receptor: entry.receptor, span: entry.span });
    map.set(key, entry.receptor);
    if (table !== null && !table.spellings.has(key)) {
      const near = closestName(entry.transmitter.trim(), [...table.spellings.values()]);
      sink.report({
        code: "connectome-unused-sign",
        span: entry.span,
        format: {
          transmitter: entry.transmitter.trim(),
          suggestion: near === undefined ? "" : ` (did you mean '${near}'?)`,
        },
        notes: [
          `the transmitters in ${table.shown} are ${[...table.spellings.values()].map((t) => `'${t}'`).join(", ")}`,
        ],
      });
    }
  }
  return map;
}
