/**
 * `snnc run FILE [--out DIR] [--duration T] [--seed S] [--plot FILE.svg] [--timing]
 * [--threads 1|2] [--target js|neurocorex]`: compiles a file in memory, simulates it (the JS backend's generated
 * simulator, or the bit-accurate NeuroCoreX core model when the target is neurocorex), prints the
 * summary table and writes the CSV recordings (default `out/<file name>/`), optionally an SVG
 * raster. Exit 1 on compile errors or a run stopped by a runtime error.
 */
import { basename, join, resolve } from "node:path";
import { DiagnosticSink, type Diagnostic } from "../../common/index.js";
import { compile } from "../../compiler/index.js";
import { decimalToSI } from "../../compiler/units/index.js";
import type { Network } from "../../compiler/ir/index.js";
import {
  formatSummary,
  renderRasterSvg,
  simulate,
  writeRecordings,
  type RunResult,
} from "../../runtime/index.js";
import { optionFlag, optionString, parseArgs, reportArgErrors, seedOption } from "../args.js";
import type { CliIo } from "../io.js";
import type { Command } from "../main.js";
import { nodeHost } from "../node-host.js";
import { chosenTarget } from "../target.js";
import { prepareDirectory, prepareFile, writeOutputFile, writing } from "../output.js";
import { reportDiagnostics } from "../report.js";

const USAGE =
  "snnc run FILE [--out DIR] [--duration T] [--seed S] [--plot FILE.svg] [--timing] [--threads 1|2] [--target js|neurocorex]";

/**
 * Parses `--duration`: a number with a unit (`2s`, `500ms`, `500 ms`, `250us`); bare = seconds.
 * Converted to SI in one rounding, as `duration = 0.3 ms` in a file is (same bits); a value past
 * float64 (`1e400s`) is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  // units as the language spells them: 500MS is not 500 ms (SI's MS would be megasiemens)
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(s|ms|us)?\s*$/.exec(text);
  if (m === null) return undefined;
  const unit = m[2] ?? "s";
  const value = decimalToSI(m[1]!, unit === "ms" ? -3 : unit === "us" ? -6 : 0);
  return value !== undefined && value > 0 && Number.isFinite(value) ? value : undefined;
}

/** A progress bar on stderr, shown only on a terminal and only once a run takes over a second. */
function progressBar(io: CliIo, total: number): { update(step: number): void; done(): void } {
  const start = performance.now();
  let shown = false;
  return {
    update(step) {
      if (!io.isTty || performance.now() - start < 1000) return;
      shown = true;
      const width = 30;
      const filled = Math.round((step / total) * width);
      io.stderr(
        `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${Math.floor((100 * step) / total)}%`,
      );
    },
    done() {
      if (shown) io.stderr(`\r${" ".repeat(40)}\r`);
    },
  };
}

/** What `snnc run` needs of runtime/ncx. */
export interface CoreModule {
  simulateOnCore?(network: Network, sink: DiagnosticSink): RunResult | null;
  runCoreModel?(network: Network): RunResult;
}

const loadCoreModel = async (): Promise<CoreModule> => {
  const path = "../../runtime/ncx/index.js";
  return (await import(path)) as CoreModule;
};

/**
 * Runs a network on the NeuroCoreX core model (runtime/ncx), loaded only when needed.
 * @internal exported for tests, which pass their own loader.
 */
export async function runOnCore(
  network: Network,
  sink: DiagnosticSink,
  load: () => Promise<CoreModule> = loadCoreModel,
): Promise<RunResult | null> {
  const mod = await load();
  if (mod.simulateOnCore !== undefined) return mod.simulateOnCore(network, sink);
  if (mod.runCoreModel !== undefined) return mod.runCoreModel(network);
  sink.report({
    code: "core-model-unavailable",
    span: network.targets[0]?.origin ??
      network.populations[0]?.origin ?? { file: 0, start: 0, end: 0 },
    format: { reason: "runtime/ncx does not export runCoreModel" },
  });
  return null;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`snnc run: ${message}\n`);
  return 2;
}

