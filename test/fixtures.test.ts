/**
 * The golden runner (STYLE §6): every `test/fixtures/<area>/**\/*.snn` whose name does not start
 * with `_` (those are only imported) is checked exactly as `snnc check` does, and its diagnostics,
 * rendered `line:col severity[code]: message` plus notes, must equal `<name>.diagnostics.txt`
 * beside it (an empty file for a valid fixture). `UPDATE_GOLDENS=1 npx vitest run` rewrites them.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnosticShort } from "../common/index.js";
import { checkFile } from "../cli/check-file.js";
import { nodeHost } from "../cli/node-host.js";
import { repoRoot } from "./helpers/spec-examples.js";

const fixtureAreas = ["parse", "check", "connectome", "units", "fpga"];
const update = process.env["UPDATE_GOLDENS"] === "1";

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith(".snn") && !name.startsWith("_") ? [path] : [];
    });
}

export function fixtureFiles(): string[] {
  return fixtureAreas.flatMap((area) => walk(join(repoRoot, "test/fixtures", area)));
}

describe("golden diagnostics of test/fixtures", () => {
  for (const file of fixtureFiles()) {
    const name = relative(join(repoRoot, "test/fixtures"), file);
    it(name, async () => {
      const result = await checkFile(file, nodeHost);
      const rendered = result.diagnostics
        .map((d) => renderDiagnosticShort(result.sources, d))
        .join("\n");
      const golden = file.replace(/\.snn$/, ".diagnostics.txt");
      const actual = rendered.length > 0 ? rendered + "\n" : "";
      if (update || !existsSync(golden)) {
        if (!existsSync(golden) && !update)
          throw new Error(`missing golden ${golden} (run with UPDATE_GOLDENS=1)`);
        writeFileSync(golden, actual);
      }
      expect(actual).toBe(readFileSync(golden, "utf8"));
    });
  }
});
