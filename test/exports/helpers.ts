/**
 * Shared helpers of the export tests: compiling the fixtures of test/exports/fixtures with the
 * real front end, building with a backend, and finding Debian's PyNN/NEURON/MPI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DiagnosticSink, type Diagnostic } from "../../common/index.js";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";
import type { Backend, BuildOutputFile } from "../../backends/backend.js";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Compiles a fixture; fails the test with the diagnostics when the front end rejects it. */
export function compileFixture(name: string, options: { duration?: number } = {}): Network {
  const result = compile(
    join(fixturesDir, name),
    {
      readFile: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
    },
    options,
  );
  if (result.network === null)
    throw new Error(
      `fixture ${name} does not compile:\n` +
        result.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"),
    );
  return result.network;
}

/** Builds with a backend, returning its files (or null) and the diagnostics it reported. */
export function buildWith(
  backend: Backend,
  network: Network,
): { files: readonly BuildOutputFile[] | null; diagnostics: readonly Diagnostic[] } {
  const sink = new DiagnosticSink();
  const files = backend.build(network, { diagnostics: sink });
  return { files, diagnostics: sink.items };
}

/** Debian's interpreter: PyNN and NEURON are installed for it, not for other pythons on PATH. */
export const PYTHON = "/usr/bin/python3";

/**
 * Why the PyNN/NEURON tests cannot run here (the Debian packages are missing), or null when they
 * can. A missing mechanism compilation is not a reason to skip: the run then fails and says so.
 */
export function pynnNeuronMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import pyNN, neuron, numpy"], {
    cwd: "/",
    encoding: "utf8",
  });
  if (probe.status !== 0)
    return "python3-pynn / python3-neuron are not installed (apt-get install python3-pynn python3-neuron neuron-dev openmpi-bin python3-mpi4py; then scripts/exports/setup-pynn-neuron.sh)";
  const mpi = spawnSync("mpirun", ["--version"], { encoding: "utf8" });
  if (mpi.status !== 0) return "mpirun (openmpi-bin) is not installed";
  return null;
}

/** Spike counts per population name from a spikes.csv text (header checked). */
export function spikeCounts(csv: string): Map<string, number> {
  const lines = csv.trimEnd().split("\n");
  if (lines[0] !== "time_ms,population,index,name") throw new Error(`bad header ${lines[0]}`);
  const counts = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const pop = line.split(",")[1] ?? "";
    counts.set(pop, (counts.get(pop) ?? 0) + 1);
  }
  return counts;
}
