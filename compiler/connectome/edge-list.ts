/**
 * Reads a connectome's edge list (one CSV pass) into compact accumulators: neuron names interned
 * in order of first appearance, and the kept rows in typed columns; then chemical pairs and each
 * direction of the electrical rows get their counts summed (a sort by pair, not a map: a map keyed
 * by pair, with an object per pair, took most of the time and memory of a 50 MB file). Row problems (malformed rows, bad counts, unknown kinds) are collected while reading
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

/**
 * Directed pairs with their summed counts and the line of each pair's first row, sorted by
 * (pre, post); ids index {@link RawEdgeList.names}.
 */
export interface PairSums {
  readonly length: number;
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly count: Float64Array;
  readonly line: Int32Array;
}

/** The edge list after one pass. Ids index `names`, in order of first appearance. */
export interface RawEdgeList {
  readonly names: readonly string[];
  /** Line of each name's first valid row. */
  readonly lines: readonly number[];
  readonly selected: readonly boolean[];
  /** Chemical pairs (both ends selected). */
  readonly chemical: PairSums;
  /** Directed electrical pairs, self-rows excluded (both ends selected). */
  readonly electrical: PairSums;
  /** Electrical rows with pre = post (dropped), in file order. */
  readonly gapSelf: readonly { readonly name: string; readonly line: number }[];
  readonly rows: number;
  readonly chemicalRows: number;
  readonly electricalRows: number;
  readonly unselectedRows: number;
}

/** Kept rows of one kind in file order, as growable columns. @internal */
interface RowColumns {
  length: number;
  pre: Int32Array;
  post: Int32Array;
  count: Float64Array;
  line: Int32Array;
}

function createRows(): RowColumns {
  const n = 1024;
  return {
    length: 0,
    pre: new Int32Array(n),
    post: new Int32Array(n),
    count: new Float64Array(n),
    line: new Int32Array(n),
  };
}

function pushRow(r: RowColumns, pre: number, post: number, count: number, line: number): void {
  if (r.length === r.pre.length) {
    const n = 2 * r.length;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    r.pre = grow(r.pre, new Int32Array(n));
    r.post = grow(r.post, new Int32Array(n));
    r.count = grow(r.count, new Float64Array(n));
    r.line = grow(r.line, new Int32Array(n));
  }
  const k = r.length++;
  r.pre[k] = pre;
  r.post[k] = post;
  r.count[k] = count;
  r.line[k] = line;
}

/** Positions `order` (or 0..length-1) stably sorted by `keys` in 0..n-1 (a counting sort). */
function countingSort(
  keys: ArrayLike<number>,
  order: Int32Array | null,
  length: number,
  n: number,
): Int32Array {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < length; k++) start[keys[k]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const out = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    const i = order === null ? k : order[k]!;
    out[start[keys[i]!]!++] = i;
  }
  return out;
}

/**
 * The positions 0..length-1 sorted by (a, b), both in 0..n-1, equal pairs in their original
 * order: two counting sorts, linear in length + n with no comparison and no map.
 */
export function sortByPair(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  length: number,
  n: number,
): Int32Array {
  return countingSort(a, countingSort(b, null, length, n), length, n);
}

/** Unicode format characters (zero-width space and joiners, direction marks, soft hyphen). */
const INVISIBLE = /\p{Cf}/u;

const NUMBER = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a count cell: a finite decimal number > 0, else NaN. */
export function parseCount(cell: string): number {
  // most counts are a few digits: read them without a regular expression and a string conversion
  if (cell.length > 0 && cell.length < 10) {
    let value = 0;
    let k = 0;
    for (; k < cell.length; k++) {
      const d = cell.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (k === cell.length) return value > 0 ? value : Number.NaN;
  }
  if (!NUMBER.test(cell)) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) && value > 0 ? value : Number.NaN;
}

