/**
 * Incremental parsing for the language server: a file is split into top-level chunks (one
 * declaration each, with the comments and blank lines after it), each chunk is parsed on its own
 * and cached by its text, and only chunks whose text changed are parsed again. The result is
 * exactly what {@link parse} gives for the whole file (the differential tests in
 * test/compiler/incremental.test.ts check it after random edits).
 *
 * Why that is exact. A chunk starts at a line start whose first characters are a declaration
 * keyword, outside any comment or string (see {@link chunkStarts}); that choice is only a guess,
 * and correctness does not rest on it: a chunk is used on its own only if it lexes and parses
 * with no diagnostic at all. A clean chunk ends with a newline token (or the end of the file), so
 * no token of the whole file straddles its end, and the grammar matched all its brackets, so the
 * newline filter and the parser are at the top level of the file rule at its end, exactly as at
 * its start. The chunks before the first one that is not clean are therefore parsed as the
 * whole-file parse would (the lexer has no state across lines but comments and strings, and the
 * recovering parser the whole-file parse uses after an error anywhere reads clean input as the
 * fast parser does).
 *
 * A chunk that is not clean (a syntax error, as while typing) starts a broken region, which is
 * parsed together with the clean chunk after it, from its start with the whole file's offsets
 * ({@link parseRegion}). The region's result is used only if that next chunk comes out of it
 * exactly as it does alone (same tree, moved), every diagnostic and every declaration of the
 * region ends before the next chunk starts, and the newline filter is outside brackets there:
 * then the parser, which makes top-level declarations only in the file rule's loop, was back in
 * that loop at the next chunk's first token, having seen the same tokens as the whole-file parse
 * (error recovery looks ahead only until the first token it can resume at; had it skipped past
 * the next chunk's start, that chunk would be missing). The one piece of state a parse carries
 * past that point, whether it has counted a parser error (after which "not all input parsed"
 * errors are dropped as cascades), is passed on to the next region. If the check fails the
 * region takes in the next chunk and tries again, up to {@link maxBrokenSpan} chunks; after that,
 * and whenever the region reaches the last chunk, the text from the first broken chunk to the end
 * of the file is parsed in one piece.
 *
 * Spans: a chunk's tree is kept with the list of its span objects. When the chunk is found at
 * another offset than in the previous parse (text was inserted or deleted before it), its tree is
 * moved there by updating those spans in place, which is what makes an insertion cheap. So the
 * trees of a result are only valid until the next call of the same parser (see
 * {@link IncrementalParser}); a chunk that occurs twice gets a copy per occurrence.
 */
import {
  NoSpan,
  type Diagnostic,
  type FileId,
  type SourceFile,
  type Span,
} from "../common/index.js";
import type { Comment, Decl, SnnFile } from "./ast.js";
import { parse, parseRegion, type ParseResult } from "./parse.js";

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
 * declaration keyword, outside comments and strings. A cheap character scan that mirrors the
 * lexer's comments and strings. Brackets are not counted, so a brace left open while typing does
 * not join the rest of the file into one chunk; where the guess is wrong (a keyword at the start
 * of a line inside a block) the chunk does not parse cleanly and is handled as a broken region.
 */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      if (i < n && keywordAt(text, i)) starts.push(i);
      continue;
    }
    if (c === 47) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        let end = i + 2;
        while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
        i = end;
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
        if (s === 10 || s === 13) break;
        i += s === 92 && text.charCodeAt(i + 1) !== 10 ? 2 : 1;
      }
      continue;
    }
    i++;
  }
  return starts;
}

type MutableSpan = { -readonly [K in keyof Span]: Span[K] };

/** One occurrence of a chunk's tree: where it is, what it holds, and every span in it. */
interface Placement {
  file: FileId;
  offset: number;
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
  readonly spans: readonly MutableSpan[];
  /** The parse generation that uses this placement (0: none yet). */
  claimed: number;
}

