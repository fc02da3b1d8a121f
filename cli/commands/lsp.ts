/**
 * `snnc lsp --stdio`: the language server over standard input and output, for VS Code (the
 * extension starts it) and any other LSP client. It runs until the client sends `exit`. Besides
 * the front end's diagnostics it reports the limits of the backends a file's `target` blocks
 * name, as `snnc check` does (e.g. more neurons than the NeuroCoreX core has).
 */
import { DiagnosticSink, type Diagnostic } from "../../common/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { targetNames } from "../../compiler/builtins/index.js";
import { backendFor, type Backend } from "../../backends/index.js";
import { startServer } from "../../lsp/index.js";
import { nodeHost } from "../node-host.js";
import type { Command } from "../main.js";

/** The backends a `target` block may name, loaded once so the checks can run synchronously. */
async function loadTargetBackends(): Promise<ReadonlyMap<string, Backend>> {
  const out = new Map<string, Backend>();
  for (const name of targetNames) {
    try {
      const b = await backendFor(name);
      if (b !== undefined) out.set(name, b);
    } catch {
      // a backend that fails to load only loses its limit checks in the editor
    }
  }
  return out;
}

function checkTargets(backends: ReadonlyMap<string, Backend>, network: Network): Diagnostic[] {
  const sink = new DiagnosticSink();
  for (const target of network.targets)
    backends.get(target.name)?.checkLimits(network, { diagnostics: sink });
  return [...sink.items];
}

export const lspCommand: Command = {
  summary: "Start the .snn language server (LSP) on stdin/stdout.",
  usage: "snnc lsp --stdio",
  async run(argv, io) {
    if (!argv.includes("--stdio")) {
      io.stderr(`usage: ${lspCommand.usage}\n(only the stdio transport is supported)\n`);
      return 2;
    }
    const backends = await loadTargetBackends();
    await startServer({
      host: { readFile: nodeHost.readFile, checkNetwork: (n) => checkTargets(backends, n) },
    });
    return 0;
  },
};
