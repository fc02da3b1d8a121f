/**
 * The interface every backend implements. A backend takes the checked network IR and either
 * reports what its target cannot express (as diagnostics with the construct's source range) or
 * writes its output files. Backends never import each other.
 */
import type { Diagnostic, DiagnosticSink } from "../common/index.js";
import type { Network } from "../compiler/ir/index.js";

export interface BuildOutputFile {
  /** Relative to the output directory. */
  readonly path: string;
  readonly contents: string | Uint8Array;
}

export interface BackendContext {
  readonly diagnostics: DiagnosticSink;
}

export interface Backend {
  readonly name: string;
  /** Reports every limit of the target the network breaks; used by `snnc check` too. */
  checkLimits(network: Network, ctx: BackendContext): void;
  /** Writes the output; returns null when it reported errors. */
  build(network: Network, ctx: BackendContext): readonly BuildOutputFile[] | null;
}

/**
 * Adds to `to` each diagnostic of `from` that it does not hold yet (same code, span and message).
 * `snnc build` runs a backend's checkLimits and then its build on one sink, and build checks
 * again (it may be called alone): this reports each finding once.
 */
export function reportNew(from: DiagnosticSink, to: DiagnosticSink): void {
  const key = (d: Diagnostic) =>
    `${d.code}|${typeof d.span === "symbol" ? "" : `${d.span.file}:${d.span.start}:${d.span.end}`}|${d.message}`;
  const seen = new Set(to.items.map(key));
  for (const d of from.items) {
    const k = key(d);
    if (seen.has(k)) continue;
    seen.add(k);
    to.add(d);
  }
}
