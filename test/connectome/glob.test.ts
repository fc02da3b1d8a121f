import { describe, expect, test } from "vitest";
import { globToRegExp, isGlob, matchesGlob } from "../../compiler/connectome/index.js";

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
    expect(() => globToRegExp("\\^$.{}")).not.toThrow();
  });

  test("? is one character, also outside the basic plane, and * spans line breaks", () => {
    expect(matchesGlob("?", "\u{1F41B}")).toBe(true);
    expect(matchesGlob("PLM*", "PLM\r\nL")).toBe(true);
    expect(isGlob("AV*")).toBe(true);
    expect(isGlob("AVAL")).toBe(false);
  });
});
