/**
 * Pass: collect-declarations.
 *
 * Input: the {@link LoadedProgram} (modules in declaration order).
 * Output: {@link Declarations}: one namespace of named declarations (const, model, population,
 * connectome, plasticity, stimulus) plus the unnamed ones (connect, gap, record) in declaration
 * order, and the main file's simulate and target blocks.
 * Preconditions: load-modules ran; imported simulate/target blocks were already noted.
 * Reports: duplicate-name, unit-name-as-name, duplicate-member, member-is-constant,
 * duplicate-block.
 *
 * Names share one namespace across all modules; the first declaration in declaration order keeps
 * the name and later ones are errors that point at it. Member names of named populations are
 * declared as `member` symbols of their population.
 */
import type { Span } from "../../common/index.js";
import type {
  ConnectDecl,
  ConnectomeDecl,
  ConstDecl,
  Decl,
  GapDecl,
  Ident,
  ModelDecl,
  PlasticityDecl,
  PopulationDecl,
  RecordDecl,
  SimulateDecl,
  StimulusDecl,
  TargetDecl,
} from "../../grammar/ast.js";
import type { PassContext, SymbolKind } from "./context.js";
import { isUnitName, suggest } from "./deps.js";
import type { LoadedModule, LoadedProgram } from "./load-modules.js";

export type NamedNode =
  | { readonly kind: "const"; readonly decl: ConstDecl }
  | { readonly kind: "model"; readonly decl: ModelDecl }
  | { readonly kind: "population"; readonly decl: PopulationDecl }
  | { readonly kind: "connectome"; readonly decl: ConnectomeDecl }
  | { readonly kind: "plasticity"; readonly decl: PlasticityDecl }
  | { readonly kind: "stimulus"; readonly decl: StimulusDecl };

export interface DeclEntry {
  readonly name: string;
  readonly nameSpan: Span;
  readonly symbol: number;
  readonly node: NamedNode;
  readonly module: LoadedModule;
}

/**
 * A named declaration whose name was rejected (a unit name, or a name already taken): it is not
 * in the namespace and nothing can refer to it, but its own values are still checked.
 */
export interface RejectedDecl {
  readonly node: NamedNode;
  readonly module: LoadedModule;
}

/** A member name written in `MODEL[A, B, ...]`, with its symbol. */
export interface MemberDecl {
  readonly name: string;
  readonly span: Span;
  readonly symbol: number;
}

export interface Declarations {
  readonly byName: ReadonlyMap<string, DeclEntry>;
  /** Named declarations in declaration order (duplicates left out). */
  readonly entries: readonly DeclEntry[];
  /** Written member names per population name (named populations only). */
  readonly members: ReadonlyMap<string, readonly MemberDecl[]>;
  readonly connects: readonly ConnectDecl[];
  readonly gaps: readonly GapDecl[];
  readonly records: readonly RecordDecl[];
  readonly simulate: SimulateDecl | null;
  readonly targets: readonly TargetDecl[];
  /** Every declaration of every module, in declaration order. */
  readonly all: readonly Decl[];
  /** Names whose declaration was rejected (a unit name): their uses are not reported again. */
  readonly rejected: ReadonlySet<string>;
  /**
   * Declarations whose name was rejected, in declaration order: the passes check their values
   * (a constant's expression, a model's, population's, plasticity rule's or stimulus's block)
   * without adding them to anything, so their errors show with the name's.
   */
  readonly rejectedDecls: readonly RejectedDecl[];
  /**
   * An imported file could not be read (reported), so any name nothing declares may have been
   * declared there: unknown names are then not reported, as each would repeat that error.
   */
  readonly incomplete: boolean;
}

