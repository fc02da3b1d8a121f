/** Code generation of the JS simulator (used by runtime/simulate and backends/js). */
export { emitModuleFile, emitSimulatorBody, loadSimulator } from "./emit-module.js";
export type {
  EmitOptions,
  GeneratedResult,
  GeneratedSimulator,
  LoadedSimulator,
} from "./emit-module.js";
export { planNetwork } from "./plan.js";
