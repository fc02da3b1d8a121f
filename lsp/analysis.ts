/**
 * One analysis = one `compile()` of an open document as the main file, plus the lookups every
 * feature needs: span ↔ LSP range, the symbol reference under a cursor, all references of a
 * symbol. The compiler's `symbols`/`references` index is the single source of truth for names;
 * the server never resolves names a second time.
 */
import type { Location, Range } from "vscode-languageserver";
import type { Diagnostic, FileId, SourceFile, Span } from "../common/index.js";
import type { CompileResult, SymbolDecl, SymbolRef } from "../compiler/index.js";
import type { SnnFile } from "../grammar/index.js";
import { positionAt } from "./positions.js";
import { pathToUri } from "./uri.js";

export { offsetAt, positionAt } from "./positions.js";

/** A compiled document and where its inputs stood when it was compiled (for cache checks). */
export interface Analysis {
  /** Absolute path of the main file (the document). */
  readonly path: string;
  readonly result: CompileResult;
  /** The compiler's diagnostics, then those of the host's network checks (backend limits). */
  readonly diagnostics: readonly Diagnostic[];
  /** The main file as compiled; undefined only if the compiler could not read it. */
  readonly file: SourceFile | undefined;
  readonly ast: SnnFile | undefined;
  /** Every path the compiler read, with the stamp of the open document it saw (-1: read from disk). */
  readonly inputs: ReadonlyMap<string, number>;
  /** The disk generation (bumped when watched files change) at compile time. */
  readonly diskGeneration: number;
  /** How long the compile took (ms, wall clock): the server's debounce adapts to it. */
  readonly compileMs: number;
}

export function rangeOf(file: SourceFile, start: number, end: number): Range {
  return { start: positionAt(file, start), end: positionAt(file, end) };
}

/** The LSP range of a span in its own file. */
export function spanRange(result: CompileResult, span: Span): Range {
  return rangeOf(result.sources.get(span.file), span.start, span.end);
}

export function spanLocation(result: CompileResult, span: Span): Location {
  return { uri: pathToUri(result.sources.get(span.file).path), range: spanRange(result, span) };
}

/** The file id of a path in this compilation, if the compiler read it as source. */
export function fileIdOf(a: Analysis, path: string): FileId | undefined {
  return a.result.sources.byPath(path)?.id;
}

/**
 * The reference whose span touches `offset` (a cursor right after a name still counts); the
 * narrowest wins when spans nest (e.g. `worm.AVAL`).
 */
export function referenceAt(a: Analysis, offset: number): SymbolRef | undefined {
  const id = a.file?.id;
  if (id === undefined) return undefined;
  let best: SymbolRef | undefined;
  for (const r of a.result.references) {
    if (r.span.file !== id || offset < r.span.start || offset > r.span.end) continue;
    if (best === undefined || r.span.end - r.span.start < best.span.end - best.span.start) best = r;
  }
  return best;
}

export function symbolOf(a: Analysis, ref: SymbolRef): SymbolDecl | undefined {
  return a.result.symbols[ref.symbol];
}

/** Every reference of a symbol, the declaration's own name included, in file then offset order. */
export function referencesOf(a: Analysis, symbol: number): SymbolRef[] {
  return a.result.references
    .filter((r) => r.symbol === symbol)
    .sort((x, y) => x.span.file - y.span.file || x.span.start - y.span.start);
}

/** The text a span covers. */
export function spanText(a: Analysis, span: Span): string {
  return a.result.sources.get(span.file).text.slice(span.start, span.end);
}

/** The AST of the main file, if it was parsed. */
export function mainAst(result: CompileResult, file: SourceFile | undefined): SnnFile | undefined {
  return file === undefined ? undefined : result.files.get(file.id);
}
