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
 * - the first non-blank row is the header; blank rows (only whitespace) are skipped anywhere;
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
  const delim = (options.delimiter ?? ",").charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let header: string[] | null = null;
  let rows = 0;
  let skipped = 0;
  const cells: string[] = [];

  while (i < n) {
    const rowLine = line;
    const rowStart = i;
    cells.length = 0;
    let bad: CsvProblem | null = null;
    // One row: fields until a line break or the end of the text.
    for (;;) {
      let j = i;
      while (j < n && isBlank(text.charCodeAt(j), delim)) j++;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        const quoteLine = line;
        const quoteColumn = j - lineStartBefore(text, j) + 1;
        let value = "";
        let k = j + 1;
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) break;
          line += countLineBreaks(text, k, q);
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
          visitor.problem({ kind: "unterminated-quote", line: quoteLine, column: quoteColumn });
          return { header, rows, skipped: skipped + 1, stopped: true };
        }
        cells.push(value.trim());
        while (k < n && isBlank(text.charCodeAt(k), delim)) k++;
        if (k < n && !isEnd(text.charCodeAt(k), delim)) {
          bad ??= {
            kind: "text-after-quote",
            line,
            column: k - lineStartBefore(text, k) + 1,
          };
          while (k < n && !isEnd(text.charCodeAt(k), delim)) k++;
        }
        i = k;
      } else {
        let k = j;
        while (k < n && !isEnd(text.charCodeAt(k), delim)) k++;
        cells.push(text.slice(j, k).trim());
        i = k;
      }
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      // End of the row: consume one line break (CRLF, LF or CR).
      if (i < n) {
        if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
        else i++;
        line++;
      }
      break;
    }
    if (cells.length === 1 && cells[0] === "" && !hasQuote(text, rowStart, i)) continue;
    if (bad !== null) {
      visitor.problem(bad);
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

function isBlank(c: number, delim: number): boolean {
  return (c === SPACE || c === TAB) && c !== delim;
}

function isEnd(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}

function hasQuote(text: string, from: number, to: number): boolean {
  const q = text.indexOf('"', from);
  return q >= 0 && q < to;
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
