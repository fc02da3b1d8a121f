/**
 * The simulator of snnc (SPEC §3-7): `simulate()` runs a network on the JS backend's generated
 * code, `instantiateNetwork()` draws the network's random structure for every other consumer,
 * and the writers turn a `RunResult` into CSV files, a summary table and an SVG raster.
 */
export { simulate } from "./simulate.js";
export type { SimulateOptions } from "./simulate.js";
export { instantiateNetwork } from "./instantiate/index.js";
export type { BuiltNetwork, BuildStats } from "./instantiate/index.js";
export { estimateBytes, MAX_NETWORK_BYTES, networkTooLarge } from "./instantiate/estimate.js";
export { makeDirectories, writeRecordings } from "./output/write.js";
export { recordingFiles, timeFormatter, formatValue } from "./output/csv.js";
export { formatSummary } from "./output/summary.js";
export { renderRasterSvg } from "./output/raster-svg.js";
export { RandomStream } from "./random/index.js";
export { lifCoefficients } from "./kernels/coefficients.js";
export type { LifCoefficients } from "./kernels/coefficients.js";
export { emitModuleFile, loadSimulator } from "./codegen/index.js";
export type { GeneratedSimulator } from "./codegen/index.js";
export type { RunResult, SpikeTable, StateTrace, WeightTrace } from "./results.js";
