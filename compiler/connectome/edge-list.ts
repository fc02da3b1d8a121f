/**
 * Reads a connectome's edge list (one CSV pass) into compact accumulators: neuron names interned
 * in order of first appearance, chemical pairs with their counts summed, and electrical rows per
 * direction. Row problems (malformed rows, bad counts, unknown kinds) are collected while reading
 * and reported afterwards, a bounded number each, at the `.snn` text they relate to.
 *
 * Input: the file's text and the resolved settings. Output: {@link RawEdgeList}, or null when the
 * file cannot be used at all (no header, a required column missing). Reports the codes
 * connectome-missing-column, connectome-duplicate-column, connectome-malformed-row,
 * connectome-unterminated-quote, connectome-bad-count, connectome-count-too-large and
 * connectome-unknown-kind.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import { readCsv, type CsvProblem } from "./csv-reader.js";
import { MAX_LISTED, csvNote, plural, resolveColumns, type ColumnWanted } from "./report.js";

/**
 * The largest count, and summed count of one pair: sums stay exact integers up to here, and no
 * weight becomes infinite (1e308 + 1e308 did).
 */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Interned neuron ids are below this, so `pre * PAIR_KEY + post` is an exact integer key. */
const PAIR_KEY = 2 ** 26;

/** Everything the reader needs to know about one edge list. */
export interface EdgeListSettings {
  /** Absolute path (for `data.csv.path`). */
  readonly path: string;
  /** The name used in messages and notes (see `shownPath` in report.ts). */
  readonly shown: string;
  /** The `csv("...")` string: where file-level problems are reported. */
  readonly span: Span;
  readonly pre: ColumnWanted;
  readonly post: ColumnWanted;
  readonly kind: ColumnWanted;
  readonly count: ColumnWanted;
  /** Lower-cased kind values of each kind. */
  readonly chemicalKinds: ReadonlySet<string>;
  readonly electricalKinds: ReadonlySet<string>;
  /** Human-readable list of the kinds, for the unknown-kind message. */
  readonly kindsText: string;
  /** Where an unknown kind is reported (the kinds block, or the kind column). */
  readonly kindsSpan: Span;
  /** Whether a neuron is kept (`select`); asked once per distinct name. */
  readonly isSelected: (name: string) => boolean;
}

/** Summed count and first line of one connection. */
export interface PairTally {
  count: number;
  readonly line: number;
}

/** The edge list after one pass. Ids index `names`, in order of first appearance. */
export interface RawEdgeList {
  readonly names: readonly string[];
  /** Line of each name's first valid row. */
  readonly lines: readonly number[];
  readonly selected: readonly boolean[];
  /** Key `pre * PAIR_KEY + post` → tally (both ends selected). */
  readonly chemical: ReadonlyMap<number, PairTally>;
  /** Directed electrical rows, key as above, self-rows excluded (both ends selected). */
  readonly electrical: ReadonlyMap<number, PairTally>;
  /** Electrical rows with pre = post (dropped), in file order. */
  readonly gapSelf: readonly { readonly name: string; readonly line: number }[];
  readonly rows: number;
  readonly chemicalRows: number;
  readonly electricalRows: number;
  readonly unselectedRows: number;
}

/** Splits a pair key back into its two ids. */
export function splitPairKey(key: number): [number, number] {
  const pre = Math.floor(key / PAIR_KEY);
  return [pre, key - pre * PAIR_KEY];
}

/** Unicode format characters (zero-width space and joiners, direction marks, soft hyphen). */
const INVISIBLE = /\p{Cf}/u;

const NUMBER = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a count cell: a finite decimal number > 0, else NaN. */
export function parseCount(cell: string): number {
  if (!NUMBER.test(cell)) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) && value > 0 ? value : Number.NaN;
}

interface Collected {
  readonly malformed: { line: number; problem: string }[];
  readonly badCounts: { line: number; value: string }[];
  readonly largeCounts: { line: number; value: string; detail: string }[];
  readonly unknownKinds: Map<string, { rows: number; lines: number[] }>;
  unterminated: { line: number; column: number } | null;
}

