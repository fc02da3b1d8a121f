import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnosticsDoc } from "../scripts/gen-diagnostics-doc.js";
import { repoRoot } from "./helpers/spec-examples.js";

describe("generated documentation", () => {
  it("docs/diagnostics.md matches the diagnostic table (npm run docs:diagnostics)", () => {
    expect(readFileSync(join(repoRoot, "docs/diagnostics.md"), "utf8")).toBe(
      renderDiagnosticsDoc(),
    );
  });
});
