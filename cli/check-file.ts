/**
 * What `snnc check` does to one file, as a function the golden-fixture tests share: compile it,
 * then apply the limits of every `target` block the file has (SPEC §8).
 */
import { DiagnosticSink, type Diagnostic, type SourceSet } from "../common/index.js";
import { backendFor } from "../backends/index.js";
import { compile, type CompilerHost } from "../compiler/index.js";
import type { Network } from "../compiler/ir/index.js";

export interface CheckedFile {
  readonly sources: SourceSet;
  readonly diagnostics: readonly Diagnostic[];
  readonly network: Network | null;
}

export async function checkFile(path: string, host: CompilerHost): Promise<CheckedFile> {
  const result = compile(path, host);
  const diagnostics = [...result.diagnostics];
  if (result.network !== null) {
    for (const target of result.network.targets) {
      const backend = await backendFor(target.name);
      if (backend === undefined) continue;
      const sink = new DiagnosticSink();
      backend.checkLimits(result.network, { diagnostics: sink });
      diagnostics.push(...sink.items);
    }
  }
  return { sources: result.sources, diagnostics, network: result.network };
}
