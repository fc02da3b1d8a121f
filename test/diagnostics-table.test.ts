/**
 * Every code of the diagnostic table is triggered by at least one golden fixture, or, for codes
 * that only the runtime, the command line or the language server can raise, by a named test file
 * that asserts it. Codes are append-only, so this list only grows.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticTable } from "../common/index.js";
import { fixtureFiles } from "./fixtures.test.js";
import { repoRoot } from "./helpers/spec-examples.js";

/** Test sources (not fixtures): a code asserted by name there counts as triggered by a test. */
function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : testSources(path);
    return name.endsWith(".test.ts") && name !== "diagnostics-table.test.ts"
      ? [readFileSync(path, "utf8")]
      : [];
  });
}

describe("the diagnostic table", () => {
  const goldenText = fixtureFiles()
    .map((f) => f.replace(/\.snn$/, ".diagnostics.txt"))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");

  const testText = testSources(join(repoRoot, "test")).join("\n");

  // A golden fixture that triggers the code, or (for codes only the runtime, a backend's build, the
  // upload or the language server can raise) a test that triggers it and asserts it by name.
  for (const code of Object.keys(diagnosticTable)) {
    it(`'${code}' has a fixture or a test that triggers it`, () => {
      const inGolden = goldenText.includes(`[${code}]`);
      const inTest =
        testText.includes(`"${code}"`) ||
        testText.includes(`'${code}'`) ||
        testText.includes(`[${code}]`);
      expect(inGolden || inTest, `no golden fixture or test names '${code}'`).toBe(true);
    });
  }

  it("has messages in sentence case without a trailing period (STYLE §7)", () => {
    for (const [code, def] of Object.entries(diagnosticTable)) {
      const first = def.message.strings[0] ?? "";
      if (first.length > 0) expect(first[0], code).toMatch(/[A-Z'`]/);
      const last = def.message.strings[def.message.strings.length - 1] ?? "";
      expect(last.endsWith("."), code).toBe(false);
    }
  });
});
