/**
 * A streaming CSV reader over text (RFC 4180), used for connectome edge lists and sign tables
 * (and usable by any `from_csv(...)` reader of the compiler).
 *
 * Why a callback per row: a whole-animal connectome has thousands of rows and the reader is on
 * the editor's hot path (every keystroke recompiles), so rows are handed out one at a time and
 * nothing keeps all of them. The caller folds them into its own compact structures.
 *
 * What it accepts:
 * - fields separated by a delimiter (default `,`), rows by LF, CRLF or a lone CR;
 * - the first non-blank row is the header; blank rows (only whitespace, or only separators and
 *   whitespace, as spreadsheets export empty rows) are skipped anywhere;
 * - a leading UTF-8 byte-order mark is ignored;
 * - quoted fields (`"a, b"`, `"say ""hi"""`), which may span lines; whitespace around the quotes
 *   is allowed;
 * - every cell (header and data) is trimmed after unquoting.
 *
 * What it reports (through {@link CsvVisitor.problem}, never by throwing): a row whose field
 * count differs from the header's (the row is skipped), text after a closing quote (skipped),
 * and an unterminated quote (reading stops there, as the rest of the file is swallowed by it).
 * Line numbers are 1-based and name the line on which a row (or the bad quote) starts.
 */

/** Something wrong with one row or with the file, with the 1-based line it starts on. */
export type CsvProblem =
  | {
      readonly kind: "field-count";
      readonly line: number;
      readonly expected: number;
      readonly found: number;
    }
  | { readonly kind: "text-after-quote"; readonly line: number; readonly column: number }
  | { readonly kind: "unterminated-quote"; readonly line: number; readonly column: number };

/** Receives the rows of one file, in order. */
export interface CsvVisitor {
  /**
   * The header row (trimmed cells). Return false to stop reading (e.g. a required column is
   * missing and the rows would be useless).
   */
  header(cells: readonly string[], line: number): boolean;
  /**
   * One data row with exactly as many cells as the header. The array is only valid during the
   * call: the reader may reuse it, so copy what you keep.
   */
  row(cells: readonly string[], line: number): void;
  problem(problem: CsvProblem): void;
}

export interface CsvOptions {
  /** One character; `,` unless given (`\t` reads TAB-separated files). */
  readonly delimiter?: string;
}

