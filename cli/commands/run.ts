import type { Command } from "../main.js";

/** `snnc run`: not built yet in this commit; its owner replaces this file. */
export const runCommand: Command = {
  summary: "run",
  usage: "snnc run",
  run: async (_argv, io) => {
    io.stderr("snnc run: this command is not available in this build\n");
    return 2;
  },
};
