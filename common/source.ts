/**
 * Source files and spans. A span is a pair of UTF-16 offsets into one file, end exclusive.
 * Line and column numbers (1-based) are computed lazily from a line-start table, so spans stay
 * cheap plain data through every pass.
 */

/** Index of a file in a {@link SourceSet}; stable for one compilation. */
export type FileId = number;

export interface Span {
  readonly file: FileId;
  readonly start: number;
  readonly end: number;
}

/** Marks a diagnostic that has no place in any source file (e.g. a CLI argument error). */
export const NoSpan = Symbol("NoSpan");
export type NoSpan = typeof NoSpan;

export interface SourceFile {
  readonly id: FileId;
  /** The path as the user gave it or as it was resolved (used in messages). */
  readonly path: string;
  readonly text: string;
}

export interface LineCol {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

const lineStartCache = new WeakMap<SourceFile, number[]>();

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartCache.get(file);
  if (starts === undefined) {
    starts = [0];
    const text = file.text;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    lineStartCache.set(file, starts);
  }
  return starts;
}

/**
 * The 0-based line that holds `offset`, given the ascending offsets where lines start (the first
 * being 0): the last start at or before it. Both line models use it, the compiler's (below) and
 * the editor's (lsp/positions.ts), which differ only in where a line starts.
 */
export function lineIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Converts a UTF-16 offset into a 1-based line and column. Offsets past the end clamp to it. */
export function lineColOf(file: SourceFile, offset: number): LineCol {
  const starts = lineStarts(file);
  const pos = Math.max(0, Math.min(offset, file.text.length));
  const line = lineIndexAt(starts, pos);
  return { line: line + 1, column: pos - (starts[line] ?? 0) + 1 };
}

/** Converts a 1-based line and column back into an offset (clamped to the file). */
export function offsetOf(file: SourceFile, line: number, column: number): number {
  const starts = lineStarts(file);
  const lineStart = starts[Math.max(0, Math.min(line - 1, starts.length - 1))] ?? 0;
  return Math.min(file.text.length, lineStart + Math.max(0, column - 1));
}

/** The text of the given 1-based line, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1];
  if (start === undefined) return "";
  const next = starts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, "");
}

/** The files of one compilation, addressed by {@link FileId}. */
export class SourceSet {
  readonly #files: SourceFile[] = [];
  readonly #byPath = new Map<string, SourceFile>();

  add(path: string, text: string): SourceFile {
    const existing = this.#byPath.get(path);
    if (existing !== undefined && existing.text === text) return existing;
    const file: SourceFile = { id: this.#files.length, path, text };
    this.#files.push(file);
    this.#byPath.set(path, file);
    return file;
  }

  get(id: FileId): SourceFile {
    const file = this.#files[id];
    if (file === undefined) throw new Error(`internal error: no source file with id ${id}`);
    return file;
  }

  byPath(path: string): SourceFile | undefined {
    return this.#byPath.get(path);
  }

  all(): readonly SourceFile[] {
    return this.#files;
  }
}

export function span(file: FileId, start: number, end: number): Span {
  return { file, start, end };
}

/** The smallest span covering both (same file assumed). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
