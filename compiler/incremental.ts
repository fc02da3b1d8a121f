/**
 * The incremental compiler the language server keeps per workspace: the same `compile()`, with a
 * parser that remembers each file's top-level declarations between calls and parses again only
 * the ones whose text changed (grammar/incremental.ts). The result is exactly that of a
 * from-scratch {@link compile} of the same texts (test/compiler/incremental.test.ts).
 *
 * A result is valid until the next call: that call may move the syntax trees it reuses (their
 * spans are updated in place when text before them was inserted or deleted), and the IR and
 * diagnostics of the earlier result point into those trees. Keep one per document and drop the
 * previous result when compiling again, as the language server does.
 */
import type { SourceFile } from "../common/index.js";
import {
  createIncrementalParser,
  type IncrementalParseStats,
  type ParseResult,
} from "../grammar/index.js";
import type { CompilerHost } from "./passes/context.js";
import { compileWith, type CompileOptions, type CompileResult } from "./pipeline.js";

export interface IncrementalCompiler {
  /**
   * Same as `compile(mainPath, host, options)`, reusing what earlier calls parsed. Invalidates
   * the previous call's result (see the module comment).
   */
  compile(mainPath: string, host: CompilerHost, options?: CompileOptions): CompileResult;
  /**
   * Parses one file with the same cache, as `parse(file)` would: the language server formats a
   * document with it, so formatting right after a compile parses nothing again. Give it the
   * compiled `SourceFile` itself (same path, id and text) to keep that result's trees as they are.
   */
  parse(file: SourceFile): ParseResult;
  /** How the parse of the last file parsed went (chunks parsed, moved, fallback). */
  readonly lastParse: IncrementalParseStats;
}

/** Creates an incremental compiler with an empty cache. */
export function createIncrementalCompiler(): IncrementalCompiler {
  const parser = createIncrementalParser();
  return {
    compile: (mainPath, host, options = {}) =>
      compileWith((file) => parser.parse(file), mainPath, host, options),
    parse: (file) => parser.parse(file),
    get lastParse() {
      return parser.lastStats;
    },
  };
}
