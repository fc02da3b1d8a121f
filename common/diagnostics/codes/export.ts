import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the export area. Append only; never reuse a code. */
export const exportCodes = defineCodes({});
