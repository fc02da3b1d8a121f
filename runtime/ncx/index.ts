export { runCoreModel, simulateOnCore, collectSpikes, CoreLimitError } from "./run-model.js";
export * from "./core/index.js";
