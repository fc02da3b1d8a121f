export * from "./fixed.js";
export * from "./layout.js";
export * from "./state.js";
export * from "./engine.js";
export * from "./frames.js";
export * from "./receiver.js";
