import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the lsp area. Append only; never reuse a code. */
export const lspCodes = defineCodes({});
