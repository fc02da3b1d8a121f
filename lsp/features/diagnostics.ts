/**
 * Diagnostics: the compiler's diagnostics of the main file → LSP diagnostics (severity, code,
 * related information in other places or files, the `data` payload kept for code actions), and
 * the debounce that turns a burst of edits into one compile.
 */
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from "vscode-languageserver";
import {
  NoSpan,
  createDiagnostic,
  type Diagnostic,
  type FileId,
  type Span,
} from "../../common/index.js";
import { spanLocation, spanRange, type Analysis } from "../analysis.js";
import { resolveRelative } from "../../compiler/index.js";

/** What code actions get back from the client in `diagnostic.data`. */
export interface SnnDiagnosticData {
  readonly snnc: unknown;
}

function severityOf(d: Diagnostic): DiagnosticSeverity {
  switch (d.severity) {
    case "error":
      return DiagnosticSeverity.Error;
    case "warning":
      return DiagnosticSeverity.Warning;
    case "info":
      return DiagnosticSeverity.Information;
  }
}

/** The files reachable from `start` through imports (itself included), by file id. */
function reachable(a: Analysis, start: FileId): Set<FileId> {
  const seen = new Set<FileId>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const file = a.result.sources.get(id);
    for (const d of a.result.files.get(id)?.decls ?? []) {
      if (d.kind !== "Import") continue;
      const target = a.result.sources.byPath(resolveRelative(file.path, d.path.value));
      if (target !== undefined) stack.push(target.id);
    }
  }
  return seen;
}

/**
 * One error per `import` of the main file whose file, or a file it imports, has errors: the
 * errors themselves are shown in their own file, and linked from here as related information.
 */
export function importedFileErrors(a: Analysis): Diagnostic[] {
  const main = a.file;
  if (main === undefined || a.ast === undefined) return [];
  const elsewhere = a.diagnostics.filter(
    (d): d is Diagnostic & { span: Span } =>
      d.severity === "error" && d.span !== NoSpan && d.span.file !== main.id,
  );
  if (elsewhere.length === 0) return [];
  const out: Diagnostic[] = [];
  for (const decl of a.ast.decls) {
    if (decl.kind !== "Import") continue;
    const target = a.result.sources.byPath(resolveRelative(main.path, decl.path.value));
    if (target === undefined) continue;
    const files = reachable(a, target.id);
    const errors = elsewhere.filter((d) => files.has(d.span.file));
    if (errors.length === 0) continue;
    out.push(
      createDiagnostic({
        code: "lsp/imported-file-errors",
        span: decl.path.span,
        format: {
          file: decl.path.value,
          errors: errors.length === 1 ? "1 error" : `${errors.length} errors`,
        },
        related: errors.slice(0, 10).map((d) => ({ message: d.message, span: d.span })),
      }),
    );
  }
  return out;
}

/**
 * The diagnostics to show in the main file: those located in it, those with no location, and one
 * summary per import that leads to errors ({@link importedFileErrors}). The errors inside an
 * imported file are shown in full when that file is open (it is then compiled on its own).
 */
export function toLspDiagnostics(a: Analysis): LspDiagnostic[] {
  const id = a.file?.id;
  const out: LspDiagnostic[] = [];
  for (const d of [...a.diagnostics, ...importedFileErrors(a)]) {
    if (d.span !== NoSpan && d.span.file !== id) continue;
    const range =
      d.span === NoSpan
        ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
        : spanRange(a.result, d.span);
    const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
      location: spanLocation(a.result, r.span),
      message: r.message,
    }));
    const message = [d.message, ...(d.notes ?? [])].join("\n");
    const lsp: LspDiagnostic = {
      range,
      severity: severityOf(d),
      code: d.code,
      source: "snnc",
      message,
    };
    if (related.length > 0) lsp.relatedInformation = related;
    if (d.data !== undefined) lsp.data = { snnc: d.data } satisfies SnnDiagnosticData;
    out.push(lsp);
  }
  return out;
}

/**
 * Runs `publish(uri)` once per document after a quiet time without further changes to it. Each
 * document has its own timer, so editing one file never delays another's diagnostics. The quiet
 * time is a number of ms, or a function of the document (the server makes it adaptive: none when
 * the document's last compile was fast, see server.ts).
 */
export class DiagnosticsScheduler {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #delayMs: number | ((uri: string) => number);
  readonly #publish: (uri: string) => void;

  constructor(delayMs: number | ((uri: string) => number), publish: (uri: string) => void) {
    this.#delayMs = delayMs;
    this.#publish = publish;
  }

  schedule(uri: string): void {
    const previous = this.#timers.get(uri);
    if (previous !== undefined) clearTimeout(previous);
    const delay = typeof this.#delayMs === "number" ? this.#delayMs : this.#delayMs(uri);
    this.#timers.set(
      uri,
      setTimeout(() => {
        this.#timers.delete(uri);
        this.#publish(uri);
      }, delay),
    );
  }

  cancel(uri: string): void {
    const previous = this.#timers.get(uri);
    if (previous !== undefined) clearTimeout(previous);
    this.#timers.delete(uri);
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
