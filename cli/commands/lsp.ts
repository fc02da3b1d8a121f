import type { Command } from "../main.js";

/** `snnc lsp`: not built yet in this commit; its owner replaces this file. */
export const lspCommand: Command = {
  summary: "lsp",
  usage: "snnc lsp",
  run: async (_argv, io) => {
    io.stderr("snnc lsp: this command is not available in this build\n");
    return 2;
  },
};