interface Collected {
  readonly malformed: { line: number; problem: string }[];
  readonly badCounts: { line: number; value: string }[];
  readonly largeCounts: { line: number; value: string; detail: string }[];
  /** Lower-cased kind cell → chemical (1), electrical (2) or unknown (0), per distinct cell. */
  readonly kindOf: Map<string, number>;
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
  const chemical = createRows();
  const electrical = createRows();
  const gapSelf: { name: string; line: number }[] = [];
  const found: Collected = {
    malformed: [],
    badCounts: [],
    largeCounts: [],
    unknownKinds: new Map(),
    kindOf: new Map(),
    unterminated: null,
  };
  let columns: number[] | null = null;
  let chemicalRows = 0;
  let electricalRows = 0;
  let unselectedRows = 0;
  let headerSeen = false;

  const intern = (name: string, line: number): number => {
    const id = names.length;
    ids.set(name, id);
    names.push(name);
    lines.push(line);
    selected.push(settings.isSelected(name));
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
      let kind = found.kindOf.get(kindCell);
      if (kind === undefined) {
        const key = kindCell.toLowerCase();
        kind = settings.chemicalKinds.has(key) ? 1 : settings.electricalKinds.has(key) ? 2 : 0;
        found.kindOf.set(kindCell, kind);
      }
      const isChemical = kind === 1;
      if (kind === 0) {
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
      let preId = ids.get(preName);
      let postId = ids.get(postName);
      for (const [name, column, id] of [
        [preName, settings.pre.name, preId],
        [postName, settings.post.name, postId],
      ] as const) {
        if (id !== undefined) continue;
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
      const pre = (preId ??= intern(preName, line));
      const post = (postId ??= ids.get(postName) ?? intern(postName, line));
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
      pushRow(isChemical ? chemical : electrical, pre, post, count, line);
    },
    problem(problem) {
      if (problem.kind === "unterminated-quote") found.unterminated = problem;
      else found.malformed.push({ line: problem.line, problem: describeProblem(problem) });
    },
  });

  const n = names.length;
  const chemicalSums = sumPairs(chemical, n, names, found);
  const electricalSums = sumPairs(electrical, n, names, found);
  found.largeCounts.sort((x, y) => x.line - y.line);
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
    chemical: chemicalSums,
    electrical: electricalSums,
    gapSelf,
    rows: summary.rows,
    chemicalRows,
    electricalRows,
    unselectedRows,
  };
}

/**
 * Sums the counts of each pair's rows in file order. A row that would take the sum past
 * {@link MAX_COUNT} is reported and left out, so the sum stays exact and a later row is judged on
 * its own.
 */
function sumPairs(
  rows: RowColumns,
  n: number,
  names: readonly string[],
  found: Collected,
): PairSums {
  const order = sortByPair(rows.pre, rows.post, rows.length, n);
  const pre = new Int32Array(rows.length);
  const post = new Int32Array(rows.length);
  const count = new Float64Array(rows.length);
  const line = new Int32Array(rows.length);
  let m = -1;
  for (let k = 0; k < rows.length; k++) {
    const i = order[k]!;
    const p = rows.pre[i]!;
    const q = rows.post[i]!;
    const c = rows.count[i]!;
    if (m >= 0 && pre[m] === p && post[m] === q) {
      const sum = count[m]! + c;
      if (sum <= MAX_COUNT) count[m] = sum;
      else
        found.largeCounts.push({
          line: rows.line[i]!,
          value: String(c),
          detail: ` (the rows of ${names[p] ?? "?"} -> ${names[q] ?? "?"} from line ${line[m]!} would sum to ${sum})`,
        });
      continue;
    }
    m++;
    pre[m] = p;
    post[m] = q;
    count[m] = c;
    line[m] = rows.line[i]!;
  }
  const length = m + 1;
  return {
    length,
    pre: pre.slice(0, length),
    post: post.slice(0, length),
    count: count.slice(0, length),
    line: line.slice(0, length),
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
