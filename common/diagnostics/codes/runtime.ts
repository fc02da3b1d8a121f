import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the runtime area. Append only; never reuse a code. */
export const runtimeCodes = defineCodes({});
