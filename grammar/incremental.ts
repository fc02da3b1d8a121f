/**
 * Incremental parsing for the language server: a file is split into top-level chunks (one
 * declaration each, with the comments and blank lines after it), each chunk is parsed on its own
 * and cached by its text, and only chunks whose text changed are parsed again. The result is
 * exactly what {@link parse} gives for the whole file (the differential tests in
 * test/compiler/incremental.test.ts check it after random edits).
 *
 * Why that is exact. A chunk starts at a line start whose first characters are a declaration
 * keyword, outside any comment, string or bracket (see {@link chunkStarts}); that choice is only
 * a guess, and correctness does not rest on it: a chunk is used on its own only if it lexes and
 * parses with no diagnostic at all. A clean chunk ends with a newline token, so no token of the
 * whole file straddles its end, and its brackets balance, so the newline filter and the parser
 * are at the top level of the file rule at its end, exactly as at its start. The chunks before
 * the first one that is not clean are therefore parsed as the whole-file parse would, and from
 * that chunk to the end of the file the text is parsed in one piece with {@link parseFrom}
 * (error recovery may look arbitrarily far ahead, so nothing after an error is reused).
 *
 * Spans: a chunk is parsed at offset 0 and its tree moved to where the chunk now starts (a copy
 * with shifted spans, made once per new position and reused while the chunk stays there).
 */
import type { Diagnostic, FileId, SourceFile, Span } from "../common/index.js";
import type { Comment, Decl, SnnFile } from "./ast.js";
import { parse, parseFrom, type ParseResult } from "./parse.js";

/** The declaration keywords that may start a chunk (at the very start of a line). */
const chunkKeywords: readonly string[] = [
  "import",
  "const",
  "model",
  "population",
  "connectome",
  "connect",
  "gap",
  "plasticity",
  "stimulus",
  "record",
  "simulate",
  "target",
];

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 // 0-9 A-Z a-z _
  );
}

function keywordAt(text: string, at: number): boolean {
  for (const k of chunkKeywords) {
    if (text.startsWith(k, at) && !isWordChar(text.charCodeAt(at + k.length))) return true;
  }
  return false;
}

/**
 * Offsets where a top-level chunk starts (the first is 0): line starts that begin with a
 * declaration keyword, outside comments and strings and with every `(`, `[` and `{` before them
 * closed. A cheap character scan that mirrors the lexer's comments and strings; where it guesses
 * wrong the chunk does not parse cleanly and the parser falls back to a whole parse from there.
 */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      if (depth === 0 && i < n && keywordAt(text, i)) starts.push(i);
      continue;
    }
    if (c === 47) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        const end = text.indexOf("\n", i + 2);
        i = end < 0 ? n : end;
        continue;
      }
      if (next === 42) {
        const end = text.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
    } else if (c === 34) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 34) {
          i++;
          break;
        }
        if (s === 10) break;
        i += s === 92 && text.charCodeAt(i + 1) !== 10 ? 2 : 1;
      }
      continue;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    i++;
  }
  return starts;
}

/** A chunk's declarations and comments, with spans in some file at some offset. */
interface Placed {
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
}

/** What the cache keeps per distinct chunk text. */
interface ChunkEntry {
  /** Parsed at offset 0 (in file `file`); undefined when the chunk did not parse cleanly. */
  readonly relative: Placed | undefined;
  readonly file: FileId;
  /** Copies moved to `file:offset` positions, from the last parse that used this chunk. */
  placed: Map<string, Placed>;
  /** The parse generation that last used this entry (to start a fresh `placed` map). */
  generation: number;
  /** The parse generation that parsed it. */
  readonly born: number;
  previous: Map<string, Placed>;
}

/**
 * Copies a parsed tree with every span moved by `delta` and put in `file`. The parser shares no
 * object between two places of a tree, so a plain recursive copy keeps its shape.
 */
function shiftTree<T>(value: T, delta: number, file: FileId): T {
  const copy = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
      return out;
    }
    const r = v as Record<string, unknown>;
    if (isSpan(r)) return { file, start: r.start + delta, end: r.end + delta } satisfies Span;
    const out: Record<string, unknown> = { ...r }; // keeps the node's shape (fast to copy)
    for (const key in r) {
      const x = r[key];
      if (typeof x === "object" && x !== null) out[key] = copy(x);
    }
    return out;
  };
  return copy(value) as T;
}

