import type { Command } from "../main.js";

/** `snnc upload`: not built yet in this commit; its owner replaces this file. */
export const uploadCommand: Command = {
  summary: "upload",
  usage: "snnc upload",
  run: async (_argv, io) => {
    io.stderr("snnc upload: this command is not available in this build\n");
    return 2;
  },
};
