import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the fpga area. Append only; never reuse a code. */
export const fpgaCodes = defineCodes({});
