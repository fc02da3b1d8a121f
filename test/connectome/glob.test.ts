import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { compileGlob, isGlob, matchesGlob } from "../../compiler/connectome/index.js";

describe("member-name globs (SPEC §1 selections)", () => {
  test("anchored, case-sensitive, * for any run and ? for one character", () => {
    expect(matchesGlob("AV*", "AVAL")).toBe(true);
    expect(matchesGlob("AV*", "AV")).toBe(true);
    expect(matchesGlob("AV*", "RIAVAL")).toBe(false);
    expect(matchesGlob("av*", "AVAL")).toBe(false);
    expect(matchesGlob("PVC?", "PVCL")).toBe(true);
    expect(matchesGlob("PVC?", "PVC")).toBe(false);
    expect(matchesGlob("*L", "AVAL")).toBe(true);
    expect(matchesGlob("AVM", "AVM")).toBe(true);
    expect(matchesGlob("AVM", "AVML")).toBe(false);
  });

  test("every other character is literal, including regular-expression syntax", () => {
    expect(matchesGlob("A.B", "AxB")).toBe(false);
    expect(matchesGlob("A.B", "A.B")).toBe(true);
    expect(matchesGlob("(x)+[y]", "(x)+[y]")).toBe(true);
    expect(matchesGlob("a|b", "a")).toBe(false);
    expect(matchesGlob("Unknown (orphan)", "Unknown (orphan)")).toBe(true);
    expect(matchesGlob("\\^$.{}", "\\^$.{}")).toBe(true);
  });

  test("? is one character, also outside the basic plane, and * spans line breaks", () => {
    expect(matchesGlob("?", "\u{1F41B}")).toBe(true);
    expect(matchesGlob("PLM*", "PLM\r\nL")).toBe(true);
    expect(isGlob("AV*")).toBe(true);
    expect(isGlob("AVAL")).toBe(false);
  });

  test("many stars do not make matching exponential (a regex with 30 '.*' took minutes)", () => {
    // The old regex-based matcher backtracked through every way of splitting the name among the
    // stars; the greedy matcher needs at most pattern x name steps, so this answers at once.
    expect(matchesGlob(`${"*".repeat(30)}Z`, "x".repeat(30))).toBe(false);
    expect(matchesGlob(`${"*a".repeat(12)}b`, "a".repeat(40))).toBe(false);
    expect(matchesGlob(`${"*".repeat(30)}x`, "x".repeat(30))).toBe(true);
    expect(compileGlob("**").test("")).toBe(true);
  });

  test("agrees with the anchored regular expression the glob stands for", () => {
    const reference = (pattern: string, name: string): boolean => {
      let source = "^";
      for (const ch of pattern)
        source += ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp(source + "$", "su").test(name);
    };
    const alphabet = fc.constantFrom("A", "B", "L", "*", "?", ".", "\u{1F41B}");
    const text = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(""));
    const name = fc.array(fc.constantFrom("A", "B", "L", ".", "*", "\u{1F41B}"), { maxLength: 8 });
    fc.assert(
      fc.property(text, name, (pattern, cs) => {
        const n = cs.join("");
        expect(matchesGlob(pattern, n)).toBe(reference(pattern, n));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