/** Spans are the only objects with a numeric `file`, `start` and `end` (nodes have a `kind`). */
function isSpan(r: Record<string, unknown>): r is Record<string, unknown> & Span {
  return typeof r["start"] === "number" && typeof r["file"] === "number" && !("kind" in r);
}

/** A parser that remembers the chunks of the files it parsed (see the module comment). */
export interface IncrementalParser {
  /** Same result as {@link parse}, reusing the unchanged chunks of this path's last parse. */
  parse(file: SourceFile): ParseResult;
  /** How the last call went, for benchmarks and tests. */
  readonly lastStats: IncrementalParseStats;
}

export interface IncrementalParseStats {
  readonly chunks: number;
  /** Chunks parsed now (their text was not in the cache). */
  readonly parsed: number;
  /** Chunks whose tree was copied to a new position. */
  readonly moved: number;
  /** Where the whole-parse fallback started (-1: none). */
  readonly tailFrom: number;
}

/**
 * Creates an incremental parser. It keeps, per file path, the chunks of the latest parse only
 * (so memory stays about one tree per open file); the caller keeps one per workspace.
 */
export function createIncrementalParser(): IncrementalParser {
  const caches = new Map<string, Map<string, ChunkEntry>>();
  let generation = 0;
  let stats: IncrementalParseStats = { chunks: 0, parsed: 0, moved: 0, tailFrom: -1 };

  const entryFor = (
    old: Map<string, ChunkEntry> | undefined,
    next: Map<string, ChunkEntry>,
    text: string,
    file: SourceFile,
    counts: { parsed: number },
  ): ChunkEntry => {
    let entry = next.get(text) ?? old?.get(text);
    if (entry === undefined) {
      counts.parsed++;
      const r = parse({ id: file.id, path: file.path, text });
      entry = {
        relative:
          r.diagnostics.length === 0 ? { decls: r.ast.decls, comments: r.ast.comments } : undefined,
        file: file.id,
        placed: new Map(),
        previous: new Map(),
        generation,
        born: generation,
      };
    }
    if (entry.generation !== generation) {
      entry.previous = entry.placed;
      entry.placed = new Map();
      entry.generation = generation;
    }
    next.set(text, entry);
    return entry;
  };

  const place = (
    entry: ChunkEntry,
    relative: Placed,
    file: FileId,
    offset: number,
    counts: { moved: number },
  ): Placed => {
    const key = `${file}:${offset}`;
    let placed = entry.placed.get(key) ?? entry.previous.get(key);
    if (placed === undefined) {
      if (offset === 0 && file === entry.file) placed = relative;
      else {
        placed = shiftTree(relative, offset, file);
        if (entry.generation !== entry.born) counts.moved++;
      }
    }
    entry.placed.set(key, placed);
    return placed;
  };

  const parseIncrementally = (file: SourceFile): ParseResult => {
    generation++;
    const text = file.text;
    const starts = chunkStarts(text);
    const old = caches.get(file.path);
    if (starts.length === 1) {
      caches.delete(file.path);
      stats = { chunks: 1, parsed: 1, moved: 0, tailFrom: 0 };
      return parse(file);
    }
    const next = new Map<string, ChunkEntry>();
    const decls: Decl[] = [];
    const comments: Comment[] = [];
    let diagnostics: readonly Diagnostic[] = [];
    const counts = { parsed: 0, moved: 0 };
    let tailFrom = -1;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = starts[i + 1] ?? text.length;
      const entry = entryFor(old, next, text.slice(start, end), file, counts);
      if (entry.relative === undefined) {
        tailFrom = start;
        const tail = parseFrom(file, start);
        for (const d of tail.ast.decls) decls.push(d);
        for (const c of tail.ast.comments) comments.push(c);
        diagnostics = tail.diagnostics;
        // Keep the previous chunks: once the error is fixed they are likely to come back.
        if (old !== undefined) for (const [t, e] of old) if (!next.has(t)) next.set(t, e);
        break;
      }
      const placed = place(entry, entry.relative, file.id, start, counts);
      for (const d of placed.decls) decls.push(d);
      for (const c of placed.comments) comments.push(c);
    }
    caches.set(file.path, next);
    stats = { chunks: starts.length, parsed: counts.parsed, moved: counts.moved, tailFrom };
    const ast: SnnFile = {
      kind: "File",
      decls,
      comments,
      span: { file: file.id, start: 0, end: text.length },
    };
    return { ast, diagnostics };
  };

  return {
    parse: parseIncrementally,
    get lastStats() {
      return stats;
    },
  };
}
