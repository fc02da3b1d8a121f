/** Test helpers: an in-memory compiler host and short diagnostic rendering. */
import { renderDiagnosticShort, type Diagnostic } from "../../common/index.js";
import {
  compile,
  verifyNetwork,
  type CompileResult,
  type CompilerHost,
} from "../../compiler/index.js";

/** A host over a map of absolute paths to texts. */
export function memoryHost(files: Readonly<Record<string, string>>): CompilerHost {
  return { readFile: (path) => files[path] };
}

/** Compiles `text` as /work/test/main.snn (plus extra files) and verifies the IR if built. */
export function compileText(
  text: string,
  extra: Readonly<Record<string, string>> = {},
  options: { seed?: number; duration?: number } = {},
): CompileResult {
  const result = compile("/t/main.snn", memoryHost({ "/t/main.snn": text, ...extra }), options);
  if (result.network !== null) {
    const problems = verifyNetwork(result.network);
    if (problems.length > 0) throw new Error(`IR invariants broken:\n${problems.join("\n")}`);
  }
  return result;
}

/** The diagnostics as golden text (one `renderDiagnosticShort` block each). */
export function renderAll(result: CompileResult): string {
  return result.diagnostics
    .map((d: Diagnostic) => renderDiagnosticShort(result.sources, d))
    .join("\n");
}

export function errorsOf(result: CompileResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === "error");
}
