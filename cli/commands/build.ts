/**
 * `snnc build FILE [--target ir|js|neurocorex|pynn|nir] [-o OUT] [--seed S]`: compiles a file and
 * writes what the target takes. The target is `--target`, else the file's single `target` block,
 * else `js` (SPEC §8). `ir` writes the checked network as JSON (`-o` names the file).
 */
import { basename, join, resolve } from "node:path";
import { DiagnosticSink, type Diagnostic } from "../../common/index.js";
import { compile, serializeNetwork } from "../../compiler/index.js";
import { backendFor, backendNames } from "../../backends/index.js";
import { optionString, parseArgs, reportArgErrors, seedOption } from "../args.js";
import type { Command } from "../main.js";
import { nodeHost } from "../node-host.js";
import { chosenTarget } from "../target.js";
import { prepareDirectory, writeOutputFile } from "../output.js";
import { parseReportFormat, reportDiagnostics } from "../report.js";

export const buildCommand: Command = {
  summary:
    "Compile a .snn file for a target: ir (JSON), js (ES module), neurocorex (.ncx image), pynn, nir.",
  usage:
    "snnc build FILE [--target ir|js|neurocorex|pynn|nir] [-o OUT] [--seed S] [--format text|json]",
  async run(argv, io) {
    const args = parseArgs(argv, { values: ["format", "seed", "target", "o", "out"] });
    if (reportArgErrors(io, "build", buildCommand.usage, args)) return 2;
    const format = parseReportFormat(optionString(args, "format"));
    const file = args.positional[0];
    if (file === undefined || format === undefined || args.positional.length > 1) {
      io.stderr(`usage: ${buildCommand.usage}\n`);
      return 2;
    }
    const seed = seedOption(io, "build", args);
    if (seed === null) return 2;
    const result = compile(resolve(io.cwd, file), nodeHost, seed === undefined ? {} : { seed });
    // the compiler's and the target's diagnostics in one report: with --format json, stdout is
    // one JSON document (it was one per stage, then the "wrote" lines, which now go to stderr)
    const report = (more: readonly Diagnostic[]) =>
      reportDiagnostics(io, result.sources, [...result.diagnostics, ...more], format);
    const wrote = (path: string) =>
      format === "json" ? io.stderr(`wrote ${path}\n`) : io.stdout(`wrote ${path}\n`);
    if (result.network === null || result.diagnostics.some((d) => d.severity === "error")) {
      report([]);
      return 1;
    }
    const network = result.network;

    const requested = optionString(args, "target");
    const sink = new DiagnosticSink();
    const target = chosenTarget(network, requested, "build", sink);
    const out = optionString(args, "o", "out");

    if (target === "ir") {
      report([]);
      const path = resolve(io.cwd, out ?? `${network.name}.ir.json`);
      writeOutputFile(path, serializeNetwork(network));
      wrote(path);
      return 0;
    }
    const backend = await backendFor(target);
    if (backend === undefined) {
      report([]);
      io.stderr(`snnc build: unknown target '${target}' (choose ir, ${backendNames.join(", ")})\n`);
      return 2;
    }
    backend.checkLimits(network, { diagnostics: sink });
    const files = sink.hasErrors ? null : backend.build(network, { diagnostics: sink });
    if (report(sink.items) > 0 || files === null) return 1;
    const dir = resolve(io.cwd, out ?? join("out", basename(file, ".snn")));
    prepareDirectory(dir);
    for (const f of files) {
      const path = join(dir, f.path);
      writeOutputFile(path, f.contents);
      wrote(path);
    }
    return 0;
  },
};