/** What the cache keeps per distinct chunk text. */
interface ChunkEntry {
  /** False when the chunk alone did not parse cleanly (then nothing of it is reused). */
  readonly clean: boolean;
  /** Its trees, one per occurrence in the last parse that used it (at least one when clean). */
  placements: Placement[];
  /** The parse generation that parsed it. */
  readonly born: number;
  /** The last parse generation that looked it up. */
  used: number;
}

/** Every span object of a tree (spans are the objects with a numeric `file` and no `kind`). */
function spansOf(root: unknown): MutableSpan[] {
  const out = new Set<MutableSpan>();
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const r = v as Record<string, unknown>;
    if (isSpan(r)) {
      out.add(r);
      return;
    }
    for (const key in r) {
      const x = r[key];
      if (typeof x === "object" && x !== null) walk(x);
    }
  };
  walk(root);
  return [...out];
}

/** Spans are the only objects with a numeric `file`, `start` and `end` (nodes have a `kind`). */
function isSpan(r: Record<string, unknown>): r is Record<string, unknown> & MutableSpan {
  return typeof r["start"] === "number" && typeof r["file"] === "number" && !("kind" in r);
}

/** Copies a tree (spans included, unchanged): for a chunk that occurs more than once. */
function copyTree<T>(value: T): T {
  const copy = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
      return out;
    }
    const r = v as Record<string, unknown>;
    const out: Record<string, unknown> = { ...r }; // keeps the node's shape (fast to copy)
    for (const key in r) {
      const x = r[key];
      if (typeof x === "object" && x !== null) out[key] = copy(x);
    }
    return out;
  };
  return copy(value) as T;
}

/** Whether tree `a` is tree `b` with every span moved by `delta` into `file`. */
function equalShifted(a: unknown, b: unknown, delta: number, file: FileId): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null)
    return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalShifted(a[i], b[i], delta, file)) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  if (isSpan(rb))
    return (
      isSpan(ra) && ra.file === file && ra.start === rb.start + delta && ra.end === rb.end + delta
    );
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    if (!(k in rb) || !equalShifted(ra[k], rb[k], delta, file)) return false;
  }
  return true;
}

/** Cached chunks kept beyond the file's own while its text is broken (besides one per chunk). */
const keptExtraChunks = 64;

/** How many chunks a broken region may take before the parser falls back to a whole parse. */
const maxBrokenSpan = 4;

/** A broken chunk parsed with the next one (see the module comment): its part of the result. */
interface BrokenChunk {
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
  /** Parser errors it counted (the whole-file parse drops cascades after the first). */
  readonly parserErrors: number;
}

/**
 * Parses the broken chunk [start, boundary) with the clean chunk [boundary, end) after it, and
 * returns the broken chunk's part if the pair shows the whole-file parse is back at the top level
 * at `boundary` (see the module comment); undefined otherwise.
 */
function parseBroken(
  file: SourceFile,
  start: number,
  boundary: number,
  end: number,
  next: Placement,
  afterErrors: boolean,
): BrokenChunk | undefined {
  const pair = parseRegion(
    { id: file.id, path: file.path, text: file.text.slice(0, end) },
    start,
    boundary,
    afterErrors,
  );
  if (pair.depthAtBoundary !== 0) return undefined;
  const { ast, diagnostics } = pair.result;
  for (const d of diagnostics) if (d.span === NoSpan || d.span.end > boundary) return undefined;
  const split = <T extends { span: Span }>(items: readonly T[]) => {
    const before = items.filter((x) => x.span.start < boundary);
    const after = items.filter((x) => x.span.start >= boundary);
    return before.every((x) => x.span.end <= boundary) ? { before, after } : undefined;
  };
  const decls = split(ast.decls);
  const comments = split(ast.comments);
  if (decls === undefined || comments === undefined) return undefined;
  const delta = boundary - next.offset;
  if (!equalShifted(decls.after, next.decls, delta, file.id)) return undefined;
  if (!equalShifted(comments.after, next.comments, delta, file.id)) return undefined;
  return {
    decls: decls.before,
    comments: comments.before,
    diagnostics,
    parserErrors: pair.parserErrors,
  };
}

