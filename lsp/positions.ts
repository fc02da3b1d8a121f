/**
 * LSP positions (0-based line, UTF-16 character) ↔ offsets in a source file. An editor ends a
 * line at "\n", "\r\n" or a lone "\r" (LSP 3.17, and so does VS Code), while the compiler's line
 * numbers (common/source.ts) count "\n" only, a lone CR being whitespace in the language. A
 * single CR anywhere, even in a comment, would shift every later position by a line, so the
 * server converts with the editor's line model, never with the compiler's.
 */
import type { Position } from "vscode-languageserver";
import { lineIndexAt, type SourceFile } from "../common/index.js";

const lineStartCache = new WeakMap<SourceFile, number[]>();

/** Offsets where the file's lines start, by the editor's line model. */
function lineStarts(file: SourceFile): number[] {
  let starts = lineStartCache.get(file);
  if (starts === undefined) {
    starts = [0];
    const text = file.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) starts.push(i + 1);
    }
    lineStartCache.set(file, starts);
  }
  return starts;
}

/** The offset where a line's text ends (before its line break). */
function lineEnd(file: SourceFile, starts: readonly number[], line: number): number {
  const next = starts[line + 1];
  if (next === undefined) return file.text.length;
  return next - (file.text[next - 2] === "\r" && file.text[next - 1] === "\n" ? 2 : 1);
}

/** The position of an offset (clamped to the file). */
export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  let pos = Math.max(0, Math.min(offset, file.text.length));
  // between the CR and the LF of a line break is no position of the editor's: the line's end
  // (a syntax error at a newline token in a CRLF file starts there, at the LF)
  if (file.text.charCodeAt(pos) === 10 && file.text.charCodeAt(pos - 1) === 13) pos--;
  const line = lineIndexAt(starts, pos);
  return { line, character: pos - starts[line]! };
}

/**
 * The offset of a position. A character past the end of its line means the line's end, and a
 * line past the last the file's end, as LSP prescribes (never a place on another line).
 */
export function offsetAt(file: SourceFile, position: Position): number {
  const starts = lineStarts(file);
  if (position.line >= starts.length) return file.text.length;
  const line = Math.max(0, position.line);
  const start = starts[line]!;
  return Math.min(start + Math.max(0, position.character), lineEnd(file, starts, line));
}
