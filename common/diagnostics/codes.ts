/**
 * THE diagnostic table (STYLE.md §3): every diagnostic snnc can report, keyed by its code.
 * Each area keeps its entries in codes/<area>.ts; this file joins them. Codes are append-only:
 * never reuse or rename one. docs/diagnostics.md is generated from this table
 * (scripts/gen-diagnostics-doc.ts), and test/diagnostics-table.test.ts fails when a code has no
 * fixture that triggers it.
 */
import { syntaxCodes } from "./codes/syntax.js";
import { checkCodes } from "./codes/check.js";
import { connectomeCodes } from "./codes/connectome.js";
import { runtimeCodes } from "./codes/runtime.js";
import { fpgaCodes } from "./codes/fpga.js";
import { exportCodes } from "./codes/export.js";
import { cliCodes } from "./codes/cli.js";
import { unitsCodes } from "./codes/units.js";
import { lspCodes } from "./codes/lsp.js";

export const diagnosticTable = {
  ...syntaxCodes,
  ...checkCodes,
  ...connectomeCodes,
  ...runtimeCodes,
  ...fpgaCodes,
  ...exportCodes,
  ...cliCodes,
  ...unitsCodes,
  ...lspCodes,
} as const;

export type DiagnosticCode = keyof typeof diagnosticTable;

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(diagnosticTable, code);
}
