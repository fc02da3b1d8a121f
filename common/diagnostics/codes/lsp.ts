import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the lsp area. Append only; never reuse a code. */
export const lspCodes = defineCodes({
  "lsp/imported-file-errors": {
    severity: "error",
    message: msg`The imported file '${"file"}' has ${"errors"}`,
    description:
      "Shown by the language server on an import whose file (or a file it imports) has errors, so the importing file does not look clean while `snnc check` fails; the related locations lead to the errors.",
  },
});
