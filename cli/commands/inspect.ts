import type { Command } from "../main.js";

/** `snnc inspect`: not built yet in this commit; its owner replaces this file. */
export const inspectCommand: Command = {
  summary: "inspect",
  usage: "snnc inspect",
  run: async (_argv, io) => {
    io.stderr("snnc inspect: this command is not available in this build\n");
    return 2;
  },
};
