/**
 * Every code of the diagnostic table is triggered by at least one golden fixture, or, for codes
 * that only the runtime, the command line or the language server can raise, by a named test file
 * that asserts it. Codes are append-only, so this list only grows.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticTable } from "../common/index.js";
import { fixtureFiles } from "./fixtures.test.js";
import { repoRoot } from "./helpers/spec-examples.js";

/** Codes raised outside `snnc check`, and the test file that triggers and asserts each. */
const testedElsewhere: Readonly<Record<string, string>> = {};

describe("the diagnostic table", () => {
  const goldenText = fixtureFiles()
    .map((f) => f.replace(/\.snn$/, ".diagnostics.txt"))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");

  for (const code of Object.keys(diagnosticTable)) {
    it(`'${code}' has a fixture that triggers it`, () => {
      const elsewhere = testedElsewhere[code];
      if (elsewhere !== undefined) {
        const path = join(repoRoot, elsewhere);
        expect(existsSync(path), `${elsewhere} exists`).toBe(true);
        expect(readFileSync(path, "utf8")).toContain(code);
        return;
      }
      expect(goldenText).toContain(`[${code}]`);
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