/** What one pass over a file saw: the header (null when the file has none) and row counts. */
export interface CsvSummary {
  readonly header: readonly string[] | null;
  /** Data rows handed to {@link CsvVisitor.row}. */
  readonly rows: number;
  /** Rows reported as problems and skipped. */
  readonly skipped: number;
  /** True when reading stopped early (the visitor declined the header, or a quote never closed). */
  readonly stopped: boolean;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** Reads `text` row by row into `visitor`. Never throws on any input. */
export function readCsv(text: string, visitor: CsvVisitor, options: CsvOptions = {}): CsvSummary {
  const delimiter = (options.delimiter ?? ",").charAt(0) || ",";
  const scan: Scanner = {
    text,
    delim: delimiter.charCodeAt(0),
    i: text.charCodeAt(0) === 0xfeff ? 1 : 0,
    line: 1,
    cells: [],
    bad: null,
    unterminated: null,
  };
  const n = text.length;
  let header: string[] | null = null;
  let rows = 0;
  let skipped = 0;
  // Next quote, LF and CR at or after the current row, each searched for again only once the
  // reader has passed it: every search is then linear in the text as a whole. (Searching for the
  // next LF from every row made a file with lone-CR line ends, which has no LF, quadratic.)
  let nextQuote = text.indexOf('"', scan.i);
  let nextLF = text.indexOf("\n", scan.i);
  let nextCR = text.indexOf("\r", scan.i);

  while (scan.i < n) {
    const rowLine = scan.line;
    const rowStart = scan.i;
    if (nextQuote >= 0 && nextQuote < rowStart) nextQuote = text.indexOf('"', rowStart);
    if (nextLF >= 0 && nextLF < rowStart) nextLF = text.indexOf("\n", rowStart);
    if (nextCR >= 0 && nextCR < rowStart) nextCR = text.indexOf("\r", rowStart);
    // The row's line break: LF, CRLF or a lone CR, whichever comes first.
    const lf = nextLF < 0 ? n : nextLF;
    const cr = nextCR < 0 ? n : nextCR;
    const lineEnd = Math.min(lf, cr);
    const after = cr < lf && cr + 1 === lf ? lf + 1 : lineEnd + 1;
    const fast = nextQuote < 0 || nextQuote >= lineEnd;
    let quoted = false;
    if (fast) {
      // Common case, no quotes on this line: the engine's own split does the work.
      const cells = text.slice(rowStart, lineEnd).split(delimiter);
      for (let k = 0; k < cells.length; k++) cells[k] = (cells[k] ?? "").trim();
      scan.cells = cells;
      scan.bad = null;
      scan.i = after;
      if (lineEnd < n) scan.line++;
    } else {
      scanRow(scan);
      quoted = true;
      if (scan.unterminated !== null) {
        visitor.problem(scan.unterminated);
        return { header, rows, skipped: skipped + 1, stopped: true };
      }
    }
    const cells = scan.cells;
    // Blank: only whitespace, or only separators (`,,,`: the rows a spreadsheet exports for
    // cells that are formatted but empty). A row is on the careful path only when it has a
    // quote, and `""` is an empty cell, not a blank row.
    if (!quoted && cells.every((c) => c === "")) continue;
    if (scan.bad !== null) {
      visitor.problem(scan.bad);
      skipped++;
      continue;
    }
    if (header === null) {
      header = cells.slice();
      if (!visitor.header(header, rowLine)) return { header, rows, skipped, stopped: true };
      continue;
    }
    if (cells.length !== header.length) {
      visitor.problem({
        kind: "field-count",
        line: rowLine,
        expected: header.length,
        found: cells.length,
      });
      skipped++;
      continue;
    }
    rows++;
    visitor.row(cells, rowLine);
  }
  return { header, rows, skipped, stopped: false };
}

/**
 * Why a file read as UTF-8 is not CSV text, or undefined when it is. A NUL character never
 * belongs in a CSV file: it means a binary file (a spreadsheet's .xls or .xlsx saved under a .csv
 * name) or UTF-16 text (Excel's "Unicode text"), whose header would otherwise come out as
 * garbage and every column as missing.
 */
export function notCsvText(text: string): string | undefined {
  const nul = text.indexOf("\0");
  if (nul < 0) return undefined;
  // UTF-16's byte-order mark (FF FE or FE FF) is not UTF-8: each byte decodes to U+FFFD
  if (text.startsWith("\ufffd\ufffd")) return "it is UTF-16 text, not UTF-8: save it as UTF-8 CSV";
  const line = countLineBreaks(text, 0, nul) + 1;
  return `it has a NUL character at line ${line}: it is a binary file (a spreadsheet?) or UTF-16 text, not UTF-8 CSV`;
}

/** The reader's position while it scans a row that needs the careful path. @internal */
interface Scanner {
  readonly text: string;
  readonly delim: number;
  i: number;
  line: number;
  cells: string[];
  bad: CsvProblem | null;
  unterminated: CsvProblem | null;
}

/**
 * Scans one row character by character (quotes, lone CRs): fills `cells`, moves `i` past the
 * row's line break and `line` past every line break consumed, and sets `bad` or `unterminated`.
 */
function scanRow(s: Scanner): void {
  const { text, delim } = s;
  const n = text.length;
  s.cells = [];
  s.bad = null;
  for (;;) {
    let j = s.i;
    while (j < n && isBlank(text.charCodeAt(j), delim)) j++;
    if (j < n && text.charCodeAt(j) === QUOTE) {
      const quoteLine = s.line;
      let value = "";
      let k = j + 1;
      let closed = false;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) break;
        s.line += countLineBreaks(text, k, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(k, q + 1);
          k = q + 2;
          continue;
        }
        value += text.slice(k, q);
        k = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        // The column only now: finding the line's start for every quoted field made a long line
        // of them (a wide quoted file) quadratic.
        const column = j - lineStartBefore(text, j) + 1;
        s.unterminated = { kind: "unterminated-quote", line: quoteLine, column };
        s.i = n;
        return;
      }
      s.cells.push(value.trim());
      while (k < n && isBlank(text.charCodeAt(k), delim)) k++;
      if (k < n && !isEnd(text.charCodeAt(k), delim)) {
        s.bad ??= {
          kind: "text-after-quote",
          line: s.line,
          column: k - lineStartBefore(text, k) + 1,
        };
        while (k < n && !isEnd(text.charCodeAt(k), delim)) k++;
      }
      s.i = k;
    } else {
      let k = j;
      while (k < n && !isEnd(text.charCodeAt(k), delim)) k++;
      s.cells.push(text.slice(j, k).trim());
      s.i = k;
    }
    if (s.i < n && text.charCodeAt(s.i) === delim) {
      s.i++;
      continue;
    }
    // End of the row: consume one line break (CRLF, LF or CR).
    if (s.i < n) {
      if (text.charCodeAt(s.i) === CR && text.charCodeAt(s.i + 1) === LF) s.i += 2;
      else s.i++;
      s.line++;
    }
    return;
  }
}

function isBlank(c: number, delim: number): boolean {
  return (c === SPACE || c === TAB) && c !== delim;
}

function isEnd(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}

/** Line breaks in text[from, to): CRLF and lone CR count once, like LF. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

function lineStartBefore(text: string, offset: number): number {
  let k = offset - 1;
  while (k >= 0) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) break;
    k--;
  }
  return k + 1;
}