export const runCommand: Command = {
  summary:
    "Compile and simulate a .snn file; print a summary, write CSV recordings (and an SVG raster).",
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {
      flags: ["timing"],
      values: ["out", "duration", "seed", "plot", "threads", "target"],
    });
    if (reportArgErrors(io, "run", USAGE, args)) return 2;
    const file = args.positional[0];
    if (file === undefined || args.positional.length > 1) {
      io.stderr(`usage: ${USAGE}\n`);
      return 2;
    }
    const seed = seedOption(io, "run", args);
    if (seed === null) return 2;
    const durationText = optionString(args, "duration");
    const duration = durationText === undefined ? undefined : parseDuration(durationText);
    if (durationText !== undefined && duration === undefined)
      return fail(
        io,
        `--duration must be a positive time such as '2s' or '500ms', not '${durationText}'`,
      );
    const threadsText = optionString(args, "threads");
    if (threadsText !== undefined && threadsText !== "1" && threadsText !== "2")
      return fail(io, `--threads must be 1 or 2, not '${threadsText}'`);
    const threads = threadsText === undefined ? undefined : Number(threadsText);
    const requested = optionString(args, "target");
    if (requested !== undefined && requested !== "js" && requested !== "neurocorex")
      return fail(io, `--target must be 'js' or 'neurocorex', not '${requested}'`);

    const t0 = performance.now();
    const compiled = compile(resolve(io.cwd, file), nodeHost, {
      ...(seed !== undefined ? { seed } : {}),
      ...(duration !== undefined ? { duration } : {}),
    });
    const compileS = (performance.now() - t0) / 1000;
    if (reportDiagnostics(io, compiled.sources, compiled.diagnostics, "text") > 0) return 1;
    const network = compiled.network;
    if (network === null) return 1;

    // where the results go, checked before a run that may take minutes
    const dir = resolve(io.cwd, optionString(args, "out") ?? join("out", basename(file, ".snn")));
    const plotText = optionString(args, "plot");
    const plot = plotText === undefined ? undefined : resolve(io.cwd, plotText);
    prepareDirectory(dir);
    if (plot !== undefined) prepareFile(plot);

    const chosen = new DiagnosticSink();
    const target = chosenTarget(network, requested, "run", chosen);
    let result: RunResult | null;
    const diagnostics: Diagnostic[] = [...chosen.items];
    const t1 = performance.now();
    if (target === "neurocorex") {
      const sink = new DiagnosticSink();
      result = await runOnCore(network, sink);
      diagnostics.push(...sink.items);
    } else {
      const bar = progressBar(io, network.steps);
      result = simulate(network, {
        onProgress: (s) => bar.update(s),
        ...(threads !== undefined ? { threads } : {}),
      });
      bar.done();
    }
    const runS = (performance.now() - t1) / 1000;
    if (result !== null) diagnostics.push(...(result.diagnostics ?? []));
    const errors = reportDiagnostics(io, compiled.sources, diagnostics, "text");
    // refused before it started: nothing to summarise or write
    if (result === null || result.diagnostics?.some((d) => d.code === "network-too-large"))
      return 1;

    io.stdout(formatSummary(result));
    const written = writing(dir, () => writeRecordings(result, dir));
    if (written.length > 0) io.stdout(`wrote ${written.length} file(s) to ${dir}\n`);
    if (plot !== undefined) {
      writeOutputFile(plot, renderRasterSvg(result));
      io.stdout(`wrote ${plot}\n`);
    }
    if (optionFlag(args, "timing")) {
      const setupS = result.timing?.setupS ?? 0;
      const loopS = result.timing?.loopS ?? runS;
      const threadsUsed = result.timing?.threads ?? 1;
      io.stdout(
        `compile_s=${compileS.toFixed(6)}\nsetup_s=${setupS.toFixed(6)}\nloop_s=${loopS.toFixed(6)}\nthreads=${threadsUsed}\n`,
      );
    }
    return errors > 0 ? 1 : 0;
  },
};
