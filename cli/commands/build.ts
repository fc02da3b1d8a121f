import type { Command } from "../main.js";

/** `snnc build`: not built yet in this commit; its owner replaces this file. */
export const buildCommand: Command = {
  summary: "build",
  usage: "snnc build",
  run: async (_argv, io) => {
    io.stderr("snnc build: this command is not available in this build\n");
    return 2;
  },
};
