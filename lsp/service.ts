/**
 * The language service: open documents, their analyses (one compile per document, cached until
 * an input changes, by the document's own incremental compiler, which gives exactly what
 * `compile()` gives but parses again only the declarations an edit changed), and one method per
 * LSP feature, each delegating to lsp/features/.
 * It reaches files only through {@link LanguageServiceHost} (never node:fs), so the same service
 * runs behind the stdio server, in tests, and later in a web worker.
 */
import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  Diagnostic as LspDiagnostic,
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  SelectionRange,
  SemanticTokens,
  SignatureHelp,
  SymbolInformation,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, SourceFile } from "../common/index.js";
import {
  createIncrementalCompiler,
  type CompilerHost,
  type IncrementalCompiler,
} from "../compiler/index.js";
import type { Network } from "../compiler/ir/index.js";
import { parse, type ParseResult } from "../grammar/index.js";
import { mainAst, offsetAt, type Analysis } from "./analysis.js";
import { codeActions } from "./features/code-actions.js";
import { completion } from "./features/completion.js";
import { definition, documentHighlights, references } from "./features/definition.js";
import { toLspDiagnostics } from "./features/diagnostics.js";
import { documentSymbols } from "./features/document-symbols.js";
import { foldingRanges } from "./features/folding.js";
import { formatDocument, formatDocumentRange } from "./features/formatting.js";
import { hover } from "./features/hover.js";
import { inlayHints } from "./features/inlay-hints.js";
import { prepareRename, rename, renameProblem } from "./features/rename.js";
import { selectionRanges } from "./features/selection-ranges.js";
import { semanticTokens } from "./features/semantic-tokens.js";
import { signatureHelp } from "./features/signature-help.js";
import { workspaceSymbols } from "./features/workspace-symbols.js";
import { uriToPath } from "./uri.js";

/** What the service needs from its environment. */
export interface LanguageServiceHost {
  /** Reads a file that is not open in the editor (imports, connectome CSVs); undefined if absent. */
  readFile(path: string): string | undefined;
  /**
   * Checks beyond the front end, run on a network that compiled (the CLI passes the limits of
   * the backends its `target` blocks name, as `snnc check` applies them). Optional: the service
   * itself depends on the front end only.
   */
  checkNetwork?(network: Network): readonly Diagnostic[];
}

/** Holds the open documents and answers LSP requests about them. */
export class LanguageService {
  readonly #host: LanguageServiceHost;
  readonly #docs = new Map<string, TextDocument>();
  readonly #analyses = new Map<string, Analysis>();
  /**
   * One per open document: it re-parses only the declarations an edit changed, and a result is
   * valid until that document's next compile (which replaces the document's analysis).
   */
  readonly #compilers = new Map<string, IncrementalCompiler>();
  /**
   * Per open document, a stamp that changes with every open and edit. Analyses remember the
   * stamps of the documents they read, not their versions: a client numbers the versions of each
   * opening from 1 again, so a document closed and reopened with other text has a version an old
   * analysis already saw.
   */
  readonly #stamps = new Map<string, number>();
  #lastStamp = 0;
  #diskGeneration = 0;

  constructor(host: LanguageServiceHost) {
    this.#host = host;
  }

  // ------------------------------------------------------------ documents

  open(uri: string, text: string, version: number): void {
    this.#docs.set(uri, TextDocument.create(uri, "snn", version, text));
    this.#stamps.set(uri, ++this.#lastStamp);
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const doc = this.#docs.get(uri);
    if (doc === undefined) return;
    this.#docs.set(uri, TextDocument.update(doc, [...changes], version));
    this.#stamps.set(uri, ++this.#lastStamp);
  }

  close(uri: string): void {
    this.#docs.delete(uri);
    this.#stamps.delete(uri);
    this.#analyses.delete(uri);
    this.#compilers.delete(uri);
  }

