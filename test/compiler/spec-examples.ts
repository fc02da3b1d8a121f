/**
 * The SPEC §9 examples by number, read from ../shared/SPEC.md (the contract: they must compile
 * without errors), for the checker's tests.
 */
import { specExamples as fromSpec } from "../helpers/spec-examples.js";

function byNumber(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fromSpec()) {
    const number = /^(9\.\d)/.exec(e.title)?.[1];
    if (number !== undefined) out[number] = e.source;
  }
  return out;
}

export const specExamples: Readonly<Record<string, string>> = byNumber();
