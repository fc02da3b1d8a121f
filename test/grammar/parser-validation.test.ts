/**
 * Chevrotain's grammar validations (ambiguous alternatives, left recursion, unreachable or
 * duplicate rules) on the grammar of `.snn`. The parsers `parse()` uses skip them to start faster
 * (grammar/parser.ts), so this is where a grammar change that breaks them shows.
 */
import { describe, expect, it } from "vitest";
import { SnnParser } from "../../grammar/parser.js";

describe("the grammar passes Chevrotain's validations", () => {
  it.each([
    ["with error recovery", true],
    ["without error recovery", false],
  ])("%s", (_label, recovery) => {
    // performSelfAnalysis throws "Parser Definition Errors detected" on any validation error
    const parser = new SnnParser(recovery, true);
    // chevrotain keeps the list on the instance but leaves it out of its typings
    expect((parser as unknown as { definitionErrors: unknown[] }).definitionErrors).toEqual([]);
  });
});
