export * from "./types.js";
export { expectedSynapses, selectionSize } from "./synapse-count.js";
