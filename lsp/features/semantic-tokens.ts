/**
 * Semantic tokens: what the TextMate grammar cannot know. Each name is coloured by what it
 * resolves to (population, model, constant, connectome neuron...), from the compiler's reference
 * index; units, built-in bases, rules and functions, and block keys get their own types.
 */
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver";
import { assertNever, type SourceFile } from "../../common/index.js";
import type { SymbolKind } from "../../compiler/index.js";
import { positionAt, type Analysis } from "../analysis.js";
import { walk } from "./syntax-walk.js";

const tokenTypes = [
  "namespace",
  "class",
  "variable",
  "property",
  "enumMember",
  "event",
  "function",
  "type",
  "parameter",
] as const;
const tokenModifiers = ["declaration", "readonly", "defaultLibrary"] as const;

type TokenType = (typeof tokenTypes)[number];
type TokenModifier = (typeof tokenModifiers)[number];

/** The legend the server announces; indices into it are what the token data encodes. */
export const semanticTokensLegend: SemanticTokensLegend = {
  tokenTypes: [...tokenTypes],
  tokenModifiers: [...tokenModifiers],
};

interface Token {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

function typeOfSymbol(kind: SymbolKind): { type: TokenType; modifiers: TokenModifier[] } {
  switch (kind) {
    case "const":
      return { type: "variable", modifiers: ["readonly"] };
    case "model":
      return { type: "class", modifiers: [] };
    case "population":
      return { type: "variable", modifiers: [] };
    case "member":
      return { type: "enumMember", modifiers: [] };
    case "connectome":
      return { type: "namespace", modifiers: [] };
    case "plasticity":
      return { type: "function", modifiers: [] };
    case "stimulus":
      return { type: "event", modifiers: [] };
    case "param":
      return { type: "property", modifiers: [] };
    default:
      return assertNever(kind, "symbol kind");
  }
}

function collect(a: Analysis, file: SourceFile): Token[] {
  const tokens: Token[] = [];
  const named = new Set<number>();
  for (const r of a.result.references) {
    if (r.span.file !== file.id) continue;
    const s = a.result.symbols[r.symbol];
    if (s === undefined) continue;
    const t = typeOfSymbol(s.kind);
    const isDecl = s.nameSpan.file === r.span.file && s.nameSpan.start === r.span.start;
    tokens.push({
      start: r.span.start,
      end: r.span.end,
      type: t.type,
      modifiers: isDecl ? [...t.modifiers, "declaration"] : t.modifiers,
    });
    named.add(r.span.start);
  }
  const builtin = (start: number, end: number, type: TokenType): void => {
    if (!named.has(start)) tokens.push({ start, end, type, modifiers: ["defaultLibrary"] });
  };
  if (a.ast !== undefined)
    walk(a.ast, (n) => {
      switch (n.kind) {
        case "Unit":
          for (const f of n.factors)
            tokens.push({ start: f.span.start, end: f.span.end, type: "type", modifiers: [] });
          break;
        case "Model":
          builtin(n.base.span.start, n.base.span.end, "class");
          break;
        case "Plasticity":
          builtin(n.rule.span.start, n.rule.span.end, "function");
          break;
        case "Call":
          builtin(n.callee.span.start, n.callee.span.end, "function");
          for (const arg of n.args)
            if (arg.name !== undefined)
              builtin(arg.name.span.start, arg.name.span.end, "parameter");
          break;
        case "Assign":
          builtin(n.target.name.span.start, n.target.name.span.end, "property");
          break;
        default:
          break;
      }
    });
  return tokens;
}

/** Encodes the tokens of the main file (sorted, non-overlapping, single-line) as LSP data. */
export function semanticTokens(a: Analysis): SemanticTokens {
  const file = a.file;
  if (file === undefined) return { data: [] };
  const tokens = collect(a, file)
    .filter((t) => t.end > t.start)
    .sort((x, y) => x.start - y.start || y.end - x.end);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  let lastEnd = -1;
  for (const t of tokens) {
    if (t.start < lastEnd) continue;
    const { line, character: char } = positionAt(file, t.start);
    if (positionAt(file, t.end).line !== line) continue;
    const mods = t.modifiers.reduce((m, x) => m | (1 << tokenModifiers.indexOf(x)), 0);
    data.push(
      line - prevLine,
      line === prevLine ? char - prevChar : char,
      t.end - t.start,
      tokenTypes.indexOf(t.type),
      mods,
    );
    prevLine = line;
    prevChar = char;
    lastEnd = t.end;
  }
  return { data };
}
