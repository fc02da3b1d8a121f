/**
 * `parse(file)`: source text → AST and every syntax diagnostic. Never throws on any input: lexer
 * errors, parser errors (with Chevrotain's recovery) and statements run together on one line
 * are all reported, and the tree is still built with `Missing` nodes where text was absent.
 */
import type { ILexingResult, IRecognitionException, IToken, TokenType } from "chevrotain";
import { createDiagnostic, type Diagnostic, type SourceFile, type Span } from "../common/index.js";
import type { Comment, SnnFile } from "./ast.js";
import { AstBuilder } from "./cst-to-ast.js";
import { recoveringParser, snnFastParser } from "./parser.js";
import * as T from "./tokens.js";
import { isUnitName } from "./unit-names.js";

export interface ParseResult {
  readonly ast: SnnFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Tokens after which a newline ends a statement (SPEC §1). */
const statementEnders = new Set([
  T.Identifier,
  T.NumberLiteral,
  T.Unit,
  T.StringLiteral,
  T.RParen,
  T.RBracket,
  T.RBrace,
  T.True,
  T.False,
]);

/**
 * Drops the newlines that are whitespace (SPEC §1): inside ( ) or [ ], after a token that cannot
 * end a statement, and directly before `{`. The rest separate statements.
 */
export function filterNewlines(tokens: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    depth = bracketDepthAfter(type, depth);
    if (type !== T.Newline) {
      out.push(t);
      continue;
    }
    if (depth > 0) continue;
    const previous = out[out.length - 1];
    if (previous === undefined || !statementEnders.has(previous.tokenType)) continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j]!.tokenType === T.Newline) j++;
    if (tokens[j]?.tokenType === T.LBrace) continue;
    out.push(t);
    i = j - 1; // a run of newlines counts as one
  }
  return out;
}

/** The `(`/`[` nesting depth after a token of this type (a stray closer leaves it at 0). */
function bracketDepthAfter(type: TokenType, depth: number): number {
  if (type === T.LParen || type === T.LBracket) return depth + 1;
  if ((type === T.RParen || type === T.RBracket) && depth > 0) return depth - 1;
  return depth;
}

/** Bracket levels the parser takes; each costs it several stack frames. */
const MAX_BRACKET_DEPTH = 200;

/** The first opening bracket past {@link MAX_BRACKET_DEPTH} levels, if any. */
function firstTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) {
      depth++;
      if (depth > MAX_BRACKET_DEPTH) return t;
    } else if ((type === T.RParen || type === T.RBracket || type === T.RBrace) && depth > 0)
      depth--;
  }
  return undefined;
}

function tokenSpan(file: SourceFile, t: IToken | undefined): Span {
  if (t === undefined || !Number.isFinite(t.startOffset)) {
    return { file: file.id, start: file.text.length, end: file.text.length };
  }
  const end =
    t.endOffset !== undefined && Number.isFinite(t.endOffset)
      ? t.endOffset + 1
      : t.startOffset + t.image.length;
  return { file: file.id, start: t.startOffset, end };
}

function parserDiagnostic(
  file: SourceFile,
  e: IRecognitionException,
  tokens: readonly IToken[],
): Diagnostic {
  const token = e.token;
  const span = tokenSpan(file, token);
  // A unit name right after something that is not a number: say so instead of "unexpected name".
  if (token.tokenType === T.Identifier && isUnitName(token.image)) {
    const index = tokens.indexOf(token);
    const previous = index > 0 ? tokens[index - 1] : undefined;
    if (
      previous !== undefined &&
      previous.tokenType !== T.Newline &&
      previous.tokenType !== T.Semicolon
    ) {
      return createDiagnostic({
        code: "unit-after-non-number",
        span,
        format: { unit: token.image, found: `'${previous.image}'` },
      });
    }
  }
  return createDiagnostic({ code: "syntax-error", span, format: { message: e.message } });
}

/** Parses one file. Never throws. */
export function parse(file: SourceFile): ParseResult {
  return parseFrom(file, 0);
}

/**
 * Parses `file.text` from offset `from` (a line start) to its end as if it were a whole file,
 * with spans in the whole file's offsets: the incremental parser (incremental.ts) uses it for
 * the part of a file after its last declaration known to parse cleanly. `parseFrom(file, 0)` is
 * `parse(file)`.
 */
export function parseFrom(file: SourceFile, from: number): ParseResult {
  return parseRegion(file, from).result;
}

/**
 * {@link parseFrom} for the incremental parser (see incremental.ts). It also returns the bracket
 * depth the newline filter has just before `boundary` (an offset after `from`; 0 means a newline
 * there separates statements) and how many parser errors it counted. `afterErrors` says the
 * whole-file parse would already have counted parser errors before `from`, so "not all input
 * parsed" errors are cascades of those and are dropped, as in {@link parse}.
 */
