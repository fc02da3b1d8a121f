/**
 * The call whose parentheses are open at a place in the text, for the editor's signature help.
 * It reads tokens, not the tree: while an argument list is being typed the file does not parse,
 * and the parser's recovery may drop the unfinished call.
 */
import type { IToken, TokenType } from "chevrotain";
import {
  Comma,
  Equals,
  Identifier,
  LBrace,
  LBracket,
  LParen,
  RBrace,
  RBracket,
  RParen,
  snnLexer,
} from "./tokens.js";

/** A call open at an offset: its callee, where it stands, and which argument the offset is in. */
export interface OpenCall {
  readonly callee: string;
  readonly calleeStart: number;
  /** The key of the statement the call is the value of (`rule`, `sign`), when it is one. */
  readonly key: string | undefined;
  /** Which argument the offset is in, counting from 0 (commas before it at the call's level). */
  readonly argIndex: number;
  /** The argument's name when it is written `name = ...`. */
  readonly argName: string | undefined;
}

const is = (t: IToken, type: TokenType): boolean => t.tokenType === type;

interface Frame {
  readonly call: boolean;
  readonly block: boolean;
  readonly callee: string;
  readonly calleeStart: number;
  readonly key: string | undefined;
  argIndex: number;
  argName: string | undefined;
  /** Tokens of the current argument so far (to see `name =` at its start). */
  argTokens: number;
}

/**
 * The innermost call open at `offset` in `text`, lexing from `from` (the start of the enclosing
 * declaration keeps this cheap in a long file), or undefined when the offset is in no call's
 * argument list.
 */
export function openCallAt(text: string, offset: number, from = 0): OpenCall | undefined {
  const { tokens } = snnLexer.tokenize(text.slice(from, offset));
  const stack: Frame[] = [];
  const image = (i: number): string | undefined => tokens[i]?.image;
  tokens.forEach((t: IToken, i: number) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.argTokens++;
    if (is(t, LParen)) {
      const before = tokens[i - 1];
      const isCall = before !== undefined && is(before, Identifier);
      const keyed = isCall && image(i - 2) === "=" && tokens[i - 3] !== undefined;
      stack.push({
        call: isCall,
        block: false,
        callee: before?.image ?? "",
        calleeStart: from + (before?.startOffset ?? 0),
        key: keyed ? image(i - 3) : undefined,
        argIndex: 0,
        argName: undefined,
        argTokens: 0,
      });
    } else if (is(t, LBracket) || is(t, LBrace)) {
      stack.push({
        call: false,
        block: is(t, LBrace),
        callee: "",
        calleeStart: 0,
        key: undefined,
        argIndex: 0,
        argName: undefined,
        argTokens: 0,
      });
    } else if (is(t, RParen) || is(t, RBracket) || is(t, RBrace)) {
      stack.pop();
    } else if (top !== undefined && is(t, Comma)) {
      top.argIndex++;
      top.argName = undefined;
      top.argTokens = 0;
    } else if (top !== undefined && is(t, Equals) && top.argTokens === 2) {
      top.argName = image(i - 1);
    }
  });
  // Inside a list or a tuple of a call's argument (`from_list([(0, 1), (`) the call is still
  // the one being typed; a block's braces end the search.
  const top = stack.findLast((f) => f.call || f.block);
  if (top === undefined || !top.call) return undefined;
  return {
    callee: top.callee,
    calleeStart: top.calleeStart,
    key: top.key,
    argIndex: top.argIndex,
    argName: top.argName,
  };
}
