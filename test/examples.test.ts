/** Every example of examples/ checks with no errors and is formatted (STYLE: examples are fixtures). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnosticShort } from "../common/index.js";
import { formatSource } from "../grammar/index.js";
import { checkFile } from "../cli/check-file.js";
import { nodeHost } from "../cli/node-host.js";
import { repoRoot } from "./helpers/spec-examples.js";

const dir = join(repoRoot, "examples");
const examples = readdirSync(dir)
  .filter((f) => f.endsWith(".snn"))
  .sort();

describe("examples", () => {
  it("include the five examples of the language reference", () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        "one-neuron.snn",
        "cuba.snn",
        "stdp-song.snn",
        "tap-withdrawal.snn",
        "neurocorex-touch.snn",
      ]),
    );
  });

  for (const name of examples) {
    it(`${name} checks without errors`, async () => {
      const result = await checkFile(join(dir, name), nodeHost);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => renderDiagnosticShort(result.sources, d))).toEqual([]);
      expect(result.network).not.toBeNull();
    });

    it(`${name} is formatted`, () => {
      const text = readFileSync(join(dir, name), "utf8");
      expect(formatSource(text).text).toBe(text);
    });
  }
});
