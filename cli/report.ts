/**
 * Printing diagnostics for the command line: the terminal form (file:line:col, code frame,
 * notes) or `--format json`, and a closing count.
 */
import {
  renderDiagnostic,
  toJsonDiagnostic,
  type Diagnostic,
  type FileLookup,
} from "../common/index.js";
import type { CliIo } from "./io.js";

export type ReportFormat = "text" | "json";

export function parseReportFormat(value: string | undefined): ReportFormat | undefined {
  if (value === undefined || value === "text" || value === "pretty") return "text";
  if (value === "json") return "json";
  return undefined;
}

/** Prints diagnostics; returns the number of errors among them. */
export function reportDiagnostics(
  io: CliIo,
  files: FileLookup,
  diagnostics: readonly Diagnostic[],
  format: ReportFormat,
): number {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        { diagnostics: diagnostics.map((d) => toJsonDiagnostic(files, d)), errors, warnings },
        null,
        2,
      ) + "\n",
    );
    return errors;
  }
  for (const d of diagnostics) io.stderr(renderDiagnostic(files, d, { color: io.isTty }) + "\n\n");
  if (errors > 0 || warnings > 0) {
    io.stderr(
      `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
    );
  }
  return errors;
}

/**
 * One JSON document for the diagnostics of several files (`snnc check --format json A B`): each
 * diagnostic names its file; the counts are the totals. Returns the number of errors.
 */
export function reportJsonForFiles(
  io: CliIo,
  parts: readonly { readonly files: FileLookup; readonly diagnostics: readonly Diagnostic[] }[],
): number {
  const all = parts.flatMap((p) =>
    p.diagnostics.map((d) => ({ d, json: toJsonDiagnostic(p.files, d) })),
  );
  const errors = all.filter((x) => x.d.severity === "error").length;
  const warnings = all.filter((x) => x.d.severity === "warning").length;
  io.stdout(
    JSON.stringify({ diagnostics: all.map((x) => x.json), errors, warnings }, null, 2) + "\n",
  );
  return errors;
}
