/** The snnc front end: `compile()` from a main `.snn` file to the checked network IR. */
export { compile, type CompileOptions, type CompileResult } from "./pipeline.js";
export { createIncrementalCompiler, type IncrementalCompiler } from "./incremental.js";
export type { CompilerHost, SymbolDecl, SymbolKind, SymbolRef } from "./passes/context.js";
export { serializeNetwork, printNetwork, formatValueExpr, type PrintOptions } from "./ir/print.js";
export { verifyNetwork } from "./ir/verify.js";
/** How a path written in a file (import, csv, from_csv) names a file: the language server agrees. */
export { resolveRelative } from "./passes/paths.js";