/** Reads the edge list in `text`. */
export function readEdgeList(
  text: string,
  settings: EdgeListSettings,
  sink: DiagnosticSink,
): RawEdgeList | null {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const lines: number[] = [];
  const selected: boolean[] = [];
  const chemical = new Map<number, PairTally>();
  const electrical = new Map<number, PairTally>();
  const gapSelf: { name: string; line: number }[] = [];
  const found: Collected = {
    malformed: [],
    badCounts: [],
    largeCounts: [],
    unknownKinds: new Map(),
    unterminated: null,
  };
  let columns: number[] | null = null;
  let chemicalRows = 0;
  let electricalRows = 0;
  let unselectedRows = 0;
  let headerSeen = false;

  const intern = (name: string, line: number): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
      lines.push(line);
      selected.push(settings.isSelected(name));
    }
    return id;
  };

  const summary = readCsv(text, {
    header(cells, line) {
      headerSeen = true;
      const wanted = [settings.pre, settings.post, settings.kind, settings.count];
      const file = {
        path: settings.path,
        shown: settings.shown,
        what: "edge list",
        headerLine: line,
      };
      columns = resolveColumns(cells, wanted, file, sink);
      return columns !== null;
    },
    row(cells, line) {
      const [preCol = 0, postCol = 0, kindCol = 0, countCol = 0] = columns ?? [];
      const kindCell = cells[kindCol] ?? "";
      const kindKey = kindCell.toLowerCase();
      const isChemical = settings.chemicalKinds.has(kindKey);
      if (!isChemical && !settings.electricalKinds.has(kindKey)) {
        const entry = found.unknownKinds.get(kindCell) ?? { rows: 0, lines: [] };
        entry.rows++;
        if (entry.lines.length < MAX_LISTED) entry.lines.push(line);
        found.unknownKinds.set(kindCell, entry);
        return;
      }
      const preName = cells[preCol] ?? "";
      const postName = cells[postCol] ?? "";
      if (preName === "" || postName === "") {
        const column = preName === "" ? settings.pre.name : settings.post.name;
        found.malformed.push({ line, problem: `the neuron name in column '${column}' is empty` });
        return;
      }
      // New names only (a known one was checked when first seen): an invisible character, as
      // text copied from a PDF or web page carries, would make a second neuron that looks the same.
      for (const [name, column] of [
        [preName, settings.pre.name],
        [postName, settings.post.name],
      ] as const) {
        if (ids.has(name)) continue;
        const hidden = INVISIBLE.exec(name);
        if (hidden === null) continue;
        const code = (hidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
        found.malformed.push({
          line,
          problem: `the neuron name in column '${column}' has an invisible character, U+${code}, at character ${hidden.index + 1}`,
        });
        return;
      }
      const countCell = cells[countCol] ?? "";
      const count = parseCount(countCell);
      if (Number.isNaN(count)) {
        found.badCounts.push({ line, value: countCell });
        return;
      }
      if (count > MAX_COUNT) {
        found.largeCounts.push({ line, value: countCell, detail: "" });
        return;
      }
      const pre = intern(preName, line);
      const post = intern(postName, line);
      if (isChemical) chemicalRows++;
      else electricalRows++;
      if (!(selected[pre] ?? false) || !(selected[post] ?? false)) {
        unselectedRows++;
        return;
      }
      if (!isChemical && pre === post) {
        gapSelf.push({ name: preName, line });
        return;
      }
      const table = isChemical ? chemical : electrical;
      const key = pre * PAIR_KEY + post;
      const tally = table.get(key);
      if (tally === undefined) table.set(key, { count, line });
      else if (tally.count + count > MAX_COUNT)
        // the row is skipped, so the tally stays exact and a later row is judged on its own
        found.largeCounts.push({
          line,
          value: countCell,
          detail: ` (the rows of ${preName} -> ${postName} from line ${tally.line} would sum to ${tally.count + count})`,
        });
      else tally.count += count;
    },
    problem(problem) {
      if (problem.kind === "unterminated-quote") found.unterminated = problem;
      else found.malformed.push({ line: problem.line, problem: describeProblem(problem) });
    },
  });

  reportCollected(found, settings, sink);
  if (!headerSeen) {
    sink.report({
      code: "connectome-malformed-row",
      span: settings.span,
      format: {
        file: settings.shown,
        line: 1,
        problem: "the file is empty (no header row)",
      },
      notes: [csvNote(settings.shown, 1)],
    });
    return null;
  }
  if (columns === null) return null;
  return {
    names,
    lines,
    selected,
    chemical,
    electrical,
    gapSelf,
    rows: summary.rows,
    chemicalRows,
    electricalRows,
    unselectedRows,
  };
}

