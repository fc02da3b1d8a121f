import type { Command } from "../main.js";

/** `snnc fmt`: not built yet in this commit; its owner replaces this file. */
export const fmtCommand: Command = {
  summary: "fmt",
  usage: "snnc fmt",
  run: async (_argv, io) => {
    io.stderr("snnc fmt: this command is not available in this build\n");
    return 2;
  },
};
