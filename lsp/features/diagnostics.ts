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
import { NoSpan, type Diagnostic } from "../../common/index.js";
import { spanLocation, spanRange, type Analysis } from "../analysis.js";

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

/**
 * The diagnostics to show in the main file: those located in it, and those with no location.
 * Diagnostics inside imported files are shown when that file is open (it is then compiled as a
 * main file of its own).
 */
export function toLspDiagnostics(a: Analysis): LspDiagnostic[] {
  const id = a.file?.id;
  const out: LspDiagnostic[] = [];
  for (const d of a.diagnostics) {
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
 * Runs `publish(uri)` once per document after `delayMs` without further changes to it. Each
 * document has its own timer, so editing one file never delays another's diagnostics.
 */
export class DiagnosticsScheduler {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #delayMs: number;
  readonly #publish: (uri: string) => void;

  constructor(delayMs: number, publish: (uri: string) => void) {
    this.#delayMs = delayMs;
    this.#publish = publish;
  }

  schedule(uri: string): void {
    const previous = this.#timers.get(uri);
    if (previous !== undefined) clearTimeout(previous);
    this.#timers.set(
      uri,
      setTimeout(() => {
        this.#timers.delete(uri);
        this.#publish(uri);
      }, this.#delayMs),
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
