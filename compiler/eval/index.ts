/** Evaluation of expressions to checked quantities (SPEC §2), and operations on IR value trees. */
export * from "./quantity.js";
export * from "./evaluate.js";
export * from "./expect.js";
export * from "./functions.js";
export * from "./arguments.js";
export * from "../ir/value-expr.js";
export * from "./format-value.js";
