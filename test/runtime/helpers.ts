/** Compiling the runtime test fixtures through the real front end. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

const host = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** Compiles a fixture (or any absolute path); throws with the diagnostics when it does not compile. */
export function compileFixture(
  name: string,
  options: { seed?: number; duration?: number } = {},
): Network {
  const path = name.startsWith("/") ? name : join(fixturesDir, name);
  const r = compile(path, host, options);
  if (r.network === null)
    throw new Error(`${name} does not compile:\n${r.diagnostics.map((d) => d.message).join("\n")}`);
  return r.network;
}
