/**
 * Writes docs/diagnostics.md from the diagnostic table (common/diagnostics/codes). Run by
 * `npm run docs:diagnostics`; test/docs.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from "node:fs";
import { diagnosticTable } from "../common/index.js";

export function renderDiagnosticsDoc(): string {
  const lines = [
    "# Diagnostics",
    "",
    "Every diagnostic snnc reports, by code. Generated from `common/diagnostics/codes/` by",
    "`npm run docs:diagnostics`; do not edit by hand. Codes are append-only: a code is never reused.",
    "Codes of a backend carry its prefix (`fpga/`, `pynn/`, `nir/`).",
    "",
    "| code | severity | message | when |",
    "| --- | --- | --- | --- |",
  ];
  for (const [code, def] of Object.entries(diagnosticTable)) {
    const template = def.message.strings
      .map((s, i) => s + (i < def.message.keys.length ? `{${def.message.keys[i]}}` : ""))
      .join("");
    const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    lines.push(`| \`${code}\` | ${def.severity} | ${cell(template)} | ${cell(def.description)} |`);
  }
  return lines.join("\n") + "\n";
}

const target = process.argv[2];
if (target !== undefined) {
  writeFileSync(target, renderDiagnosticsDoc());
  process.stdout.write(`wrote ${target}\n`);
}
