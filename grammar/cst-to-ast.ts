/**
 * Turns Chevrotain's CST into the AST of ast.ts. This is the one place that normalises positions
 * (Chevrotain's `endOffset` is inclusive; spans are end-exclusive) and the one place that turns
 * what error recovery invented into `Missing` nodes with zero-width spans, so later passes never
 * see a half-built node.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { FileId, Span } from "../common/index.js";
import type * as A from "./ast.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && (e as IToken).image !== undefined;
}

function isRealToken(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

/** Builds AST nodes for one file. `fallbackOffset` positions Missing nodes when nothing better exists. */
export class AstBuilder {
  readonly #file: FileId;
  readonly #textLength: number;

  constructor(file: FileId, textLength: number) {
    this.#file = file;
    this.#textLength = textLength;
  }

  // ------------------------------------------------------------ spans

  #tokenSpan(t: IToken): Span {
    return {
      file: this.#file,
      start: t.startOffset,
      end: t.endOffset === undefined ? t.startOffset + t.image.length : t.endOffset + 1,
    };
  }

  #empty(at: number): Span {
    const pos = Math.max(0, Math.min(at, this.#textLength));
    return { file: this.#file, start: pos, end: pos };
  }

  /** Bounds already computed per CST node: each subtree is walked once (O(n) overall). */
  readonly #boundsCache = new WeakMap<CstNode, { first: IToken; last: IToken } | null>();

  /** First and last real token under a CST element, for its span. */
  #bounds(e: CstElement | undefined): { first: IToken; last: IToken } | undefined {
    if (e === undefined) return undefined;
    if (isToken(e)) return isRealToken(e) ? { first: e, last: e } : undefined;
    const cached = this.#boundsCache.get(e);
    if (cached !== undefined) return cached ?? undefined;
    const computed = this.#computeBounds(e);
    this.#boundsCache.set(e, computed ?? null);
    return computed;
  }

  #computeBounds(e: CstNode): { first: IToken; last: IToken } | undefined {
    let first: IToken | undefined;
    let last: IToken | undefined;
    for (const list of Object.values(e.children)) {
      for (const child of list ?? []) {
        const b = this.#bounds(child);
        if (b === undefined) continue;
        if (first === undefined || b.first.startOffset < first.startOffset) first = b.first;
        if (last === undefined || b.last.startOffset > last.startOffset) last = b.last;
      }
    }
    return first !== undefined && last !== undefined ? { first, last } : undefined;
  }

  #spanOf(e: CstElement | undefined, fallback: number): Span {
    // Chevrotain tracks each node's offsets as it parses; they are only missing or NaN where
    // recovery inserted a token, and then the tokens underneath are walked instead.
    if (e !== undefined && !isToken(e)) {
      const loc = e.location;
      if (
        loc !== undefined &&
        Number.isFinite(loc.startOffset) &&
        Number.isFinite(loc.endOffset ?? NaN)
      ) {
        return {
          file: this.#file,
          start: loc.startOffset,
          end: (loc.endOffset ?? loc.startOffset) + 1,
        };
      }
    }
    const b = this.#bounds(e);
    if (b === undefined) return this.#empty(fallback);
    const end = this.#tokenSpan(b.last).end;
    return { file: this.#file, start: b.first.startOffset, end };
  }

  #endOf(e: CstElement | undefined, fallback: number): number {
    if (e !== undefined && !isToken(e)) return this.#spanOf(e, fallback).end;
    const b = this.#bounds(e);
    return b === undefined ? fallback : this.#tokenSpan(b.last).end;
  }

  // ------------------------------------------------------------ accessors

  #tok(ctx: Children, name: string, i = 0): IToken | undefined {
    const t = ctx[name]?.[i];
    return isToken(t) && isRealToken(t) ? t : undefined;
  }

  #node(ctx: Children, name: string, i = 0): CstNode | undefined {
    const n = ctx[name]?.[i];
    return n !== undefined && !isToken(n) ? n : undefined;
  }

  #nodes(ctx: Children, name: string): CstNode[] {
    return (ctx[name] ?? []).filter((n): n is CstNode => !isToken(n));
  }

  #ident(t: IToken | undefined, fallback: number): A.Ident {
    if (t === undefined)
      return { kind: "Ident", name: "", span: this.#empty(fallback), missing: true };
    return { kind: "Ident", name: t.image, span: this.#tokenSpan(t) };
  }

  // ------------------------------------------------------------ file and declarations

  /** `recovered`: the parser reported errors, so spans may need nesting (see nestSpans). */
  file(cst: CstNode, comments: readonly A.Comment[], recovered = true): A.SnnFile {
    const decls: A.Decl[] = [];
    for (const d of this.#nodes(cst.children, "declaration")) {
      const decl = this.declaration(d);
      if (decl !== undefined) decls.push(decl);
    }
    const file: A.SnnFile = {
      kind: "File",
      decls,
      comments,
      span: { file: this.#file, start: 0, end: this.#textLength },
    };
    if (recovered) nestSpans(file, undefined);
    return file;
  }

  declaration(cst: CstNode): A.Decl | undefined {
    const [name, list] = Object.entries(cst.children)[0] ?? [];
    const node = list?.[0];
    if (name === undefined || node === undefined || isToken(node)) return undefined;
    const c = node.children;
    const span = this.#spanOf(node, 0);
    const after = (e: CstElement | undefined) => this.#endOf(e, span.end);
    const block = (): A.Block | undefined => {
      const b = this.#node(c, "block");
      return b === undefined ? undefined : this.block(b, span.end);
    };
    const withBody = <T extends object>(base: T): T & { body?: A.Block } => {
      const body = block();
      return body === undefined ? base : { ...base, body };
    };
    switch (name) {
      case "importDecl": {
        const t = this.#tok(c, "StringLiteral");
        const path: A.StringLit = t
          ? { kind: "String", value: unescapeString(t.image), span: this.#tokenSpan(t) }
          : { kind: "String", value: "", span: this.#empty(span.end) };
        return { kind: "Import", path, span };
      }
      case "constDecl":
        return {
          kind: "Const",
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          value: this.expression(this.#node(c, "expression"), span.end),
          span,
        };
      case "modelDecl":
        return withBody({
          kind: "Model" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          base: this.#ident(this.#tok(c, "Identifier", 1), after(c["Equals"]?.[0])),
          span,
        });
      case "populationDecl": {
        const itemsNode = this.#node(c, "items");
        return withBody({
          kind: "Population" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          model: this.#ident(this.#tok(c, "Identifier", 1), after(c["Equals"]?.[0])),
          items: itemsNode ? this.items(itemsNode) : [],
          span,
        });
      }
      case "connectDecl":
      case "gapDecl": {
        const sels = this.#nodes(c, "selection");
        const first = this.selection(sels[0], span.end);
        const second = this.selection(
          sels[1],
          after(c[name === "connectDecl" ? "Arrow" : "BiArrow"]?.[0]),
        );
        return name === "connectDecl"
          ? withBody({ kind: "Connect" as const, pre: first, post: second, span })
          : withBody({ kind: "Gap" as const, a: first, b: second, span });
      }
      case "connectomeDecl":
        return withBody({
          kind: "Connectome" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          source: this.expression(this.#node(c, "expression"), after(c["Equals"]?.[0])),
          span,
        });
      case "plasticityDecl":
        return withBody({
          kind: "Plasticity" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          rule: this.#ident(this.#tok(c, "Identifier", 1), after(c["Equals"]?.[0])),
          span,
        });
      case "stimulusDecl":
        return withBody({
          kind: "Stimulus" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          stimulusKind: this.#ident(this.#tok(c, "Identifier", 1), after(c["Equals"]?.[0])),
          target: this.selection(this.#node(c, "selection"), after(c["Arrow"]?.[0])),
          span,
        });
      case "recordDecl": {
        const sels = this.#nodes(c, "selection");
        const what = this.#ident(this.#tok(c, "Identifier"), span.end);
        const ofEnd = after(c["Of"]?.[0]);
        let target: A.RecordTarget;
        if (c["Arrow"] !== undefined) {
          const pre = this.selection(sels[0], ofEnd);
          const post = this.selection(sels[1], after(c["Arrow"][0]));
          target = { kind: "Projection", pre, post, span: joinSpan(pre.span, post.span) };
        } else {
          // a selection lost to recovery sits where the one before it ends
          const selections: A.Selection[] = [];
          for (const s of sels)
            selections.push(this.selection(s, selections.at(-1)?.span.end ?? ofEnd));
          if (selections.length === 0) selections.push(this.selection(undefined, ofEnd));
          const first = selections[0]!;
          const last = selections[selections.length - 1]!;
          target = { kind: "Selections", selections, span: joinSpan(first.span, last.span) };
        }
        return withBody({ kind: "Record" as const, what, target, span });
      }
      case "simulateDecl": {
        const kw = this.#tok(c, "Simulate");
        const b = this.#node(c, "block");
        return {
          kind: "Simulate",
          keyword: kw ? this.#tokenSpan(kw) : this.#empty(span.start),
          body: b
            ? this.block(b, span.end)
            : { kind: "Block", stmts: [], span: this.#empty(span.end) },
          span,
        };
      }
      case "targetDecl":
        return withBody({
          kind: "Target" as const,
          name: this.#ident(this.#tok(c, "Identifier"), span.end),
          span,
        });
      default:
        return undefined;
    }
  }

  // ------------------------------------------------------------ blocks

  block(cst: CstNode, fallback: number): A.Block {
    const span = this.#spanOf(cst, fallback);
    const stmts: A.Stmt[] = [];
    for (const s of this.#nodes(cst.children, "statement")) {
      const stmt = this.statement(s, span.end);
      if (stmt !== undefined) stmts.push(stmt);
    }
    return { kind: "Block", stmts, span };
  }

  statement(cst: CstNode, fallback: number): A.Stmt | undefined {
    const [name, list] = Object.entries(cst.children)[0] ?? [];
    const node = list?.[0];
    if (name === undefined || node === undefined || isToken(node)) return undefined;
    const c = node.children;
    const span = this.#spanOf(node, fallback);
    switch (name) {
      case "initStmt":
        return {
          kind: "Init",
          target: this.selection(this.#node(c, "selection"), span.end),
          value: this.expression(
            this.#node(c, "expression"),
            this.#endOf(c["Equals"]?.[0], span.end),
          ),
          span,
        };
      case "nestedBlock": {
        const b = this.#node(c, "block");
        return {
          kind: "NestedBlock",
          name: this.#ident(this.#tok(c, "Identifier"), span.start),
          block: b
            ? this.block(b, span.end)
            : { kind: "Block", stmts: [], span: this.#empty(span.end) },
          span,
        };
      }
      case "assignStmt": {
        const target = this.selection(this.#node(c, "lvalue"), span.start);
        if (target.name.missing) return undefined;
        return {
          kind: "Assign",
          target,
          value: this.expression(
            this.#node(c, "expression"),
            this.#endOf(c["Equals"]?.[0], span.end),
          ),
          perSynapse: this.#tok(c, "Identifier") !== undefined,
          span,
        };
      }
      default:
        return undefined;
    }
  }

  selection(cst: CstNode | undefined, fallback: number): A.Selection {
    if (cst === undefined) {
      return {
        kind: "Selection",
        name: this.#ident(undefined, fallback),
        span: this.#empty(fallback),
      };
    }
    const c = cst.children;
    const span = this.#spanOf(cst, fallback);
    // In an lvalue the key is a StatementKey token and the member an Identifier.
    const quotedKey = this.#tok(c, "StringLiteral");
    const isLvalue = c["StatementKey"] !== undefined || quotedKey !== undefined;
    const name: A.Ident =
      quotedKey !== undefined
        ? {
            kind: "Ident",
            name: unescapeString(quotedKey.image),
            span: this.#tokenSpan(quotedKey),
            quoted: true,
          }
        : this.#ident(
            isLvalue ? this.#tok(c, "StatementKey") : this.#tok(c, "Identifier"),
            span.start,
          );
    if (c["Dot"] !== undefined) {
      const member = isLvalue ? this.#tok(c, "Identifier") : this.#tok(c, "Identifier", 1);
      return { kind: "Selection", name, member: this.#ident(member, span.end), span };
    }
    const itemsNode = this.#node(c, "items");
    if (c["LBracket"] !== undefined) {
      return { kind: "Selection", name, items: itemsNode ? this.items(itemsNode) : [], span };
    }
    return { kind: "Selection", name, span };
  }

  items(cst: CstNode): A.Item[] {
    return this.#nodes(cst.children, "item").map((n) => {
      const exprs = this.#nodes(n.children, "expression");
      const span = this.#spanOf(n, 0);
      const from = this.expression(exprs[0], span.start);
      if (n.children["DotDot"] === undefined) return from;
      const to = this.expression(exprs[1], span.end);
      return { kind: "Range", from, to, span } satisfies A.RangeItem;
    });
  }

  // ------------------------------------------------------------ expressions

  expression(cst: CstNode | undefined, fallback: number): A.Expr {
    if (cst === undefined) return { kind: "Missing", span: this.#empty(fallback) };
    const c = cst.children;
    const operandNodes = this.#nodes(c, "operand");
    const ops = (c["BinaryOperator"] ?? []).filter(isRealToken as (e: CstElement) => e is IToken);
    // Precedence climbing over the flat run: + - (1) < * / (2) < ** (3, right-associative).
    // The recursion is one level per precedence level, never one per operator, so a run of
    // thousands of operators (1 + 1 + ..., 2 ** 2 ** ...) cannot exhaust the stack.
    let nextOperand = 0;
    let nextOp = 0;
    const operand = (at: number): A.Expr => this.operand(operandNodes[nextOperand++], at);
    /** operand { ** operand }, grouped from the right without recursing. */
    const power = (at: number): A.Expr => {
      const operands = [operand(at)];
      while (nextOp < ops.length && ops[nextOp]!.image === "**")
        operands.push(operand(this.#tokenSpan(ops[nextOp++]!).end));
      let right = operands.pop()!;
      for (let left = operands.pop(); left !== undefined; left = operands.pop())
        right = { kind: "Binary", op: "**", left, right, span: joinSpan(left.span, right.span) };
      return right;
    };
    const climb = (minPrecedence: number, at: number): A.Expr => {
      let left = power(at);
      while (nextOp < ops.length) {
        const token = ops[nextOp]!;
        const op = token.image as A.BinaryOp;
        const precedence = binaryPrecedence[op];
        if (precedence < minPrecedence) break;
        nextOp++;
        const right = climb(precedence + 1, this.#tokenSpan(token).end);
        left = { kind: "Binary", op, left, right, span: joinSpan(left.span, right.span) };
      }
      return left;
    };
    return climb(1, fallback);
  }

  operand(cst: CstNode | undefined, fallback: number): A.Expr {
    if (cst === undefined) return { kind: "Missing", span: this.#empty(fallback) };
    const c = cst.children;
    const sign = this.#tok(c, "Minus") ?? this.#tok(c, "Plus");
    const operand = this.primary(
      this.#node(c, "primary"),
      sign ? this.#tokenSpan(sign).end : fallback,
    );
    if (sign === undefined) return operand;
    return {
      kind: "Unary",
      op: sign.image === "-" ? "-" : "+",
      operand,
      span: joinSpan(this.#tokenSpan(sign), operand.span),
    };
  }

  primary(cst: CstNode | undefined, fallback: number): A.Expr {
    if (cst === undefined) return { kind: "Missing", span: this.#empty(fallback) };
    const c = cst.children;
    const span = this.#spanOf(cst, fallback);
    const num = this.#tok(c, "NumberLiteral");
    if (num !== undefined) {
      const unitTok = this.#tok(c, "Unit");
      const value = Number(num.image);
      if (unitTok === undefined) return { kind: "Number", value, text: num.image, span };
      return { kind: "Number", value, text: num.image, unit: this.unit(unitTok), span };
    }
    const str = this.#tok(c, "StringLiteral");
    if (str !== undefined) return { kind: "String", value: unescapeString(str.image), span };
    if (this.#tok(c, "True") !== undefined) return { kind: "Bool", value: true, span };
    if (this.#tok(c, "False") !== undefined) return { kind: "Bool", value: false, span };
    const call = this.#node(c, "nameOrCall");
    if (call !== undefined) return this.nameOrCall(call, fallback);
    const paren = this.#node(c, "parenthesised");
    if (paren !== undefined) {
      const exprs = this.#nodes(paren.children, "expression").map((e) =>
        this.expression(e, span.start + 1),
      );
      const pspan = this.#spanOf(paren, fallback);
      if (exprs.length === 1) return { kind: "Paren", expr: exprs[0]!, span: pspan };
      if (exprs.length === 0) return { kind: "Missing", span: this.#empty(pspan.start) };
      return { kind: "Tuple", elements: exprs, span: pspan };
    }
    const list = this.#node(c, "list");
    if (list !== undefined) {
      const lspan = this.#spanOf(list, fallback);
      const elements = this.#nodes(list.children, "expression").map((e) =>
        this.expression(e, lspan.start + 1),
      );
      return { kind: "List", elements, span: lspan };
    }
    return { kind: "Missing", span: this.#empty(fallback) };
  }

  nameOrCall(cst: CstNode, fallback: number): A.Expr {
    const c = cst.children;
    const span = this.#spanOf(cst, fallback);
    const name = this.#ident(this.#tok(c, "Identifier"), span.start);
    if (c["LParen"] !== undefined) {
      const args: A.CallArg[] = this.#nodes(c, "argument").map((a) => {
        const aspan = this.#spanOf(a, span.end);
        const argName = this.#tok(a.children, "Identifier");
        const value = this.expression(this.#node(a.children, "expression"), aspan.end);
        return argName === undefined
          ? { value, span: aspan }
          : { name: this.#ident(argName, aspan.start), value, span: aspan };
      });
      return { kind: "Call", callee: name, args, span };
    }
    if (c["Dot"] !== undefined) {
      return {
        kind: "Ref",
        name,
        member: this.#ident(this.#tok(c, "Identifier", 1), span.end),
        span,
      };
    }
    return { kind: "Ref", name, span };
  }

  unit(t: IToken): A.UnitExpr {
    const span = this.#tokenSpan(t);
    const factors: { name: string; power: 1 | -1; span: Span }[] = [];
    const re = /([*/]?)([A-Za-z][A-Za-z0-9]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t.image)) !== null) {
      const start = span.start + m.index + (m[1] ?? "").length;
      factors.push({
        name: m[2] ?? "",
        power: m[1] === "/" ? -1 : 1,
        span: { file: this.#file, start, end: start + (m[2] ?? "").length },
      });
    }
    return { kind: "Unit", text: t.image, factors, span };
  }
}

type MutableSpan = { file: FileId; start: number; end: number };

/**
 * Makes spans nest: a parent grows to cover its children, and a zero-width span that recovery
 * placed outside its parent moves to the parent's nearest edge. Runs once, before the tree is
 * handed out (the only place nodes are mutated).
 */
function nestSpans(node: unknown, parent: MutableSpan | undefined): void {
  if (Array.isArray(node)) {
    for (const n of node) nestSpans(n, parent);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  const own = record["span"] as MutableSpan | undefined;
  const here = own !== undefined && typeof own === "object" && "start" in own ? own : parent;
  const nested = own !== undefined && parent !== undefined && own !== parent;
  // A zero-width span (what recovery made up) outside its parent moves into it first, so that
  // its own children are then nested where it ends up.
  if (nested && own.start === own.end && (own.start < parent.start || own.start > parent.end)) {
    const at = own.start < parent.start ? parent.start : parent.end;
    own.start = at;
    own.end = at;
  }
  for (const key in record) {
    if (key === "span" || key === "keyword" || key === "comments") continue;
    nestSpans(record[key], here);
  }
  if (!nested) return;
  if (own.start < parent.start) parent.start = own.start;
  if (own.end > parent.end) parent.end = own.end;
}

const binaryPrecedence: Readonly<Record<A.BinaryOp, number>> = {
  "+": 1,
  "-": 1,
  "*": 2,
  "/": 2,
  "**": 3,
};

function joinSpan(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Resolves the `\"` and `\\` escapes of a string literal (others keep the character). */
export function unescapeString(image: string): string {
  const body = image.startsWith('"')
    ? image.slice(1, image.endsWith('"') && image.length > 1 ? -1 : undefined)
    : image;
  return body.replace(/\\(.)/g, "$1");
}