/** Collects the declarations of every module into one namespace. */
export function collectDeclarations(program: LoadedProgram, ctx: PassContext): Declarations {
  const byName = new Map<string, DeclEntry>();
  const entries: DeclEntry[] = [];
  const members = new Map<string, MemberDecl[]>();
  const connects: ConnectDecl[] = [];
  const gaps: GapDecl[] = [];
  const records: RecordDecl[] = [];
  const targets: TargetDecl[] = [];
  let simulate: SimulateDecl | null = null;
  const all: Decl[] = [];
  const rejected = new Set<string>();
  const rejectedDecls: RejectedDecl[] = [];

  const declare = (node: NamedNode, module: LoadedModule): void => {
    const ident = node.decl.name;
    if (ident.missing === true || ident.name === "") return;
    if (isUnitName(ident.name)) {
      ctx.diagnostics.report({
        code: "unit-name-as-name",
        span: ident.span,
        format: { name: ident.name, what: node.kind },
      });
      rejected.add(ident.name);
      rejectedDecls.push({ node, module });
      return;
    }
    const previous = byName.get(ident.name);
    if (previous !== undefined) {
      ctx.diagnostics.report({
        code: "duplicate-name",
        span: ident.span,
        format: { name: ident.name },
        related: [{ message: `'${ident.name}' is first defined here`, span: previous.nameSpan }],
      });
      rejectedDecls.push({ node, module });
      return;
    }
    const symbol = ctx.symbols.declare(ident.name, symbolKind(node), ident.span, node.decl.span);
    const entry: DeclEntry = { name: ident.name, nameSpan: ident.span, symbol, node, module };
    byName.set(ident.name, entry);
    entries.push(entry);
  };

  for (const module of program.modules) {
    for (const decl of module.ast.decls) {
      all.push(decl);
      switch (decl.kind) {
        case "Import":
          break;
        case "Const":
          declare({ kind: "const", decl }, module);
          break;
        case "Model":
          declare({ kind: "model", decl }, module);
          break;
        case "Population":
          declare({ kind: "population", decl }, module);
          break;
        case "Connectome":
          declare({ kind: "connectome", decl }, module);
          break;
        case "Plasticity":
          declare({ kind: "plasticity", decl }, module);
          break;
        case "Stimulus":
          declare({ kind: "stimulus", decl }, module);
          break;
        case "Connect":
          connects.push(decl);
          break;
        case "Gap":
          gaps.push(decl);
          break;
        case "Record":
          records.push(decl);
          break;
        case "Simulate":
          if (!module.isMain) break;
          if (simulate !== null) {
            ctx.diagnostics.report({
              code: "duplicate-block",
              span: decl.keyword,
              format: { block: "simulate" },
              related: [{ message: "the first simulate block", span: simulate.keyword }],
            });
          } else simulate = decl;
          break;
        case "Target":
          if (!module.isMain) break;
          targets.push(decl);
          break;
        default:
          assertNeverDecl(decl);
      }
    }
  }

  for (const entry of entries) {
    if (entry.node.kind !== "population") continue;
    const list = collectMembers(entry, byName, ctx);
    if (list !== null) members.set(entry.name, list);
  }
  return {
    byName,
    entries,
    members,
    connects,
    gaps,
    records,
    simulate,
    targets,
    all,
    rejected,
    rejectedDecls,
    incomplete: program.incomplete,
  };
}

function symbolKind(node: NamedNode): SymbolKind {
  return node.kind;
}

/**
 * The member names of `MODEL[A, B, ...]`: the population is named when its items are all plain
 * identifiers that are not constants (a lone constant is a size).
 */
function collectMembers(
  entry: DeclEntry,
  byName: ReadonlyMap<string, DeclEntry>,
  ctx: PassContext,
): MemberDecl[] | null {
  if (entry.node.kind !== "population") return null;
  const items = entry.node.decl.items;
  const idents: Ident[] = [];
  for (const item of items) {
    if (item.kind !== "Ref" || item.member !== undefined) return null;
    idents.push(item.name);
  }
  if (idents.length === 0) return null;
  if (idents.length === 1) {
    const only = idents[0];
    if (only !== undefined && byName.get(only.name)?.node.kind === "const") return null;
    if (only !== undefined && only.missing !== true) {
      const constants = [...byName.values()]
        .filter((e) => e.node.kind === "const")
        .map((e) => e.name);
      const near = suggest(only.name, constants);
      if (near !== undefined)
        ctx.diagnostics.report({
          code: "lone-member-name",
          span: only.span,
          format: { name: only.name, constant: near },
        });
    }
  }
  const seen = new Map<string, Span>();
  const out: MemberDecl[] = [];
  for (const ident of idents) {
    if (ident.missing === true) continue;
    const prior = seen.get(ident.name);
    if (prior !== undefined) {
      ctx.diagnostics.report({
        code: "duplicate-member",
        span: ident.span,
        format: { name: ident.name, population: entry.name },
        related: [{ message: `'${ident.name}' is first listed here`, span: prior }],
      });
      continue;
    }
    seen.set(ident.name, ident.span);
    if (isUnitName(ident.name)) {
      ctx.diagnostics.report({
        code: "unit-name-as-name",
        span: ident.span,
        format: { name: ident.name, what: "member" },
      });
    }
    const constant = byName.get(ident.name);
    if (constant?.node.kind === "const") {
      ctx.diagnostics.report({
        code: "member-is-constant",
        span: ident.span,
        format: { name: ident.name },
        related: [{ message: `constant '${ident.name}' is defined here`, span: constant.nameSpan }],
      });
    }
    const symbol = ctx.symbols.declare(ident.name, "member", ident.span, ident.span);
    out.push({ name: ident.name, span: ident.span, symbol });
  }
  return out;
}

function assertNeverDecl(decl: never): never {
  throw new Error(`internal error: unexpected declaration ${JSON.stringify(decl)}`);
}
