export type * from "./ast.js";
export { parse, parseFrom, filterNewlines, type ParseResult } from "./parse.js";
export { reservedWords } from "./tokens.js";
export { openCallAt, type OpenCall } from "./open-call.js";
export { unitNames, isUnitName } from "./unit-names.js";
export {
  formatSource,
  formatParsed,
  formatRangeParsed,
  type FormatEdit,
  type FormatOptions,
  type FormatResult,
} from "./format.js";
export {
  createIncrementalParser,
  chunkStarts,
  type IncrementalParser,
  type IncrementalParseStats,
} from "./incremental.js";
