/**
 * Formatting: the lead's canonical formatter (grammar/format.ts, the same one `snnc fmt` and
 * the Prettier plugin use) applied to the whole document, as one edit. A file with syntax
 * errors is left alone (the formatter refuses it rather than drop text).
 */
import type { FormattingOptions, TextEdit } from "vscode-languageserver";
import { formatParsed, type ParseResult } from "../../grammar/index.js";
import type { SourceFile } from "../../common/index.js";
import { rangeOf } from "../analysis.js";

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
