export { importConnectome, DEFAULT_COLUMNS, DEFAULT_KINDS } from "./import.js";
export type {
  ChemicalEdge,
  ConfigString,
  ConnectomeConfig,
  ConnectomeData,
  ConnectomeHost,
  ConnectomeStats,
  ElectricalEdge,
} from "./types.js";
export { notCsvText, readCsv } from "./csv-reader.js";
export { otherSeparator } from "./report.js";
export type { CsvOptions, CsvProblem, CsvSummary, CsvVisitor } from "./csv-reader.js";
export { compileGlob, isGlob, matchesGlob, type Glob } from "./glob.js";
export { DEFAULT_SIGNS } from "./signs.js";
export { summarizeMembers, formatMemberSummary } from "./summary.js";
export type { MemberSummary } from "./summary.js";
