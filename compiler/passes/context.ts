/**
 * What every pass of the front end shares: the host that reads files, the source set, the
 * diagnostic sink and the symbol index the language server reads. Passes take plain data in and
 * return plain data; the only mutable things they touch are these collectors.
 */
import type { DiagnosticSink, SourceSet, Span } from "../../common/index.js";

/**
 * How the compiler reads files. Paths are absolute; the compiler itself never touches the file
 * system, so the CLI passes a node:fs host and the language server one backed by its documents.
 */
export interface CompilerHost {
  readFile(path: string): string | undefined;
}

export type SymbolKind =
  "const" | "model" | "population" | "member" | "connectome" | "plasticity" | "stimulus" | "param";

/** A declared name, for go-to-definition, hover (`detail` is markdown) and rename. */
export interface SymbolDecl {
  readonly id: number;
  readonly name: string;
  readonly kind: SymbolKind;
  readonly nameSpan: Span;
  readonly declSpan: Span;
  detail: string;
  readonly csv?: { readonly path: string; readonly line: number };
}

/** One use of a name (the declaration's own name included). */
export interface SymbolRef {
  readonly span: Span;
  readonly symbol: number;
}

/**
 * Collects symbols and references while the passes run. Details start empty and are filled in
 * once values are resolved (see passes/describe-symbols.ts).
 */
export class SymbolIndex {
  readonly symbols: SymbolDecl[] = [];
  readonly references: SymbolRef[] = [];
  /** Per symbol, the start offsets (tagged with the file) already referenced. */
  readonly #seen = new Map<number, Set<number>>();

  /**
   * Declares a symbol and records its name as its first reference. Connectome members (`csv`
   * given) have no name in the `.snn` text: their `nameSpan` is the connectome's name and they
   * get no reference there, so a click on the connectome's name finds the connectome only.
   */
  declare(
    name: string,
    kind: SymbolKind,
    nameSpan: Span,
    declSpan: Span,
    csv?: { path: string; line: number },
  ): number {
    const id = this.symbols.length;
    const s: SymbolDecl =
      csv === undefined
        ? { id, name, kind, nameSpan, declSpan, detail: "" }
        : { id, name, kind, nameSpan, declSpan, detail: "", csv };
    this.symbols.push(s);
    if (csv === undefined) this.reference(nameSpan, id);
    return id;
  }

  /** Records a use; the same span and symbol are recorded once. */
  reference(span: Span, symbol: number): void {
    let seen = this.#seen.get(symbol);
    if (seen === undefined) {
      seen = new Set();
      this.#seen.set(symbol, seen);
    }
    const key = span.start * 4096 + span.file;
    if (seen.has(key)) return;
    seen.add(key);
    this.references.push({ span, symbol });
  }

  /**
   * Sets a symbol's detail lazily: `make` runs on the first read of `detail` (a hover), so a
   * `snnc check` of a large file does not format thousands of hovers nobody reads.
   */
  describe(id: number, make: () => string): void {
    const s = this.get(id);
    let cached: string | undefined;
    Object.defineProperty(s, "detail", {
      get: () => (cached ??= make()),
      enumerable: true,
      configurable: true,
    });
  }

  get(id: number): SymbolDecl {
    const s = this.symbols[id];
    if (s === undefined) throw new Error(`internal error: no symbol ${id}`);
    return s;
  }
}

export interface PassContext {
  readonly host: CompilerHost;
  readonly sources: SourceSet;
  readonly diagnostics: DiagnosticSink;
  readonly symbols: SymbolIndex;
}

/** A pass: a named function from immutable input to new output (STYLE.md §5). */
export interface Pass<I, O> {
  readonly name: string;
  run(input: I, ctx: PassContext): O;
}
