/**
 * The tokens of `.snn` (SPEC §1, §2, §10). Keywords are reserved words; every other word
 * (rule names, `exc`, `per_synapse`, ...) is an identifier the parser recognises by context.
 * A unit is only recognised right after a number (with or without spaces), which is why it has
 * a custom matcher that looks at the previous token.
 */
import type { CustomPatternMatcherFunc, IToken, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

// A line ends at "\n" or "\r\n". A lone "\r", which an editor shows as a line break, starts no
// token (invalid-character): as whitespace it would join two lines the user sees apart, and
// after a line comment it would hide the next line in the comment.
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /(?:[ \t\f\v\u00a0\ufeff]|\r(?=\n))+/,
  group: Lexer.SKIPPED,
});
export const Newline = createToken({
  name: "Newline",
  pattern: /\n/,
  label: "newline",
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: "comments",
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** A block comment that runs to the end of the file; reported, then kept as a comment. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
  line_breaks: true,
});

/**
 * What may stand as the key of a block statement: a name, or a reserved word other than `init`,
 * `true` and `false` (SPEC writes `plasticity = h` and `target` keys inside blocks).
 */
export const StatementKey = createToken({
  name: "StatementKey",
  pattern: Lexer.NA,
  label: "a name",
});

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
  categories: [StatementKey],
});

function keyword(word: string, usableAsKey = true): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
    ...(usableAsKey ? { categories: [StatementKey] } : {}),
  });
}

export const Import = keyword("import");
export const Const = keyword("const");
export const Model = keyword("model");
export const Population = keyword("population");
export const Connectome = keyword("connectome");
export const Connect = keyword("connect");
export const Gap = keyword("gap");
export const Plasticity = keyword("plasticity");
export const Stimulus = keyword("stimulus");
export const Record = keyword("record");
export const Simulate = keyword("simulate");
export const Target = keyword("target");
export const Of = keyword("of");
export const Init = keyword("init", false);
export const True = keyword("true", false);
export const False = keyword("false", false);

export const reservedWords: readonly string[] = [
  "import",
  "const",
  "model",
  "population",
  "connect",
  "gap",
  "connectome",
  "plasticity",
  "stimulus",
  "record",
  "simulate",
  "target",
  "of",
  "init",
  "true",
  "false",
];

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  // A number never takes a trailing "." (so 0..99 is INT .. INT).
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
});

const unitWord = /[A-Za-z][A-Za-z0-9]*/y;
const unitRun = /[A-Za-z][A-Za-z0-9]*(?:[*/][A-Za-z][A-Za-z0-9]*)*/y;

/** Matches a unit only right after a number (spaces between are skipped by the lexer). */
const matchUnit: CustomPatternMatcherFunc = (text, offset, tokens) => {
  const previous: IToken | undefined = tokens[tokens.length - 1];
  if (previous === undefined || previous.tokenType !== NumberLiteral) return null;
  unitWord.lastIndex = offset;
  const first = unitWord.exec(text);
  if (first === null) return null;
  // A reserved word or a word with "_" right after a number is not a unit (e.g. `3 per_synapse`).
  if (reservedWords.includes(first[0]) || text[offset + first[0].length] === "_") return null;
  unitRun.lastIndex = offset;
  return unitRun.exec(text);
};

export const Unit = createToken({
  name: "Unit",
  pattern: { exec: matchUnit },
  line_breaks: false,
  start_chars_hint: [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"],
  label: "a unit",
});

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  label: "a string",
});
/** A string with no closing quote on its line; reported, then parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  label: "a string",
});

/** Any binary arithmetic operator, so an expression is one flat rule (see parser.ts). */
export const BinaryOperator = createToken({
  name: "BinaryOperator",
  pattern: Lexer.NA,
  label: "an operator",
});

export const BiArrow = createToken({ name: "BiArrow", pattern: /<->/, label: "'<->'" });
export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./, label: "'..'" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const StarStar = createToken({
  name: "StarStar",
  pattern: /\*\*/,
  label: "'**'",
  categories: [BinaryOperator],
});
export const Star = createToken({
  name: "Star",
  pattern: /\*/,
  label: "'*'",
  categories: [BinaryOperator],
});
export const Slash = createToken({
  name: "Slash",
  pattern: /\//,
  label: "'/'",
  categories: [BinaryOperator],
});
export const Plus = createToken({
  name: "Plus",
  pattern: /\+/,
  label: "'+'",
  categories: [BinaryOperator],
});
export const Minus = createToken({
  name: "Minus",
  pattern: /-/,
  label: "'-'",
  categories: [BinaryOperator],
});
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/, label: "';'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });

export const keywordTokens: readonly TokenType[] = [
  Import,
  Const,
  Model,
  Population,
  Connectome,
  Connect,
  Gap,
  Plasticity,
  Stimulus,
  Record,
  Simulate,
  Target,
  Of,
  Init,
  True,
  False,
];

/** Order matters: longer and more specific patterns first. */
export const allTokens: readonly TokenType[] = [
  StatementKey,
  BinaryOperator,
  WhiteSpace,
  Newline,
  LineComment,
  BlockComment,
  UnterminatedComment,
  NumberLiteral,
  Unit,
  StringLiteral,
  UnterminatedString,
  ...keywordTokens,
  Identifier,
  BiArrow,
  Arrow,
  DotDot,
  Dot,
  StarStar,
  Star,
  Slash,
  Plus,
  Minus,
  Equals,
  Comma,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

export const snnLexer = new Lexer([...allTokens], {
  positionTracking: "full",
  ensureOptimizations: false,
  errorMessageProvider: {
    buildUnexpectedCharactersMessage: (text, startOffset) =>
      `Unexpected character '${text.charAt(startOffset)}'`,
    buildUnableToPopLexerModeMessage: () => "internal lexer mode error",
  },
});
