/**
 * A Prettier plugin for `.snn` files, built on snnc's own parser and formatter, so Prettier,
 * `snnc fmt` and the language server format identically. Use it with
 * `prettier --plugin snnc/prettier-plugin --write "**\/*.snn"` or in `.prettierrc`
 * (`"plugins": ["snnc/prettier-plugin"]`). A file with syntax errors is reported as an error
 * (with its line and column) instead of being reformatted.
 */
import { lineColOf } from "../common/index.js";
import { formatSource } from "./format.js";
import { parse } from "./parse.js";

interface SnnRoot {
  readonly type: "snn-root";
  readonly text: string;
}

/** The error Prettier shows for a file that does not parse. */
class SnnSyntaxError extends Error {
  readonly loc: { start: { line: number; column: number } };
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = "SyntaxError";
    this.loc = { start: { line, column } };
  }
}

export const languages = [
  {
    name: "SNN",
    parsers: ["snn"],
    extensions: [".snn"],
    vscodeLanguageIds: ["snn"],
  },
];

export const parsers = {
  snn: {
    astFormat: "snn-ast",
    parse(text: string): SnnRoot {
      const file = { id: 0, path: "<prettier>", text };
      const first = parse(file).diagnostics.find((d) => d.severity === "error");
      if (first !== undefined) {
        const at =
          typeof first.span === "symbol"
            ? { line: 1, column: 1 }
            : lineColOf(file, first.span.start);
        throw new SnnSyntaxError(`${first.message} (${at.line}:${at.column})`, at.line, at.column);
      }
      return { type: "snn-root", text };
    },
    locStart: () => 0,
    locEnd: (node: SnnRoot) => node.text.length,
  },
};

export const printers = {
  "snn-ast": {
    print(path: { getValue(): SnnRoot }, options: { printWidth?: number }): string {
      const root = path.getValue();
      const width = options.printWidth ?? 100;
      return formatSource(root.text, { printWidth: width }).text;
    },
  },
};
