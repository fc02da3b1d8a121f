import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the units area. Append only; never reuse a code. */
export const unitsCodes = defineCodes({});
