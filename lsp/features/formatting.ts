/**
 * Formatting: the lead's canonical formatter (grammar/format.ts, the same one `snnc fmt` and
 * the Prettier plugin use) applied to the whole document, as one edit. A file with syntax
 * errors is left alone (the formatter refuses it rather than drop text).
 */
import type { FormattingOptions, TextEdit } from "vscode-languageserver";
import { formatSource } from "../../grammar/index.js";
import type { SourceFile } from "../../common/index.js";
import { rangeOf } from "../analysis.js";

/** The edits that format `text`; none when it is already formatted or cannot be parsed. */
export function formatDocument(
  path: string,
  text: string,
  _options: FormattingOptions,
): TextEdit[] {
  const result = formatSource(text);
  if (!result.formatted || result.text === text) return [];
  const file: SourceFile = { id: 0, path, text };
  return [{ range: rangeOf(file, 0, text.length), newText: result.text }];
}
