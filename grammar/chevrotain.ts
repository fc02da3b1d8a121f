/**
 * Chevrotain's runtime, loaded from the single-file ES bundle its package ships
 * (`lib/chevrotain.mjs`) rather than through the package entry, which imports some 650 lodash-es
 * modules: that made every `snnc` command spend about half a second of CPU just starting up.
 * The bundle is the same library (same version, same API); the package's `exports` map does not
 * name it, so it is found next to the entry that `import.meta.resolve` gives. Where that is not
 * available (a bundler, a test runner), the package entry is used.
 */
import type * as ChevrotainApi from "chevrotain";

async function loadChevrotain(): Promise<typeof ChevrotainApi> {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === "function") {
    try {
      const entry = resolve("chevrotain");
      if (entry.endsWith("/lib/src/api.js")) {
        return (await import(new URL("../chevrotain.mjs", entry).href)) as typeof ChevrotainApi;
      }
    } catch {
      // fall through to the package entry
    }
  }
  return import("chevrotain");
}

const chevrotain = await loadChevrotain();

export const createToken = chevrotain.createToken;
export const Lexer = chevrotain.Lexer;
export const CstParser = chevrotain.CstParser;
export const EOF = chevrotain.EOF;