  /** Files on disk changed (imports, CSVs): every analysis must be redone. */
  filesChanged(): void {
    this.#diskGeneration++;
  }

  /** The open documents' URIs, in opening order. */
  openDocuments(): string[] {
    return [...this.#docs.keys()];
  }

  /** The open documents whose analysis read `uri`'s file (including itself). */
  dependents(uri: string): string[] {
    const path = uriToPath(uri);
    return this.openDocuments().filter(
      (u) => u === uri || this.#analyses.get(u)?.inputs.has(path) === true,
    );
  }

  text(uri: string): string | undefined {
    return this.#docs.get(uri)?.getText();
  }

  version(uri: string): number | undefined {
    return this.#docs.get(uri)?.version;
  }

  /** How long the last compile of a document took (ms), if it was compiled. */
  lastCompileMs(uri: string): number | undefined {
    return this.#analyses.get(uri)?.compileMs;
  }

  // ------------------------------------------------------------ analysis

  /** The open document at a path, if any, with its stamp. */
  #docByPath(path: string): { doc: TextDocument; stamp: number } | undefined {
    for (const [uri, doc] of this.#docs)
      if (uriToPath(uri) === path) return { doc, stamp: this.#stamps.get(uri) ?? -1 };
    return undefined;
  }

  #isFresh(a: Analysis): boolean {
    if (a.diskGeneration !== this.#diskGeneration) return false;
    for (const [path, stamp] of a.inputs) {
      if ((this.#docByPath(path)?.stamp ?? -1) !== stamp) return false;
    }
    return true;
  }

  /** The analysis of an open document, compiled now if any input changed since the last one. */
  analyze(uri: string): Analysis | undefined {
    const doc = this.#docs.get(uri);
    if (doc === undefined) return undefined;
    const cached = this.#analyses.get(uri);
    if (cached !== undefined && this.#isFresh(cached)) return cached;
    const inputs = new Map<string, number>();
    const compilerHost: CompilerHost = {
      readFile: (path) => {
        const open = this.#docByPath(path);
        inputs.set(path, open?.stamp ?? -1);
        return open !== undefined ? open.doc.getText() : this.#host.readFile(path);
      },
    };
    const path = uriToPath(uri);
    const started = performance.now();
    let compiler = this.#compilers.get(uri);
    if (compiler === undefined) {
      compiler = createIncrementalCompiler();
      this.#compilers.set(uri, compiler);
    }
    const result = compiler.compile(path, compilerHost);
    const file = result.sources.byPath(path);
    const analysis: Analysis = {
      path,
      result,
      diagnostics: [...result.diagnostics, ...this.#checkNetwork(result.network)],
      file,
      ast: mainAst(result, file),
      inputs,
      diskGeneration: this.#diskGeneration,
      compileMs: performance.now() - started,
    };
    this.#analyses.set(uri, analysis);
    return analysis;
  }

  #checkNetwork(network: Network | null): readonly Diagnostic[] {
    if (network === null || this.#host.checkNetwork === undefined) return [];
    try {
      return this.#host.checkNetwork(network);
    } catch {
      return []; // a failing backend check must not take the editor's diagnostics down with it
    }
  }

  #at<T>(uri: string, position: Position, fallback: T, f: (a: Analysis, offset: number) => T): T {
    const a = this.analyze(uri);
    if (a?.file === undefined) return fallback;
    return f(a, offsetAt(a.file, position));
  }

  // ------------------------------------------------------------ features

  diagnostics(uri: string): LspDiagnostic[] {
    const a = this.analyze(uri);
    return a === undefined ? [] : toLspDiagnostics(a);
  }

  hover(uri: string, position: Position): Hover | null {
    return this.#at(uri, position, null, (a, offset) => hover(a, offset));
  }

  completion(uri: string, position: Position): CompletionItem[] {
    return this.#at(uri, position, [], (a, offset) => {
      const text = this.text(uri) ?? a.file?.text ?? "";
      return completion(a, text, offset);
    });
  }

  signatureHelp(uri: string, position: Position): SignatureHelp | null {
    return this.#at(uri, position, null, (a, offset) =>
      signatureHelp(a, this.text(uri) ?? a.file?.text ?? "", offset),
    );
  }

  definition(uri: string, position: Position): Location[] {
    return this.#at(uri, position, [], (a, offset) => definition(a, offset));
  }

  /** The names declared in the open documents and what they import, matching `query`. */
  workspaceSymbols(query: string): SymbolInformation[] {
    const analyses = this.openDocuments().flatMap((uri) => this.analyze(uri) ?? []);
    return workspaceSymbols(analyses, query);
  }

  selectionRanges(uri: string, positions: readonly Position[]): SelectionRange[] {
    const a = this.analyze(uri);
    if (a?.file === undefined) return [];
    const file = a.file;
    return selectionRanges(
      a,
      positions.map((p) => offsetAt(file, p)),
    );
  }

  documentHighlights(uri: string, position: Position): DocumentHighlight[] {
    return this.#at(uri, position, [], (a, offset) => documentHighlights(a, offset));
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    return this.#at(uri, position, [], (a, offset) => references(a, offset, includeDeclaration));
  }

  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null {
    return this.#at(uri, position, null, (a, offset) => prepareRename(a, offset));
  }

  /** The edit, or why the rename is refused (an invalid or taken name). */
  rename(
    uri: string,
    position: Position,
    newName: string,
  ): WorkspaceEdit | { error: string } | null {
    return this.#at(uri, position, null, (a, offset) => {
      const problem = renameProblem(a, offset, newName);
      return problem !== undefined ? { error: problem } : rename(a, offset, newName);
    });
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    const a = this.analyze(uri);
    return a === undefined ? [] : documentSymbols(a);
  }

