import { defineCodes, msg } from "../message.js";

/** Diagnostic codes of the lexer and parser. Append only; never reuse a code. */
export const syntaxCodes = defineCodes({
  "invalid-character": {
    severity: "error",
    message: msg`Unexpected character '${"char"}'`,
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
});
