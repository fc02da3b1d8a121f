/**
 * The interface every backend implements. A backend takes the checked network IR and either
 * reports what its target cannot express (as diagnostics with the construct's source range) or
 * writes its output files. Backends never import each other.
 */
import type { DiagnosticSink } from "../common/index.js";
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
