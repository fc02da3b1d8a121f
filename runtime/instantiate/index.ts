/** Drawing a network's random structure (docs/runtime.md): one generator for every consumer. */
export { buildCsrNetwork, instantiateNetwork, streamsFor } from "./build.js";
export type { BuildStats, BuiltNetwork, CsrNetwork } from "./build.js";
export { evalValue, toSteps, gapStreamNames, projectionStreamNames } from "./generate.js";
export type { GapPairs, ProjectionCsr, StreamFactory } from "./generate.js";
