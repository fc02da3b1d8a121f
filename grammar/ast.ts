/**
 * The syntax tree of a `.snn` file: plain readonly data, discriminated by `kind`, every node with
 * its source span (UTF-16 offsets, end exclusive). Produced by cst-to-ast.ts; error recovery turns
 * what the parser had to invent into `Missing` nodes (zero-width spans) so later passes can skip
 * them without cascading errors. Comments are kept beside the tree for the formatter.
 */
import type { Span } from "../common/index.js";

export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
  /** True when the parser inserted it during recovery (name is ""). */
  readonly missing?: true;
  /**
   * True for a block key written as a string (`"5HT" = exc` in `signs { }`), for names that are
   * not identifiers; `name` is the string's value.
   */
  readonly quoted?: true;
}

export interface Comment {
  readonly kind: "LineComment" | "BlockComment";
  readonly text: string;
  readonly span: Span;
}

// ---------------------------------------------------------------- expressions

/** A unit written after a number: a product or quotient of unit names (`mV/ms`). */
export interface UnitExpr {
  readonly kind: "Unit";
  /** The unit as written, without spaces (`mV/ms`). */
  readonly text: string;
  readonly factors: readonly {
    readonly name: string;
    readonly power: 1 | -1;
    readonly span: Span;
  }[];
  readonly span: Span;
}

export interface NumberLit {
  readonly kind: "Number";
  readonly value: number;
  /** The digits as written (`1e-3`), for the formatter. */
  readonly text: string;
  readonly unit?: UnitExpr;
  readonly span: Span;
}

export interface StringLit {
  readonly kind: "String";
  /** The value with escapes resolved. */
  readonly value: string;
  readonly span: Span;
}

export interface BoolLit {
  readonly kind: "Bool";
  readonly value: boolean;
  readonly span: Span;
}

export interface RefExpr {
  readonly kind: "Ref";
  readonly name: Ident;
  /** `a.b` member access (e.g. a named neuron of a population); absent for a plain name. */
  readonly member?: Ident;
  readonly span: Span;
}

export interface CallArg {
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export interface CallExpr {
  readonly kind: "Call";
  readonly callee: Ident;
  readonly args: readonly CallArg[];
  readonly span: Span;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "**";

export interface BinaryExpr {
  readonly kind: "Binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: "Unary";
  readonly op: "+" | "-";
  readonly operand: Expr;
  readonly span: Span;
}

export interface ParenExpr {
  readonly kind: "Paren";
  readonly expr: Expr;
  readonly span: Span;
}

/** `(a, b)`: a pair, as in `from_list([(0, 3), (1, 2)])`. */
export interface TupleExpr {
  readonly kind: "Tuple";
  readonly elements: readonly Expr[];
  readonly span: Span;
}

export interface ListExpr {
  readonly kind: "List";
  readonly elements: readonly Expr[];
  readonly span: Span;
}

/** Stands where the parser expected an expression and found none. */
export interface MissingExpr {
  readonly kind: "Missing";
  readonly span: Span;
}

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | RefExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | TupleExpr
  | ListExpr
  | MissingExpr;

// ---------------------------------------------------------------- selections

/** `a..b` inside `[...]`: an inclusive index range. */
export interface RangeItem {
  readonly kind: "Range";
  readonly from: Expr;
  readonly to: Expr;
  readonly span: Span;
}

/**
 * One entry of `[...]` after a population or model: a member name (`Ref`), a glob pattern
 * (`String`), an index or size (`Number`, or an expression naming a constant), or a range.
 */
export type Item = RangeItem | Expr;

/** `pop`, `pop.MEMBER` or `pop[items]`. */
export interface Selection {
  readonly kind: "Selection";
  readonly name: Ident;
  readonly member?: Ident;
  readonly items?: readonly Item[];
  readonly span: Span;
}

// ---------------------------------------------------------------- blocks

/** `name = value`, `name.MEMBER = value`, `name[items] = value`, optionally `per_synapse`. */
export interface AssignStmt {
  readonly kind: "Assign";
  readonly target: Selection;
  readonly value: Expr;
  readonly perSynapse: boolean;
  readonly span: Span;
}

export interface InitStmt {
  readonly kind: "Init";
  readonly target: Selection;
  readonly value: Expr;
  readonly span: Span;
}

/** `chemical { ... }`, `kinds { ... }`, `signs { ... }`. */
export interface NestedBlockStmt {
  readonly kind: "NestedBlock";
  readonly name: Ident;
  readonly block: Block;
  readonly span: Span;
}

export type Stmt = AssignStmt | InitStmt | NestedBlockStmt;

export interface Block {
  readonly kind: "Block";
  readonly stmts: readonly Stmt[];
  readonly span: Span;
}

// ---------------------------------------------------------------- declarations

export interface ImportDecl {
  readonly kind: "Import";
  readonly path: StringLit;
  readonly span: Span;
}

export interface ConstDecl {
  readonly kind: "Const";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export interface ModelDecl {
  readonly kind: "Model";
  readonly name: Ident;
  readonly base: Ident;
  readonly body?: Block;
  readonly span: Span;
}

export interface PopulationDecl {
  readonly kind: "Population";
  readonly name: Ident;
  readonly model: Ident;
  /** A size (one item) or member names. */
  readonly items: readonly Item[];
  readonly body?: Block;
  readonly span: Span;
}

export interface ConnectDecl {
  readonly kind: "Connect";
  readonly pre: Selection;
  readonly post: Selection;
  readonly body?: Block;
  readonly span: Span;
}

export interface GapDecl {
  readonly kind: "Gap";
  readonly a: Selection;
  readonly b: Selection;
  readonly body?: Block;
  readonly span: Span;
}

export interface ConnectomeDecl {
  readonly kind: "Connectome";
  readonly name: Ident;
  readonly source: Expr;
  readonly body?: Block;
  readonly span: Span;
}

export interface PlasticityDecl {
  readonly kind: "Plasticity";
  readonly name: Ident;
  readonly rule: Ident;
  readonly body?: Block;
  readonly span: Span;
}

export interface StimulusDecl {
  readonly kind: "Stimulus";
  readonly name: Ident;
  readonly stimulusKind: Ident;
  readonly target: Selection;
  readonly body?: Block;
  readonly span: Span;
}

export type RecordTarget =
  | { readonly kind: "Selections"; readonly selections: readonly Selection[]; readonly span: Span }
  | {
      readonly kind: "Projection";
      readonly pre: Selection;
      readonly post: Selection;
      readonly span: Span;
    };

export interface RecordDecl {
  readonly kind: "Record";
  readonly what: Ident;
  readonly target: RecordTarget;
  readonly body?: Block;
  readonly span: Span;
}

export interface SimulateDecl {
  readonly kind: "Simulate";
  /** The `simulate` keyword, for locations. */
  readonly keyword: Span;
  readonly body: Block;
  readonly span: Span;
}

export interface TargetDecl {
  readonly kind: "Target";
  readonly name: Ident;
  readonly body?: Block;
  readonly span: Span;
}

export type Decl =
  | ImportDecl
  | ConstDecl
  | ModelDecl
  | PopulationDecl
  | ConnectDecl
  | GapDecl
  | ConnectomeDecl
  | PlasticityDecl
  | StimulusDecl
  | RecordDecl
  | SimulateDecl
  | TargetDecl;

export interface SnnFile {
  readonly kind: "File";
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

export type AstNode = SnnFile | Decl | Stmt | Block | Expr | Item | Selection | Ident | UnitExpr;
