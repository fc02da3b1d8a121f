export * from "./source.js";
export * from "./diagnostics/message.js";
export * from "./diagnostics/codes.js";
export * from "./diagnostics/diagnostic.js";
export * from "./diagnostics/render.js";
