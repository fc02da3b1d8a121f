import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the check area. Append only; never reuse a code. */
export const checkCodes = defineCodes({});
