export * from "./types.js";
export { expectedSynapses } from "./synapse-count.js";