function makePlacement(
  file: FileId,
  offset: number,
  decls: readonly Decl[],
  comments: readonly Comment[],
): Placement {
  return { file, offset, decls, comments, spans: spansOf([decls, comments]), claimed: 0 };
}

/** Moves a placement's tree to `offset` in `file`, in place. */
function move(p: Placement, file: FileId, offset: number): void {
  const delta = offset - p.offset;
  for (const s of p.spans) {
    s.file = file;
    s.start += delta;
    s.end += delta;
  }
  p.file = file;
  p.offset = offset;
}

/**
 * A parser that remembers the chunks of the files it parsed (see the module comment). The trees
 * of a result may be moved by the next call (their spans updated in place), so a caller uses a
 * result until it parses again: the language server keeps one per document and replaces the
 * document's analysis on each compile.
 */
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
  /** Cached chunks found at another offset, moved there in place. */
  readonly moved: number;
  /** Cached chunks copied (a text that now occurs more often than before). */
  readonly copied: number;
  /** Broken chunks parsed with the chunk after them and kept (see the module comment). */
  readonly broken: number;
  /** Where the whole-parse fallback started (-1: none). */
  readonly tailFrom: number;
  /** Distinct chunk texts the cache holds for this file after the call. */
  readonly cached: number;
}

/**
 * Creates an incremental parser. It keeps, per file path, the chunks of the latest parse only
 * (so memory stays about one tree per file).
 */
