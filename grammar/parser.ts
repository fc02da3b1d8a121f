/**
 * The Chevrotain parser of `.snn` (SPEC §10): a pure CstParser with error recovery, one shared
 * instance. It sees a token stream in which insignificant newlines were already dropped
 * (see {@link filterNewlines} in parse.ts), so a `Newline` token here always separates statements.
 */
import type { CstNode, IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { CstParser, EOF } from "./chevrotain.js";
import * as T from "./tokens.js";

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  if (token.tokenType === T.Newline) return "the end of the line";
  return `'${token.image}'`;
}

function labelOf(type: TokenType): string {
  if (type === EOF) return "the end of the file";
  if (type === T.Newline) return "a newline";
  return type.LABEL ?? type.name;
}

const ruleDescriptions: Readonly<Record<string, string>> = {
  declaration:
    "a declaration (import, const, model, population, connect, gap, connectome, plasticity, stimulus, record, simulate or target)",
  statement: "a statement (name = value, init, or a nested block)",
  primary: "a value (a number, a name, a string, a call, a list or a parenthesised expression)",
  item: "a name, an index, a range or a pattern",
  separator: "';' or a newline",
};

/** Chevrotain's messages, rephrased as one sentence in sentence case (STYLE §7). */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `Expected ${labelOf(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `Unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) =>
    `Expected ${ruleDescriptions[ruleName] ?? ruleName} but found ${describeToken(actual[0] ?? ({ tokenType: EOF, image: "" } as unknown as IToken))}`,
  buildEarlyExitMessage: ({ actual, ruleName }) =>
    `Expected ${ruleDescriptions[ruleName] ?? ruleName} but found ${describeToken(actual[0] ?? ({ tokenType: EOF, image: "" } as unknown as IToken))}`,
};

