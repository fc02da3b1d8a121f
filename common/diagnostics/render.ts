/**
 * Terminal rendering of diagnostics: `file:line:col: error[code]: message`, a code frame with a
 * caret under the span, related notes, and extra notes. Also the `--format json` shape.
 */
import { lineColOf, lineText, NoSpan, type SourceFile, type Span } from "../source.js";
import type { Diagnostic } from "./diagnostic.js";

export interface FileLookup {
  get(id: number): SourceFile;
}

export interface RenderOptions {
  readonly color?: boolean;
}

const styles = {
  error: "\x1b[31;1m",
  warning: "\x1b[33;1m",
  info: "\x1b[36;1m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
} as const;

function location(files: FileLookup, s: Span): string {
  const file = files.get(s.file);
  const { line, column } = lineColOf(file, s.start);
  return `${file.path}:${line}:${column}`;
}

/**
 * Control characters (but tabs) as their Unicode pictures (NUL as U+2400 and so on): printed raw
 * they would move or clear the terminal's cursor. One code unit each, so the columns still match.
 */
function visibleControls(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (ch) =>
    String.fromCharCode(ch === "\x7f" ? 0x2421 : 0x2400 + ch.charCodeAt(0)),
  );
}

/** The columns of a source line a code frame shows at most. */
const FRAME_COLUMNS = 160;

function codeFrame(files: FileLookup, s: Span, color: boolean): string[] {
  const file = files.get(s.file);
  const start = lineColOf(file, s.start);
  const end = lineColOf(file, Math.max(s.start, s.end));
  const text = lineText(file, start.line);
  const gutter = String(start.line);
  const pad = " ".repeat(gutter.length);
  let width =
    end.line === start.line
      ? Math.max(1, end.column - start.column)
      : Math.max(1, text.length - start.column + 1);
  let shown = text;
  let at = Math.max(0, start.column - 1);
  if (text.length > FRAME_COLUMNS) {
    // a long line (a generated list of spike times) is shown as a window around the span: printed
    // whole under each of its diagnostics, 50,000 warnings on a 500 kB line ran out of memory
    const from = at < FRAME_COLUMNS - 40 ? 0 : Math.min(at - 40, text.length - FRAME_COLUMNS);
    const to = from + FRAME_COLUMNS;
    const lead = from > 0 ? "…" : "";
    shown = lead + text.slice(from, to) + (to < text.length ? "…" : "");
    width = Math.max(1, Math.min(width, to - at));
    at = at - from + lead.length;
  }
  // the caret's indent keeps the line's tabs, so that it lines up wherever the tab stops are
  const indent = shown.slice(0, at).replace(/[^\t]/g, " ");
  const caret = indent + "^".repeat(width);
  const c = (x: string) => (color ? x : "");
  return [
    `${pad} ${c(styles.dim)}|${c(styles.reset)}`,
    `${gutter} ${c(styles.dim)}|${c(styles.reset)} ${visibleControls(shown)}`,
    `${pad} ${c(styles.dim)}|${c(styles.reset)} ${c(styles.error)}${caret}${c(styles.reset)}`,
  ];
}

/** One diagnostic as terminal text (several lines, no trailing newline). */
export function renderDiagnostic(
  files: FileLookup,
  d: Diagnostic,
  options: RenderOptions = {},
): string {
  const color = options.color ?? false;
  const c = (x: string) => (color ? x : "");
  const head = `${c(styles[d.severity])}${d.severity}[${d.code}]${c(styles.reset)}${c(styles.bold)}: ${d.message}${c(styles.reset)}`;
  const lines: string[] = [];
  if (d.span === NoSpan) {
    lines.push(`snnc: ${head}`);
  } else {
    lines.push(`${location(files, d.span)}: ${head}`);
    lines.push(...codeFrame(files, d.span, color));
  }
  for (const r of d.related ?? []) {
    lines.push(`  ${c(styles.info)}note${c(styles.reset)}: ${r.message}`);
    lines.push(`    at ${location(files, r.span)}`);
  }
  for (const n of d.notes ?? []) lines.push(`  ${c(styles.info)}note${c(styles.reset)}: ${n}`);
  return lines.join("\n");
}

/** The compact golden form: `line:col severity[code]: message`, plus indented notes. */
export function renderDiagnosticShort(files: FileLookup, d: Diagnostic): string {
  const where =
    d.span === NoSpan
      ? "-"
      : (() => {
          const { line, column } = lineColOf(files.get(d.span.file), d.span.start);
          return `${line}:${column}`;
        })();
  const lines = [`${where} ${d.severity}[${d.code}]: ${d.message}`];
  for (const r of d.related ?? []) {
    const f = files.get(r.span.file);
    const { line, column } = lineColOf(f, r.span.start);
    lines.push(`  note: ${r.message} (${f.path.split("/").pop()}:${line}:${column})`);
  }
  for (const n of d.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join("\n");
}

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly related: readonly { message: string; file: string; line: number; column: number }[];
  readonly notes: readonly string[];
}

/** The `--format json` shape of one diagnostic (1-based lines and columns). */
export function toJsonDiagnostic(files: FileLookup, d: Diagnostic): JsonDiagnostic {
  let file: string | null = null;
  let line: number | null = null;
  let column: number | null = null;
  let endLine: number | null = null;
  let endColumn: number | null = null;
  if (d.span !== NoSpan) {
    const f = files.get(d.span.file);
    file = f.path;
    ({ line, column } = lineColOf(f, d.span.start));
    ({ line: endLine, column: endColumn } = lineColOf(f, d.span.end));
  }
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file,
    line,
    column,
    endLine,
    endColumn,
    related: (d.related ?? []).map((r) => {
      const f = files.get(r.span.file);
      const lc = lineColOf(f, r.span.start);
      return { message: r.message, file: f.path, line: lc.line, column: lc.column };
    }),
    notes: d.notes ?? [],
  };
}