export function createIncrementalParser(): IncrementalParser {
  const caches = new Map<string, Map<string, ChunkEntry>>();
  let generation = 0;
  let stats: IncrementalParseStats = {
    chunks: 0,
    parsed: 0,
    moved: 0,
    copied: 0,
    broken: 0,
    tailFrom: -1,
    cached: 0,
  };

  const parseChunk = (text: string, file: SourceFile): ChunkEntry => {
    const r = parse({ id: file.id, path: file.path, text });
    const clean = r.diagnostics.length === 0;
    return {
      clean,
      placements: clean ? [makePlacement(file.id, 0, r.ast.decls, r.ast.comments)] : [],
      born: generation,
      used: generation,
    };
  };

  const parseIncrementally = (file: SourceFile): ParseResult => {
    generation++;
    const text = file.text;
    const starts = chunkStarts(text);
    const old = caches.get(file.path);
    if (starts.length === 1) {
      caches.delete(file.path);
      stats = { chunks: 1, parsed: 1, moved: 0, copied: 0, broken: 0, tailFrom: 0, cached: 0 };
      return parse(file);
    }
    const next = new Map<string, ChunkEntry>();
    let parsed = 0;
    let moved = 0;
    let copied = 0;
    let tailFrom = -1;
    // 1. the cache entry of every chunk; broken chunks parsed with the next one, up to the first
    //    that cannot be (then everything from the first broken chunk on is parsed in one piece)
    const lookup = (start: number, end: number): ChunkEntry => {
      const chunk = text.slice(start, end);
      let entry = next.get(chunk) ?? old?.get(chunk);
      if (entry === undefined) {
        entry = parseChunk(chunk, file);
        parsed++;
      }
      entry.used = generation;
      next.set(chunk, entry);
      return entry;
    };
    const items: {
      start: number;
      entry?: ChunkEntry;
      placement?: Placement;
      broken?: BrokenChunk;
    }[] = [];
    let firstBroken = -1;
    let broken = 0;
    let parserErrors = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = starts[i + 1] ?? text.length;
      const entry = lookup(start, end);
      if (entry.clean) {
        items.push({ start, entry });
        continue;
      }
      // The broken region: this chunk, and up to three more if the parse of the region with the
      // chunk after it does not show the parser back at the top level there.
      let pair: BrokenChunk | undefined;
      let span = 1;
      for (; span <= maxBrokenSpan && pair === undefined; span++) {
        const boundary = starts[i + span];
        const after = starts[i + span + 1];
        if (boundary === undefined || after === undefined) break;
        const following = lookup(boundary, after);
        if (following.clean)
          pair = parseBroken(
            file,
            start,
            boundary,
            after,
            following.placements[0]!,
            parserErrors > 0,
          );
      }
      if (pair === undefined) {
        if (firstBroken >= 0) {
          tailFrom = items[firstBroken]!.start;
          items.length = firstBroken;
        } else tailFrom = start;
        break;
      }
      i += span - 2; // the loop's i++ then moves to the chunk after the region
      if (firstBroken < 0) firstBroken = items.length;
      broken++;
      parserErrors += pair.parserErrors;
      items.push({ start, broken: pair });
    }
    // 2. trees already where they belong
    const reused = items.filter(
      (x): x is { start: number; entry: ChunkEntry; placement?: Placement } =>
        x.entry !== undefined,
    );
    for (const item of reused) {
      const p = item.entry.placements.find(
        (x) => x.claimed !== generation && x.file === file.id && x.offset === item.start,
      );
      if (p === undefined) continue;
      p.claimed = generation;
      item.placement = p;
    }
    // 3. the others: move a tree the previous parse had elsewhere, or copy one
    for (const item of reused) {
      if (item.placement !== undefined) continue;
      const entry = item.entry;
      let p = entry.placements.find((x) => x.claimed !== generation);
      if (p === undefined) {
        const source = entry.placements[0]!;
        p = makePlacement(
          source.file,
          source.offset,
          copyTree(source.decls),
          copyTree(source.comments),
        );
        entry.placements.push(p);
        copied++;
      } else if (entry.born !== generation) moved++;
      move(p, file.id, item.start);
      p.claimed = generation;
      item.placement = p;
    }
    // 4. forget the occurrences this parse did not use
    for (const item of reused) {
      const entry = item.entry;
      if (entry.placements.some((x) => x.claimed !== generation))
        entry.placements = entry.placements.filter((x) => x.claimed === generation);
    }
    const decls: Decl[] = [];
    const comments: Comment[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const item of items) {
      const part = item.placement ?? item.broken;
      for (const d of part?.decls ?? []) decls.push(d);
      for (const c of part?.comments ?? []) comments.push(c);
      for (const d of item.broken?.diagnostics ?? []) diagnostics.push(d);
    }
    if (tailFrom >= 0) {
      const tail = parseRegion(file, tailFrom).result;
      for (const d of tail.ast.decls) decls.push(d);
      for (const c of tail.ast.comments) comments.push(c);
      for (const d of tail.diagnostics) diagnostics.push(d);
    }
    // While the text is broken, keep the most recently used of the previous chunks too (once the
    // error is fixed they may come back), up to about as many again as the file has.
    if ((tailFrom >= 0 || broken > 0) && old !== undefined) {
      const kept = [...old].filter(([t]) => !next.has(t)).sort((a, b) => b[1].used - a[1].used);
      const room = starts.length + keptExtraChunks;
      for (const [t, e] of kept.slice(0, Math.max(0, room))) next.set(t, e);
    }
    caches.set(file.path, next);
    // Brackets nested too deep make the whole-file parse read the file as empty (parse.ts), a
    // region's parse only the region: the whole file must be parsed as parse() would.
    const whole = diagnostics.some((d) => d.code === "brackets-too-deep");
    stats = {
      chunks: starts.length,
      parsed,
      moved,
      copied,
      broken,
      tailFrom: whole ? 0 : tailFrom,
      cached: next.size,
    };
    if (whole) return parse(file);
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