export function parseRegion(
  file: SourceFile,
  from: number,
  boundary = file.text.length,
  afterErrors = false,
): { result: ParseResult; depthAtBoundary: number; parserErrors: number } {
  const diagnostics: Diagnostic[] = [];
  const lexed = T.snnLexer.tokenize(from === 0 ? file.text : file.text.slice(from));
  if (from !== 0) shiftLexed(lexed, from);
  for (const err of lexed.errors) {
    const span = { file: file.id, start: err.offset, end: err.offset + Math.max(1, err.length) };
    diagnostics.push(
      createDiagnostic({
        code: "invalid-character",
        span,
        format: { char: describeCharacter(file.text, err.offset) },
      }),
    );
  }
  const comments: Comment[] = [];
  for (const c of lexed.groups["comments"] ?? []) {
    const span = tokenSpan(file, c);
    if (c.tokenType === T.UnterminatedComment) {
      diagnostics.push(
        createDiagnostic({ code: "unterminated-comment", span: { ...span, end: span.start + 2 } }),
      );
    }
    comments.push({
      kind: c.tokenType === T.LineComment ? "LineComment" : "BlockComment",
      text: c.image,
      span,
    });
  }
  const tokens = lexed.tokens.map((t) => {
    if (t.tokenType !== T.UnterminatedString) return t;
    diagnostics.push(createDiagnostic({ code: "unterminated-string", span: tokenSpan(file, t) }));
    return {
      ...t,
      tokenType: T.StringLiteral,
      tokenTypeIdx: T.StringLiteral.tokenTypeIdx,
      image: t.image + '"',
    } as IToken;
  });
  let depthAtBoundary = 0;
  if (boundary < file.text.length)
    for (const t of tokens) {
      if (t.startOffset >= boundary) break;
      depthAtBoundary = bracketDepthAfter(t.tokenType, depthAtBoundary);
    }
  let significant = filterNewlines(tokens);
  const tooDeep = firstTooDeep(significant);
  if (tooDeep !== undefined) {
    diagnostics.push(
      createDiagnostic({
        code: "brackets-too-deep",
        span: tokenSpan(file, tooDeep),
        format: { limit: MAX_BRACKET_DEPTH },
      }),
    );
    significant = []; // parsed as an empty file: the parser would exhaust the stack
  }
  // Most files parse cleanly: try without recovery first, and re-parse with it on an error.
  snnFastParser.input = significant;
  let cst = snnFastParser.file();
  let parser = snnFastParser;
  if (snnFastParser.errors.length > 0) {
    parser = recoveringParser();
    parser.input = significant;
    cst = parser.file();
  }
  const seen = new Set<number>();
  let parserErrors = 0;
  for (const e of parser.errors) {
    // "Not all input parsed" after an earlier error is a cascade of that error, not news.
    const cascade =
      e.name === "NotAllInputParsedException" ||
      e.message.startsWith("Expected the end of the file");
    if (cascade && (parserErrors > 0 || afterErrors)) continue;
    parserErrors++;
    const d = parserDiagnostic(file, e, significant);
    const key = d.span === undefined || typeof d.span === "symbol" ? -1 : d.span.start;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  const ast = new AstBuilder(file.id, file.text.length).file(cst, comments, diagnostics.length > 0);
  checkSeparators(file, ast, significant, diagnostics);
  diagnostics.sort((a, b) => spanStart(a) - spanStart(b));
  return { result: { ast, diagnostics }, depthAtBoundary, parserErrors };
}

/** Moves every token, comment and lexer error of a lexed suffix by `delta` offsets. */
function shiftLexed(lexed: ILexingResult, delta: number): void {
  const move = (t: IToken): void => {
    t.startOffset += delta;
    if (t.endOffset !== undefined) t.endOffset += delta;
  };
  for (const t of lexed.tokens) move(t);
  for (const group of Object.values(lexed.groups)) for (const t of group) move(t);
  for (const e of lexed.errors) e.offset += delta;
}

function spanStart(d: Diagnostic): number {
  return typeof d.span === "symbol" ? -1 : d.span.start;
}

/** Reports two statements of one block written on one line with no `;` between them. */
function checkSeparators(
  file: SourceFile,
  ast: SnnFile,
  tokens: readonly IToken[],
  out: Diagnostic[],
): void {
  // Separator offsets in increasing order (tokens come sorted), searched by bisection.
  const separatorAt: number[] = [];
  for (const t of tokens) {
    if (t.tokenType === T.Semicolon || t.tokenType === T.Newline) separatorAt.push(t.startOffset);
  }
  const hasSeparatorBetween = (from: number, to: number) => {
    let lo = 0;
    let hi = separatorAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((separatorAt[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < separatorAt.length && (separatorAt[lo] ?? 0) < to;
  };
  const visit = (
    block: { stmts: readonly { span: Span; kind: string; block?: unknown }[] } | undefined,
  ) => {
    if (block === undefined) return;
    for (let i = 1; i < block.stmts.length; i++) {
      const prev = block.stmts[i - 1]!;
      const next = block.stmts[i]!;
      if (
        prev.span.end <= next.span.start &&
        !hasSeparatorBetween(prev.span.end, next.span.start)
      ) {
        out.push(
          createDiagnostic({
            code: "missing-separator",
            span: { file: file.id, start: next.span.start, end: next.span.start },
          }),
        );
      }
    }
    for (const s of block.stmts) {
      if (s.kind === "NestedBlock") visit((s as unknown as { block: { stmts: [] } }).block);
    }
  };
  for (const d of ast.decls) {
    if ("body" in d) visit(d.body);
  }
}

/**
 * The character at `offset` as a message shows it: quoted when it prints, else by its code point
 * (a NUL or a zero-width space between quotes reads as nothing at all).
 */
export function describeCharacter(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  if (code === 13)
    return "U+000D (a carriage return without a line feed: lines end with LF or CRLF)";
  const ch = String.fromCodePoint(code);
  // unit symbols people paste: the language spells its units in ASCII (SPEC §2)
  if (code === 0xb5 || code === 0x3bc) return `'${ch}' (micro is written 'u': 1 us, 2 uA)`;
  if (code === 0x2126 || code === 0x3a9) return `'${ch}' (ohms are written 'ohm': 100 Mohm)`;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return `'${ch}'`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
