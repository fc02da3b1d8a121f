/**
 * Test helpers for the connectome importer: a host over the real file system, a `.snn` text to
 * anchor spans in, and a compact rendering of diagnostics (code, `.snn` line:col, notes).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DiagnosticSink,
  SourceSet,
  renderDiagnosticShort,
  type Diagnostic,
  type Span,
} from "../../common/index.js";
import type { ConnectomeHost } from "../../compiler/connectome/index.js";

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared C. elegans data, read in place (never copied into the repo). */
export const celegans = resolve(repoRoot, "../shared/data/celegans");
export const fixtures = resolve(repoRoot, "test/fixtures/connectome");

/** Reads absolute paths from disk; undefined when missing. */
export const fsHost: ConnectomeHost = {
  readFile(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** A host over in-memory files (absolute path → text). */
export function memoryHost(files: Record<string, string>): ConnectomeHost {
  return { readFile: (path) => files[path] };
}

/** A `.snn` text registered in a SourceSet so spans can be rendered with line and column. */
export function snnText(text: string): {
  sources: SourceSet;
  /** The span of the `nth` (0-based) occurrence of `needle`. */
  at(needle: string, nth?: number): Span;
} {
  const sources = new SourceSet();
  const file = sources.add("/virtual/test.snn", text);
  return {
    sources,
    at(needle, nth = 0) {
      let start = -1;
      for (let k = 0; k <= nth; k++) {
        start = text.indexOf(needle, start + 1);
        if (start < 0) throw new Error(`'${needle}' (#${nth}) not in the test text`);
      }
      return { file: file.id, start, end: start + needle.length };
    },
  };
}

/** Diagnostics as `line:col severity[code]: message` lines plus notes. */
export function rendered(sources: SourceSet, sink: DiagnosticSink): string[] {
  return sink.items.flatMap((d: Diagnostic) => renderDiagnosticShort(sources, d).split("\n"));
}

export { DiagnosticSink };
