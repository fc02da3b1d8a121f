/**
 * The units area's golden fixtures (test/fixtures/units/{valid,invalid}), checked exactly as
 * `snnc check` does and rendered as test/fixtures.test.ts renders them. Kept here as well so the
 * area's codes stay covered while the shared runner's area list does not include `units`.
 * `UPDATE_GOLDENS=1 npx vitest run test/units` rewrites the goldens.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnosticShort } from "../../common/index.js";
import { unitsCodes } from "../../common/diagnostics/codes/units.js";
import { checkFile } from "../../cli/check-file.js";
import { nodeHost } from "../../cli/node-host.js";
import { repoRoot } from "../helpers/spec-examples.js";

const root = join(repoRoot, "test/fixtures/units");
const update = process.env["UPDATE_GOLDENS"] === "1";

function fixtures(kind: "valid" | "invalid"): string[] {
  const dir = join(root, kind);
  return readdirSync(dir)
    .filter((n) => n.endsWith(".snn"))
    .sort()
    .map((n) => join(dir, n));
}

async function rendered(file: string): Promise<string> {
  const result = await checkFile(file, nodeHost);
  const text = result.diagnostics.map((d) => renderDiagnosticShort(result.sources, d)).join("\n");
  return text.length > 0 ? text + "\n" : "";
}

describe("units fixtures", () => {
  for (const kind of ["valid", "invalid"] as const) {
    for (const file of fixtures(kind)) {
      it(`${kind}/${file.slice(file.lastIndexOf("/") + 1)}`, async () => {
        const actual = await rendered(file);
        const golden = file.replace(/\.snn$/, ".diagnostics.txt");
        if (update) writeFileSync(golden, actual);
        expect(actual).toBe(readFileSync(golden, "utf8"));
        if (kind === "valid") expect(actual).toBe("");
      });
    }
  }

  it("triggers every code of the units table in some invalid fixture", () => {
    const goldens = fixtures("invalid")
      .map((f) => f.replace(/\.snn$/, ".diagnostics.txt"))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    for (const code of Object.keys(unitsCodes)) expect(goldens, code).toContain(`[${code}]`);
  });
});
