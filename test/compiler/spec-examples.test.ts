import { describe, expect, test } from "vitest";
import { compileText, errorsOf, renderAll } from "./helpers.js";
import { specExamples } from "./spec-examples.js";

describe("SPEC §9 examples compile without errors", () => {
  for (const [name, text] of Object.entries(specExamples)) {
    test(name, () => {
      const r = compileText(text);
      expect(renderAll(r)).toBe(errorsOf(r).length === 0 ? renderAll(r) : "");
      expect(errorsOf(r)).toEqual([]);
      expect(r.network).not.toBeNull();
    });
  }
});
