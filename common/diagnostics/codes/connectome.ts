import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the connectome area. Append only; never reuse a code. */
export const connectomeCodes = defineCodes({});
