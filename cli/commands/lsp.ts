/**
 * `snnc lsp --stdio`: the language server over standard input and output, for VS Code (the
 * extension starts it) and any other LSP client. It runs until the client sends `exit`.
 */
import { startServer } from "../../lsp/index.js";
import type { Command } from "../main.js";

export const lspCommand: Command = {
  summary: "Start the .snn language server (LSP) on stdin/stdout.",
  usage: "snnc lsp --stdio",
  async run(argv, io) {
    if (!argv.includes("--stdio")) {
      io.stderr(`usage: ${lspCommand.usage}\n(only the stdio transport is supported)\n`);
      return 2;
    }
    await startServer();
    return 0;
  },
};
