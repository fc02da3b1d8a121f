/**
 * Pass: load-modules.
 *
 * Input: the main file's absolute path, the host and the parser.
 * Output: {@link LoadedProgram}: every module once, in declaration order (a module's imports,
 * depth first in the order written, come before the module itself), each with its parsed AST.
 * Preconditions: none (this is the first pass).
 * Reports: file-not-found, import-cycle, imported-block-ignored, and the parser's diagnostics.
 *
 * Imports are relative to the importing file. A module joins the network once however many
 * paths import it; an import that closes a cycle is an error naming the whole chain.
 */
import { NoSpan, type Diagnostic, type SourceFile, type Span } from "../../common/index.js";
import type { ImportDecl, SnnFile } from "../../grammar/ast.js";
import type { PassContext } from "./context.js";
import { basenameOf, normalizePath, resolveRelative } from "./paths.js";

/** The parser, injected so this pass does not depend on the grammar's entry point. */
export type ParseFn = (file: SourceFile) => { ast: SnnFile; diagnostics: readonly Diagnostic[] };

export interface LoadedModule {
  readonly file: SourceFile;
  readonly ast: SnnFile;
  readonly isMain: boolean;
}

export interface LoadedProgram {
  /** Declaration order: imports first (depth first, in written order), the main file last. */
  readonly modules: readonly LoadedModule[];
  readonly main: LoadedModule | null;
  /** The parser's diagnostics (syntax errors), so later passes can avoid cascades near them. */
  readonly syntax: readonly Diagnostic[];
  /**
   * Whether an imported file could not be read (reported): its declarations are unknown, so a
   * name that nothing declares may be one of them.
   */
  readonly incomplete: boolean;
}

/** Loads the main file and everything it imports. */
export function loadModules(mainPath: string, parse: ParseFn, ctx: PassContext): LoadedProgram {
  const modules: LoadedModule[] = [];
  const done = new Map<string, LoadedModule | null>();
  const stack: { path: string; via: Span | null }[] = [];
  const syntax: Diagnostic[] = [];
  let incomplete = false;

  const visit = (path: string, via: ImportDecl | null): LoadedModule | null => {
    const onStack = stack.findIndex((s) => s.path === path);
    if (onStack >= 0 && via !== null) {
      const chain = [...stack.slice(onStack).map((s) => basenameOf(s.path)), basenameOf(path)];
      // Report at the cycle's first import (in the outermost file of the cycle), with the rest
      // of the chain as notes, so the error shows where the user entered the cycle.
      const edges = [
        ...stack.slice(onStack + 1).map((s) => ({ path: s.path, span: s.via })),
        { path, span: via.path.span },
      ];
      const [first, ...rest] = edges;
      ctx.diagnostics.report({
        code: "import-cycle",
        span: first?.span ?? via.path.span,
        format: { chain: chain.join(" -> ") },
        related: rest.flatMap((e) =>
          e.span === null
            ? []
            : [{ message: `'${basenameOf(e.path)}' imported here`, span: e.span }],
        ),
      });
      return null;
    }
    if (done.has(path)) return done.get(path) ?? null;
    const text = ctx.host.readFile(path);
    if (text === undefined) {
      ctx.diagnostics.report({
        code: "import-not-found",
        span: via === null ? NoSpan : via.path.span,
        format: { path: via === null ? path : via.path.value },
      });
      incomplete = true;
      done.set(path, null);
      return null;
    }
    const file = ctx.sources.add(path, text);
    const parsed = parse(file);
    ctx.diagnostics.addAll(parsed.diagnostics);
    syntax.push(...parsed.diagnostics);
    stack.push({ path, via: via === null ? null : via.path.span });
    for (const decl of parsed.ast.decls) {
      if (decl.kind !== "Import") continue;
      if (decl.path.value === "") {
        // a missing path was reported by the parser; a written "" names no file
        if (decl.path.span.end - decl.path.span.start >= 2)
          ctx.diagnostics.report({
            code: "import-not-found",
            span: decl.path.span,
            format: { path: "" },
          });
        incomplete = true;
        continue;
      }
      visit(resolveRelative(path, decl.path.value), decl);
    }
    stack.pop();
    const module: LoadedModule = { file, ast: parsed.ast, isMain: via === null };
    if (!module.isMain) reportIgnoredBlocks(module, ctx);
    modules.push(module);
    done.set(path, module);
    return module;
  };

  const main = visit(normalizePath(mainPath), null);
  return { modules, main, syntax, incomplete };
}

function reportIgnoredBlocks(module: LoadedModule, ctx: PassContext): void {
  for (const decl of module.ast.decls) {
    if (decl.kind === "Simulate" || decl.kind === "Target") {
      const block = decl.kind === "Simulate" ? "simulate" : "target";
      const span =
        decl.kind === "Simulate" ? decl.keyword : { ...decl.span, end: decl.name.span.end };
      ctx.diagnostics.report({
        code: "imported-block-ignored",
        span,
        format: { block, file: basenameOf(module.file.path) },
      });
    }
  }
}
