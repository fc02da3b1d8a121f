/**
 * Small AST queries shared by the features: a child enumerator over every node kind (so a new
 * kind fails to compile here instead of being skipped silently), the declaration and block
 * around a cursor, and the path strings of `import`, `csv(...)` and `from_csv(...)`.
 */
import { assertNever } from "../../common/index.js";
import type {
  AstNode,
  Block,
  Decl,
  Expr,
  Item,
  SnnFile,
  Stmt,
  StringLit,
} from "../../grammar/index.js";

function exprChildren(e: Expr | Item): AstNode[] {
  switch (e.kind) {
    case "Number":
      return e.unit === undefined ? [] : [e.unit];
    case "String":
    case "Bool":
    case "Missing":
      return [];
    case "Ref":
      return e.member === undefined ? [e.name] : [e.name, e.member];
    case "Call":
      return [
        e.callee,
        ...e.args.flatMap((a) => (a.name === undefined ? [a.value] : [a.name, a.value])),
      ];
    case "Binary":
      return [e.left, e.right];
    case "Unary":
      return [e.operand];
    case "Paren":
      return [e.expr];
    case "Tuple":
    case "List":
      return [...e.elements];
    case "Range":
      return [e.from, e.to];
    default:
      return assertNever(e, "expression");
  }
}

function optional(b: Block | undefined): AstNode[] {
  return b === undefined ? [] : [b];
}

function declChildren(d: Decl): AstNode[] {
  switch (d.kind) {
    case "Import":
      return [d.path];
    case "Const":
      return [d.name, d.value];
    case "Model":
      return [d.name, d.base, ...optional(d.body)];
    case "Population":
      return [d.name, d.model, ...d.items, ...optional(d.body)];
    case "Connect":
      return [d.pre, d.post, ...optional(d.body)];
    case "Gap":
      return [d.a, d.b, ...optional(d.body)];
    case "Connectome":
      return [d.name, d.source, ...optional(d.body)];
    case "Plasticity":
      return [d.name, d.rule, ...optional(d.body)];
    case "Stimulus":
      return [d.name, d.stimulusKind, d.target, ...optional(d.body)];
    case "Record": {
      const t = d.target;
      const sels = t.kind === "Selections" ? [...t.selections] : [t.pre, t.post];
      return [d.what, ...sels, ...optional(d.body)];
    }
    case "Simulate":
      return [d.body];
    case "Target":
      return [d.name, ...optional(d.body)];
    default:
      return assertNever(d, "declaration");
  }
}

function stmtChildren(s: Stmt): AstNode[] {
  switch (s.kind) {
    case "Assign":
    case "Init":
      return [s.target, s.value];
    case "NestedBlock":
      return [s.name, s.block];
    default:
      return assertNever(s, "statement");
  }
}

/** The direct children of a node, in source order. */
export function childrenOf(node: AstNode): AstNode[] {
  switch (node.kind) {
    case "File":
      return [...node.decls];
    case "Block":
      return [...node.stmts];
    case "Assign":
    case "Init":
    case "NestedBlock":
      return stmtChildren(node);
    case "Selection":
      return [
        node.name,
        ...(node.member === undefined ? [] : [node.member]),
        ...(node.items ?? []),
      ];
    case "Ident":
    case "Unit":
      return [];
    case "Import":
    case "Const":
    case "Model":
    case "Population":
    case "Connect":
    case "Gap":
    case "Connectome":
    case "Plasticity":
    case "Stimulus":
    case "Record":
    case "Simulate":
    case "Target":
      return declChildren(node);
    default:
      return exprChildren(node);
  }
}

/** Calls `visit` on every node, parents before children. */
export function walk(node: AstNode, visit: (n: AstNode) => void): void {
  visit(node);
  for (const c of childrenOf(node)) walk(c, visit);
}

/** The top-level declaration whose span contains the offset (end inclusive, for typing at the end). */
export function declAt(ast: SnnFile, offset: number): Decl | undefined {
  return ast.decls.find((d) => d.span.start <= offset && offset <= d.span.end);
}

/**
 * The chain of blocks around an offset, outermost first (strictly inside the braces), with the
 * nested-block statements that own the inner ones (`chemical { ... }`).
 */
export function blocksAt(
  decl: Decl,
  offset: number,
): { block: Block; owner: string | undefined }[] {
  const out: { block: Block; owner: string | undefined }[] = [];
  const visit = (block: Block, owner: string | undefined): void => {
    if (!(block.span.start < offset && offset < block.span.end)) return;
    out.push({ block, owner });
    for (const s of block.stmts) if (s.kind === "NestedBlock") visit(s.block, s.name.name);
  };
  for (const c of childrenOf(decl)) if (c.kind === "Block") visit(c, undefined);
  return out;
}

/** A string naming a file, and the call or declaration it belongs to. */
export interface PathString {
  readonly value: string;
  readonly literal: StringLit;
}

/** Every file-naming string of a file: `import "x"`, `csv("x")`, `from_csv("x", ...)`. */
export function pathStrings(ast: SnnFile): PathString[] {
  const out: PathString[] = [];
  walk(ast, (n) => {
    if (n.kind === "Import") out.push({ value: n.path.value, literal: n.path });
    if (n.kind === "Call" && (n.callee.name === "csv" || n.callee.name === "from_csv")) {
      const first = n.args[0];
      if (first !== undefined && first.value.kind === "String" && first.name === undefined)
        out.push({ value: first.value.value, literal: first.value });
    }
  });
  return out;
}

/** The file-naming string under the cursor, if any. */
export function pathStringAt(ast: SnnFile, offset: number): PathString | undefined {
  return pathStrings(ast).find(
    (p) => p.literal.span.start <= offset && offset <= p.literal.span.end,
  );
}

/**
 * The innermost node satisfying `pred` that contains the offset, searched only inside the
 * top-level declaration there (so a hover costs one declaration, not the whole file).
 */
export function innermost<T extends AstNode>(
  ast: SnnFile,
  offset: number,
  pred: (n: AstNode) => n is T,
): T | undefined {
  const decl = declAt(ast, offset);
  if (decl === undefined) return undefined;
  let best: T | undefined;
  walk(decl, (n) => {
    const s = "span" in n ? n.span : undefined;
    if (s !== undefined && s.start <= offset && offset <= s.end && pred(n)) best = n;
  });
  return best;
}
