export { nirBackend, createNirBackend } from "./backend.js";
export { checkNirLimits, lowerToNir } from "./graph.js";
export type { NirGraph, NirNode, NirBuilt } from "./graph.js";
export { NIR_VERSION } from "./serialize.js";
