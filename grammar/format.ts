/**
 * The `.snn` formatter shared by `snnc fmt`, the language server and the Prettier plugin. It
 * prints the AST in one canonical layout and keeps every comment. Rules, chosen so that
 * formatting is idempotent and never changes meaning (parse(format(src)) ≡ parse(src)):
 * - one declaration per line; a blank line between declarations, statements or comments is kept
 *   (at most one);
 * - a block stays on one line (`{ a = 1; b = 2 }`) when it was written on one line, holds no
 *   comment or nested block, and fits in the print width; otherwise one statement per line,
 *   indented by two spaces;
 * - single spaces around `=`, `->`, `<->` and binary operators (none around `**`'s operands'
 *   parentheses), after commas, and between a number and its unit (`20 ms`);
 * - comments stay before the declaration or statement they precede, or at the end of its line;
 *   a comment written inside a declaration's header or a statement goes to the end of its line,
 *   and onto lines of its own after a line comment or one that spans lines;
 * - line breaks are those of the file's first line (CRLF or LF), so a checkout with CRLF line ends
 *   stays formatted; a byte-order mark is kept.
 * A file with syntax errors is returned unchanged (formatting a half-parsed file could drop text).
 */
import type { SourceFile } from "../common/index.js";
import type * as A from "./ast.js";
import { parse, type ParseResult } from "./parse.js";

export interface FormatOptions {
  readonly printWidth?: number;
}

export interface FormatResult {
  readonly text: string;
  /** False when the source had syntax errors and was left as it was. */
  readonly formatted: boolean;
}

/** Formats source text; returns it unchanged when it has syntax errors. */
export function formatSource(text: string, options: FormatOptions = {}): FormatResult {
  const file: SourceFile = { id: 0, path: "<format>", text };
  return formatParsed(text, parse(file), options);
}

/** {@link formatSource} of a text already parsed (the language server's incremental parse). */
export function formatParsed(
  text: string,
  { ast, diagnostics }: ParseResult,
  options: FormatOptions = {},
): FormatResult {
  if (diagnostics.some((d) => d.severity === "error")) return { text, formatted: false };
  const printed = new Printer(text, ast.comments, options.printWidth ?? 100).file(ast);
  const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
  return { text: bom + printed.replace(/\n/g, lineBreakOf(text)), formatted: true };
}

/** One replacement of source offsets [start, end) by `text`. */
export interface FormatEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Formats the declarations that the source range [start, end] touches (an empty range: the one
 * it is in or at the edge of), as the whole-file format would print them, and the text between
 * them: one edit from the first one's start to the end of the last one's line comments, or null
 * when there is nothing to change (no such declaration, already formatted, or syntax errors).
 * Declarations are the unit: their layout does not depend on each other.
 */
export function formatRangeParsed(
  text: string,
  { ast, diagnostics }: ParseResult,
  start: number,
  end: number,
  options: FormatOptions = {},
): FormatEdit | null {
  if (diagnostics.some((d) => d.severity === "error")) return null;
  const printer = new Printer(text, ast.comments, options.printWidth ?? 100);
  const printed = printer.file(ast);
  const touched = printer.placed.filter((p) =>
    start === end
      ? p.sourceStart <= start && start <= p.sourceEnd
      : p.sourceStart < end && start < p.sourceEnd,
  );
  const first = touched[0];
  const last = touched[touched.length - 1];
  if (first === undefined || last === undefined) return null;
  const replacement = printed
    .slice(first.printedStart, last.printedEnd)
    .replace(/\n/g, lineBreakOf(text));
  if (replacement === text.slice(first.sourceStart, last.sourceEnd)) return null;
  return { start: first.sourceStart, end: last.sourceEnd, text: replacement };
}

/** The line break of a file's first line (CRLF or LF), which formatting keeps. */
function lineBreakOf(text: string): string {
  return /^[^\n]*\r\n/.test(text) ? "\r\n" : "\n";
}

