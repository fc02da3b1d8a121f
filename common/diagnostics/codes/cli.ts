import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the command line. Usage errors (a bad option) are plain usage messages
 * with exit code 2, not diagnostics; a missing input file is the checker's `import-not-found`.
 * Append only; never reuse a code.
 */
export const cliCodes = defineCodes({
  "target-not-chosen": {
    severity: "warning",
    message: msg`This file has ${"count"} target blocks (${"names"}); snnc ${"command"} uses ${"used"}: choose one with --target`,
    description:
      "`snnc run` and `snnc build` use `--target`, else the file's single `target` block, else `js` (SPEC §8); a file with both a `js` and a `neurocorex` block therefore runs and builds `js` unless `--target` says otherwise.",
  },
});
