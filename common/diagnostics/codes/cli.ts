import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the command line. Append only; never reuse a code. */
export const cliCodes = defineCodes({
  "file-not-found": {
    severity: "error",
    message: msg`Cannot read '${"path"}': ${"reason"}`,
    description: "A file named on the command line or by an import cannot be read.",
  },
  "invalid-option": {
    severity: "error",
    message: msg`${"message"}`,
    description: "A command-line option has a bad value.",
  },
});
