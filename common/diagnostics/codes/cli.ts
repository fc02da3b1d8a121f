import { defineCodes } from "../message.js";

/**
 * Diagnostic codes of the command line. Usage errors (a bad option) are plain usage messages
 * with exit code 2, not diagnostics; a missing input file is the checker's `import-not-found`.
 */
export const cliCodes = defineCodes({});