/** Where a declaration (with the comments at the end of its line) is in the source and the output. */
interface Placed {
  readonly sourceStart: number;
  readonly sourceEnd: number;
  readonly printedStart: number;
  readonly printedEnd: number;
}

class Printer {
  readonly #text: string;
  readonly #comments: readonly A.Comment[];
  readonly #width: number;
  #next = 0;
  /** Filled by {@link file}: each declaration's place, in order. */
  readonly placed: Placed[] = [];

  constructor(text: string, comments: readonly A.Comment[], width: number) {
    this.#text = text;
    this.#comments = comments;
    this.#width = width;
  }

  /** Comments that start before `offset` and were not printed yet. */
  #takeBefore(offset: number): A.Comment[] {
    const out: A.Comment[] = [];
    while (this.#next < this.#comments.length && this.#comments[this.#next]!.span.start < offset) {
      out.push(this.#comments[this.#next]!);
      this.#next++;
    }
    return out;
  }

  /** Comments on the same line right after `offset` (before any newline). */
  #takeTrailing(offset: number): A.Comment[] {
    const out: A.Comment[] = [];
    let pos = offset;
    while (this.#next < this.#comments.length) {
      const c = this.#comments[this.#next]!;
      const gap = this.#text.slice(pos, c.span.start);
      if (!/^[ \t;]*$/.test(gap)) break;
      out.push(c);
      this.#next++;
      pos = c.span.end;
      if (c.kind === "LineComment" || c.text.includes("\n")) break;
    }
    return out;
  }

  /** Whether a comment starts in [start, end): a binary search, as blocks × comments adds up. */
  #hasCommentIn(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.#comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#comments[mid]!.span.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.#comments.length && this.#comments[lo]!.span.start < end;
  }

  #blankLineBefore(offset: number, previousEnd: number): boolean {
    return /\n[ \t]*\r?\n/.test(this.#text.slice(previousEnd, offset));
  }

  /**
   * Comments on lines of their own, keeping a blank line the source had between two of them or
   * between the last one and what follows at `next`.
   */
  #ownLines(comments: readonly A.Comment[], indent: string, next: number | undefined): string[] {
    const lines: string[] = [];
    comments.forEach((c, i) => {
      if (i > 0 && this.#blankLineBefore(c.span.start, comments[i - 1]!.span.end)) lines.push("");
      lines.push(...commentLines(c, indent));
    });
    const last = comments[comments.length - 1];
    if (last !== undefined && next !== undefined && this.#blankLineBefore(next, last.span.end))
      lines.push("");
    return lines;
  }

  file(ast: A.SnnFile): string {
    const lines: string[] = [];
    let previousEnd = 0;
    // Each declaration's output lines [first, end) and its source end (after its line comments).
    const declLines: {
      readonly first: number;
      readonly end: number;
      readonly sourceEnd: number;
    }[] = [];
    ast.decls.forEach((decl, i) => {
      const leading = this.#takeBefore(decl.span.start);
      if (i > 0 && this.#blankLineBefore(leading[0]?.span.start ?? decl.span.start, previousEnd))
        lines.push("");
      lines.push(...this.#ownLines(leading, "", decl.span.start));
      // Comments inside a declaration's header (before its block) go after it on their own lines.
      const printed = this.decl(decl, "");
      const trailing = this.#takeTrailing(decl.span.end);
      const first = lines.length;
      lines.push(...withTrailing(printed, trailing, ""));
      previousEnd = trailing[trailing.length - 1]?.span.end ?? decl.span.end;
      declLines.push({ first, end: lines.length, sourceEnd: previousEnd });
    });
    const rest = this.#takeBefore(Number.POSITIVE_INFINITY);
    if (
      rest.length > 0 &&
      ast.decls.length > 0 &&
      this.#blankLineBefore(rest[0]!.span.start, previousEnd)
    )
      lines.push("");
    lines.push(...this.#ownLines(rest, "", undefined));
    let dropped = 0;
    while (lines[dropped] === "") dropped++;
    // Each line's offset in the output, for the declarations' places.
    const offsets: number[] = [];
    let offset = 0;
    for (let k = dropped; k <= lines.length; k++) {
      offsets[k] = offset;
      offset += (lines[k]?.length ?? 0) + 1;
    }
    ast.decls.forEach((decl, i) => {
      const { first, end, sourceEnd } = declLines[i]!;
      this.placed.push({
        sourceStart: decl.span.start,
        sourceEnd,
        printedStart: offsets[first]!,
        printedEnd: offsets[end]! - 1,
      });
    });
    const kept = lines.slice(dropped);
    return kept.length === 0 ? "" : kept.join("\n") + "\n";
  }

  decl(d: A.Decl, indent: string): string {
    switch (d.kind) {
      case "Import":
        return `import ${str(d.path.value)}`;
      case "Const":
        return `const ${d.name.name} = ${this.expr(d.value)}`;
      case "Model":
        return this.withBody(`model ${d.name.name} = ${d.base.name}`, d.body, indent);
      case "Population":
        return this.withBody(
          `population ${d.name.name} = ${d.model.name}[${this.items(d.items)}]`,
          d.body,
          indent,
        );
      case "Connect":
        return this.withBody(
          `connect ${this.selection(d.pre)} -> ${this.selection(d.post)}`,
          d.body,
          indent,
        );
      case "Gap":
        return this.withBody(
          `gap ${this.selection(d.a)} <-> ${this.selection(d.b)}`,
          d.body,
          indent,
        );
      case "Connectome":
        return this.withBody(`connectome ${d.name.name} = ${this.expr(d.source)}`, d.body, indent);
      case "Plasticity":
        return this.withBody(`plasticity ${d.name.name} = ${d.rule.name}`, d.body, indent);
      case "Stimulus":
        return this.withBody(
          `stimulus ${d.name.name} = ${d.stimulusKind.name} -> ${this.selection(d.target)}`,
          d.body,
          indent,
        );
      case "Record": {
        const target =
          d.target.kind === "Projection"
            ? `${this.selection(d.target.pre)} -> ${this.selection(d.target.post)}`
            : d.target.selections.map((s) => this.selection(s)).join(", ");
        return this.withBody(`record ${d.what.name} of ${target}`, d.body, indent);
      }
      case "Simulate":
        return this.withBody("simulate", d.body, indent);
      case "Target":
        return this.withBody(`target ${d.name.name}`, d.body, indent);
    }
  }

  withBody(head: string, body: A.Block | undefined, indent: string): string {
    if (body === undefined) return head;
    // Comments between the header and the block's `{` move above the block's first line.
    return `${head} ${this.block(body, indent, head.length + indent.length)}`;
  }

  block(b: A.Block, indent: string, column: number): string {
    // Comments still pending from the header stay pending: the caller prints them after the line.
    if (b.stmts.length === 0 && !this.#hasCommentIn(b.span.start, b.span.end)) return "{ }";
    const source = this.#text.slice(b.span.start, b.span.end);
    const canInline =
      !source.includes("\n") &&
      !this.#hasCommentIn(b.span.start, b.span.end) &&
      b.stmts.every((s) => s.kind !== "NestedBlock");
    if (canInline) {
      const inline = `{ ${b.stmts.map((s) => this.stmt(s, indent)).join("; ")} }`;
      if (column + 1 + inline.length <= this.#width) return inline;
    }
    const inner = indent + "  ";
    const lines: string[] = ["{"];
    let previousEnd = b.span.start + 1;
    b.stmts.forEach((s, i) => {
      const leading = this.#takeBefore(s.span.start);
      if (i > 0 && this.#blankLineBefore(leading[0]?.span.start ?? s.span.start, previousEnd))
        lines.push("");
      lines.push(...this.#ownLines(leading, inner, s.span.start));
      const printed = inner + this.stmt(s, inner);
      const inside = this.#takeBefore(s.span.end);
      const trailing = [...inside, ...this.#takeTrailing(s.span.end)];
      lines.push(...withTrailing(printed, trailing, inner));
      previousEnd = trailing[trailing.length - 1]?.span.end ?? s.span.end;
    });
    const closing = this.#takeBefore(b.span.end);
    if (
      closing.length > 0 &&
      this.#blankLineBefore(closing[0]!.span.start, previousEnd) &&
      b.stmts.length > 0
    )
      lines.push("");
    lines.push(...this.#ownLines(closing, inner, undefined));
    lines.push(`${indent}}`);
    return lines.join("\n");
  }

  stmt(s: A.Stmt, indent: string): string {
    switch (s.kind) {
      case "Assign":
        return `${this.selection(s.target)} = ${this.expr(s.value)}${s.perSynapse ? " per_synapse" : ""}`;
      case "Init":
        return `init ${this.selection(s.target)} = ${this.expr(s.value)}`;
      case "NestedBlock":
        return `${s.name.name} ${this.block(s.block, indent, indent.length + s.name.name.length)}`;
    }
  }

  selection(s: A.Selection): string {
    const name = s.name.quoted ? str(s.name.name) : s.name.name;
    if (s.member !== undefined) return `${name}.${s.member.name}`;
    if (s.items !== undefined) return `${name}[${this.items(s.items)}]`;
    return name;
  }

  items(items: readonly A.Item[]): string {
    return items
      .map((i) => (i.kind === "Range" ? `${this.expr(i.from)}..${this.expr(i.to)}` : this.expr(i)))
      .join(", ");
  }

  /**
   * `left op right`, walked with a stack of its own: a run of thousands of operators
   * (1 + 1 + ..., 2 ** 2 ** ...) nests as deep, and recursion would exhaust the call stack.
   */
  binary(e: A.BinaryExpr): string {
    const parts: string[] = [];
    const pending: (A.Expr | string)[] = [e];
    for (let x = pending.pop(); x !== undefined; x = pending.pop()) {
      if (typeof x === "string") parts.push(x);
      else if (x.kind === "Binary") pending.push(x.right, ` ${x.op} `, x.left);
      else parts.push(this.expr(x));
    }
    return parts.join("");
  }

  expr(e: A.Expr): string {
    switch (e.kind) {
      case "Number":
        return e.unit === undefined ? e.text : `${e.text} ${e.unit.text}`;
      case "String":
        return str(e.value);
      case "Bool":
        return String(e.value);
      case "Ref":
        return e.member === undefined ? e.name.name : `${e.name.name}.${e.member.name}`;
      case "Call":
        return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name} = ` : "") + this.expr(a.value)).join(", ")})`;
      case "Binary":
        return this.binary(e);
      case "Unary":
        return `${e.op}${this.expr(e.operand)}`;
      case "Paren":
        return `(${this.expr(e.expr)})`;
      case "Tuple":
        return `(${e.elements.map((x) => this.expr(x)).join(", ")})`;
      case "List":
        return `[${e.elements.map((x) => this.expr(x)).join(", ")}]`;
      case "Missing":
        return "";
    }
  }
}

function str(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A comment's text with its line breaks as the printer writes them (LF; see formatSource). */
function commentText(c: A.Comment): string {
  return c.text.replace(/\r\n/g, "\n").trimEnd();
}

function commentLines(c: A.Comment, indent: string): string[] {
  if (c.kind === "LineComment") return [indent + commentText(c)];
  return commentText(c)
    .split("\n")
    .map((line, i) => (i === 0 ? indent + line.trimEnd() : line.trimEnd()));
}

/**
 * The printed line with its comments appended, as long as nothing follows a line comment or a
 * comment that spans lines (a line comment would swallow what follows it, and a multi-line one
 * ends a run that the next format would split): from there each comment takes its own line.
 */
function withTrailing(printed: string, trailing: readonly A.Comment[], indent: string): string[] {
  const lines = [printed];
  let lineEnded = false;
  for (const c of trailing) {
    if (lineEnded) lines.push(...commentLines(c, indent));
    else lines[lines.length - 1] += ` ${commentText(c)}`;
    lineEnded ||= c.kind === "LineComment" || c.text.includes("\n");
  }
  return lines;
}
