import type { Command } from "../main.js";

/** `snnc check`: not built yet in this commit; its owner replaces this file. */
export const checkCommand: Command = {
  summary: "check",
  usage: "snnc check",
  run: async (_argv, io) => {
    io.stderr("snnc check: this command is not available in this build\n");
    return 2;
  },
};
