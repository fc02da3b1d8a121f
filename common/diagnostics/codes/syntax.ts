import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the lexer and parser. Append only; never reuse a code. */
export const syntaxCodes = defineCodes({
  "invalid-character": {
    severity: "error",
    message: msg`Unexpected character ${"char"}`,
    description: "The lexer met a character that starts no token.",
  },
  "unterminated-string": {
    severity: "error",
    message: msg`Unterminated string`,
    description: "A string literal has no closing double quote on its line.",
  },
  "unterminated-comment": {
    severity: "error",
    message: msg`Unterminated block comment`,
    description: "A /* comment has no closing */.",
  },
  "syntax-error": {
    severity: "error",
    message: msg`${"message"}`,
    description: "The parser expected another token; it recovers and reports later errors too.",
  },
  "brackets-too-deep": {
    severity: "error",
    message: msg`Brackets nest more than ${"limit"} levels deep here`,
    description:
      "The parser recurses once a bracket level: past this depth a file is refused, not parsed.",
  },
  "missing-separator": {
    severity: "error",
    message: msg`Expected ';' or a newline between two statements`,
    description: "Two statements of a block stand on one line without a ';' between them.",
  },
  "unit-after-non-number": {
    severity: "error",
    message: msg`A unit can only follow a number: '${"unit"}' follows ${"found"}`,
    description:
      "A unit name was written after something that is not a number literal (write `2 * x` or `(x) * 1 ms`).",
  },
});
