export type * from "./ast.js";
export { parse, filterNewlines, type ParseResult } from "./parse.js";
export { reservedWords } from "./tokens.js";
export { unitNames, isUnitName } from "./unit-names.js";
export { formatSource, type FormatOptions, type FormatResult } from "./format.js";
