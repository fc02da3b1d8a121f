/**
 * Formatting: the lead's canonical formatter (grammar/format.ts, the same one `snnc fmt` and
 * the Prettier plugin use) applied to the whole document, as one edit, or to the declarations a
 * range touches ("Format Selection", format on save of modified lines). A file with syntax
 * errors is left alone (the formatter refuses it rather than drop text).
 */
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver";
import { formatParsed, formatRangeParsed, type ParseResult } from "../../grammar/index.js";
import type { SourceFile } from "../../common/index.js";
import { rangeOf } from "../analysis.js";
import { offsetAt } from "../positions.js";

/** The edits that format `file`, parsed as `parsed`; none when formatted or unparseable. */
export function formatDocument(
  file: SourceFile,
  parsed: ParseResult,
  _options: FormattingOptions,
): TextEdit[] {
  const result = formatParsed(file.text, parsed);
  if (!result.formatted || result.text === file.text) return [];
  return [{ range: rangeOf(file, 0, file.text.length), newText: result.text }];
}

/**
 * The edit that formats the declarations `range` touches, as formatting the whole document
 * would print them; none when they are formatted or the file does not parse.
 */
export function formatDocumentRange(
  file: SourceFile,
  parsed: ParseResult,
  range: Range,
  _options: FormattingOptions,
): TextEdit[] {
  const start = offsetAt(file, range.start);
  const end = Math.max(start, offsetAt(file, range.end));
  const edit = formatRangeParsed(file.text, parsed, start, end);
  return edit === null ? [] : [{ range: rangeOf(file, edit.start, edit.end), newText: edit.text }];
}