export class SnnParser extends CstParser {
  /**
   * @param recoveryEnabled Chevrotain's error recovery (off for the fast first parse)
   * @param validate run Chevrotain's grammar validations (ambiguities, left recursion): about a
   *   quarter of the parser's construction, paid at every start of `snnc`. They depend only on
   *   the grammar, so the test suite runs them (test/grammar/parser-validation.test.ts) and the
   *   instances users run skip them.
   */
  constructor(recoveryEnabled = true, validate = false) {
    super([...T.allTokens, EOF].filter((t) => t !== EOF) as TokenType[], {
      recoveryEnabled,
      maxLookahead: 3,
      errorMessageProvider: errorMessages,
      nodeLocationTracking: "onlyOffset",
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  public file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.separator) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]);
    });
  });

  public separator = this.RULE("separator", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME(T.Newline) }]);
  });

  public declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.populationDecl) },
      { ALT: () => this.SUBRULE(this.connectDecl) },
      { ALT: () => this.SUBRULE(this.gapDecl) },
      { ALT: () => this.SUBRULE(this.connectomeDecl) },
      { ALT: () => this.SUBRULE(this.plasticityDecl) },
      { ALT: () => this.SUBRULE(this.stimulusDecl) },
      { ALT: () => this.SUBRULE(this.recordDecl) },
      { ALT: () => this.SUBRULE(this.simulateDecl) },
      { ALT: () => this.SUBRULE(this.targetDecl) },
    ]);
  });

  public importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  public constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public populationDecl = this.RULE("populationDecl", () => {
    this.CONSUME(T.Population);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.items);
    this.CONSUME(T.RBracket);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public connectDecl = this.RULE("connectDecl", () => {
    this.CONSUME(T.Connect);
    this.SUBRULE(this.selection);
    this.CONSUME(T.Arrow);
    this.SUBRULE2(this.selection);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public gapDecl = this.RULE("gapDecl", () => {
    this.CONSUME(T.Gap);
    this.SUBRULE(this.selection);
    this.CONSUME(T.BiArrow);
    this.SUBRULE2(this.selection);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public connectomeDecl = this.RULE("connectomeDecl", () => {
    this.CONSUME(T.Connectome);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public plasticityDecl = this.RULE("plasticityDecl", () => {
    this.CONSUME(T.Plasticity);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public stimulusDecl = this.RULE("stimulusDecl", () => {
    this.CONSUME(T.Stimulus);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.selection);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public recordDecl = this.RULE("recordDecl", () => {
    this.CONSUME(T.Record);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Of);
    this.SUBRULE(this.selection);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Arrow);
          this.SUBRULE2(this.selection);
        },
      },
      {
        ALT: () => {
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.selection);
          });
        },
      },
    ]);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public simulateDecl = this.RULE("simulateDecl", () => {
    this.CONSUME(T.Simulate);
    this.SUBRULE(this.block);
  });

  public targetDecl = this.RULE("targetDecl", () => {
    this.CONSUME(T.Target);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.separator) },
        { ALT: () => this.SUBRULE(this.statement) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  public statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.initStmt) },
      {
        GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.LBrace,
        ALT: () => this.SUBRULE(this.nestedBlock),
      },
      { ALT: () => this.SUBRULE(this.assignStmt) },
    ]);
  });

  public initStmt = this.RULE("initStmt", () => {
    this.CONSUME(T.Init);
    this.SUBRULE(this.selection);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public nestedBlock = this.RULE("nestedBlock", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.block);
  });

  public assignStmt = this.RULE("assignStmt", () => {
    this.SUBRULE(this.lvalue);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.OPTION({
      GATE: () => this.LA(1).image === "per_synapse",
      DEF: () => this.CONSUME(T.Identifier),
    });
  });

  /** Like a selection, but its name may be a reserved word (`plasticity = h`). */
  public lvalue = this.RULE("lvalue", () => {
    this.OR1([
      { ALT: () => this.CONSUME(T.StatementKey) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.Identifier);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.items);
            this.CONSUME(T.RBracket);
          },
        },
      ]);
    });
  });

  public selection = this.RULE("selection", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Identifier);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.items);
            this.CONSUME(T.RBracket);
          },
        },
      ]);
    });
  });

  public items = this.RULE("items", () => {
    this.SUBRULE(this.item);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.item);
    });
  });

  public item = this.RULE("item", () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.expression);
    });
  });

  /**
   * An expression is a flat run of operands and binary operators; precedence and associativity
   * (`+ -` < `* /` < `**`, right-associative) are applied when the AST is built. One rule level
   * instead of four keeps the CST small: most values are a single number.
   */
  public expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
  });

  /** A primary with an optional sign (SPEC §10 `unary`). */
  public operand = this.RULE("operand", () => {
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
    });
    this.SUBRULE(this.primary);
  });

  public primary = this.RULE("primary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => this.CONSUME(T.Unit));
        },
      },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenthesised) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  public nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.OPTION2(() => {
              this.SUBRULE(this.argument);
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.argument);
              });
            });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Identifier);
          },
        },
      ]);
    });
  });

  public argument = this.RULE("argument", () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Equals,
      DEF: () => {
        this.CONSUME(T.Identifier);
        this.CONSUME(T.Equals);
      },
    });
    this.SUBRULE(this.expression);
  });

  public parenthesised = this.RULE("parenthesised", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
    this.CONSUME(T.RParen);
  });

  public list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RBracket);
  });
}

let recovering: SnnParser | null = null;

/**
 * The parser with error recovery, built on first use: Chevrotain parsers are expensive to
 * construct, and a run of `snnc` on files without syntax errors never needs this one.
 */
export function recoveringParser(): SnnParser {
  recovering ??= new SnnParser();
  return recovering;
}

/**
 * The same grammar without error recovery: faster on the common case of a file with no syntax
 * errors; parse() falls back to {@link recoveringParser} as soon as it reports one.
 */
export const snnFastParser = new SnnParser(false);

export type { CstNode };
