export { pynnBackend, createPynnBackend, emitPynn } from "./backend.js";
export { checkPynnLimits } from "./limits.js";
export type { PynnBuilt, Instantiate } from "./structure.js";
