/**
 * `snnc check FILE... [--format json]`: parses and checks each file (names, units,
 * structure) and applies the limits of every `target` block it has. Exit 1 on any error.
 */
import { resolve } from "node:path";
import type { Diagnostic, SourceSet } from "../../common/index.js";
import { checkFile } from "../check-file.js";
import { parseArgs, optionString, reportArgErrors } from "../args.js";
import type { Command } from "../main.js";
import { nodeHost } from "../node-host.js";
import { parseReportFormat, reportDiagnostics, reportJsonForFiles } from "../report.js";

export const checkCommand: Command = {
  summary: "Check .snn files: syntax, names, units, structure and the limits of their targets.",
  usage: "snnc check FILE... [--format text|json]",
  async run(argv, io) {
    const args = parseArgs(argv, { values: ["format"] });
    if (reportArgErrors(io, "check", checkCommand.usage, args)) return 2;
    const format = parseReportFormat(optionString(args, "format"));
    if (format === undefined) {
      io.stderr("snnc check: --format must be 'text' or 'json'\n");
      return 2;
    }
    if (args.positional.length === 0) {
      io.stderr(`usage: ${checkCommand.usage}\n`);
      return 2;
    }
    let failed = false;
    const parts: { files: SourceSet; diagnostics: readonly Diagnostic[] }[] = [];
    for (const file of args.positional) {
      const result = await checkFile(resolve(io.cwd, file), nodeHost);
      if (format === "json") {
        // one document for all the files, so that a tool can parse the output
        parts.push({ files: result.sources, diagnostics: result.diagnostics });
        continue;
      }
      const errors = reportDiagnostics(io, result.sources, result.diagnostics, format);
      if (errors > 0) failed = true;
      else io.stdout(`${file}: ok\n`);
    }
    if (format === "json") failed = reportJsonForFiles(io, parts) > 0;
    return failed ? 1 : 0;
  },
};