function describeProblem(problem: Exclude<CsvProblem, { kind: "unterminated-quote" }>): string {
  switch (problem.kind) {
    case "field-count":
      return `expected ${plural(problem.expected, "field")} as in the header, found ${problem.found}`;
    case "text-after-quote":
      return `text after a closing quote at column ${problem.column}`;
  }
}

function reportCollected(found: Collected, settings: EdgeListSettings, sink: DiagnosticSink): void {
  const file = settings.shown;
  found.malformed.slice(0, MAX_LISTED).forEach(({ line, problem }, k, shown) => {
    const notes = [csvNote(file, line)];
    if (k === shown.length - 1 && found.malformed.length > shown.length)
      notes.push(`${found.malformed.length - shown.length} more malformed rows are not shown`);
    sink.report({
      code: "connectome-malformed-row",
      span: settings.span,
      format: { file, line, problem },
      notes,
      data: { csv: { path: settings.path, line } },
    });
  });
  if (found.unterminated !== null) {
    const { line, column } = found.unterminated;
    sink.report({
      code: "connectome-unterminated-quote",
      span: settings.span,
      format: { file, line },
      notes: [
        csvNote(file, line, `the quote opens at column ${column}; nothing after it was read`),
      ],
      data: { csv: { path: settings.path, line } },
    });
  }
  found.badCounts.slice(0, MAX_LISTED).forEach(({ line, value }, k, shown) => {
    const notes = [csvNote(file, line, `column '${settings.count.name}'`)];
    if (k === shown.length - 1 && found.badCounts.length > shown.length)
      notes.push(
        `${found.badCounts.length - shown.length} more rows with a bad count are not shown`,
      );
    sink.report({
      code: "connectome-bad-count",
      span: settings.count.span,
      format: { value, file, line },
      notes,
      data: { csv: { path: settings.path, line } },
    });
  });
  found.largeCounts.slice(0, MAX_LISTED).forEach(({ line, value, detail }, k, shown) => {
    const notes = [csvNote(file, line, `column '${settings.count.name}'`)];
    if (k === shown.length - 1 && found.largeCounts.length > shown.length)
      notes.push(
        `${found.largeCounts.length - shown.length} more rows with too large a count are not shown`,
      );
    sink.report({
      code: "connectome-count-too-large",
      span: settings.count.span,
      format: { value, file, line, detail },
      notes,
      data: { csv: { path: settings.path, line } },
    });
  });
  // Bounded like the other lists: a kind setting naming the wrong column (a class or count
  // column) has a new "kind" on almost every row.
  const unknown = [...found.unknownKinds];
  unknown.slice(0, MAX_LISTED).forEach(([value, { rows, lines }], k, shown) => {
    const first = lines[0] ?? 1;
    const notes = lines.map((line) => csvNote(file, line));
    if (k === shown.length - 1 && unknown.length > shown.length) {
      const rest = unknown.slice(shown.length);
      const restRows = rest.reduce((sum, [, u]) => sum + u.rows, 0);
      notes.push(
        `not shown: ${plural(rest.length, "more unknown kind")} (${plural(restRows, "row")}); is '${settings.kind.name}' the column of the connection kinds?`,
      );
    }
    sink.report({
      code: "connectome-unknown-kind",
      span: settings.kindsSpan,
      format: {
        value,
        file,
        rows: `${plural(rows, "row")}, first at line ${first}`,
        known: settings.kindsText,
      },
      notes,
      data: { csv: { path: settings.path, line: first } },
    });
  });
}