  semanticTokens(uri: string): SemanticTokens {
    const a = this.analyze(uri);
    return a === undefined ? { data: [] } : semanticTokens(a);
  }

  foldingRanges(uri: string): FoldingRange[] {
    const a = this.analyze(uri);
    return a === undefined ? [] : foldingRanges(a);
  }

  /**
   * Parses with the document's incremental compiler, given the very file it compiled when that
   * is still the text: then nothing is parsed again (a large file formats in milliseconds, not
   * seconds) and the analysis's trees stay where they are.
   */
  format(uri: string, options: FormattingOptions): TextEdit[] {
    const parsed = this.#parsed(uri);
    return parsed === undefined ? [] : formatDocument(parsed.file, parsed.parsed, options);
  }

  /** Formats the declarations `range` touches (see {@link format} for the parse). */
  formatRange(uri: string, range: Range, options: FormattingOptions): TextEdit[] {
    const parsed = this.#parsed(uri);
    return parsed === undefined
      ? []
      : formatDocumentRange(parsed.file, parsed.parsed, range, options);
  }

  #parsed(uri: string): { file: SourceFile; parsed: ParseResult } | undefined {
    const doc = this.#docs.get(uri);
    if (doc === undefined) return undefined;
    const text = doc.getText();
    const compiled = this.#analyses.get(uri)?.file;
    const compiler = this.#compilers.get(uri);
    if (compiled !== undefined && compiled.text === text && compiler !== undefined)
      return { file: compiled, parsed: compiler.parse(compiled) };
    const file: SourceFile = { id: 0, path: uriToPath(uri), text };
    return { file, parsed: parse(file) };
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const a = this.analyze(params.textDocument.uri);
    return a === undefined
      ? []
      : codeActions(a, params.textDocument.uri, params.context.diagnostics);
  }

  inlayHints(uri: string, range: Range): InlayHint[] {
    const a = this.analyze(uri);
    return a?.file === undefined
      ? []
      : inlayHints(a, offsetAt(a.file, range.start), offsetAt(a.file, range.end));
  }
}
