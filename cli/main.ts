/**
 * The `snnc` command: dispatches to one module per sub-command (cli/commands/*.ts). Every
 * command returns its exit code; user errors are printed as diagnostics, never thrown.
 */
import { processIo, type CliIo } from "./io.js";
import { OutputError } from "./output.js";

export interface Command {
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

type CommandLoader = () => Promise<Command>;

const commands: Readonly<Record<string, CommandLoader>> = {
  check: async () => (await import("./commands/check.js")).checkCommand,
  build: async () => (await import("./commands/build.js")).buildCommand,
  run: async () => (await import("./commands/run.js")).runCommand,
  fmt: async () => (await import("./commands/fmt.js")).fmtCommand,
  lsp: async () => (await import("./commands/lsp.js")).lspCommand,
  inspect: async () => (await import("./commands/inspect.js")).inspectCommand,
  upload: async () => (await import("./commands/upload.js")).uploadCommand,
};

const summaries: Readonly<Record<string, string>> = {
  check: "check a .snn file: names, units, structure, target limits",
  build: "compile to a target: ir, js, neurocorex, pynn, nir",
  run: "compile and simulate, write CSV recordings (and an SVG raster)",
  fmt: "format .snn files",
  lsp: "start the language server (--stdio)",
  inspect: "decode a NeuroCoreX image (.ncx) into a readable listing",
  upload: "send a network to a NeuroCoreX board over its serial port",
};

function help(): string {
  const lines = ["usage: snnc <command> [options]", "", "commands:"];
  for (const [name, summary] of Object.entries(summaries))
    lines.push(`  ${name.padEnd(9)} ${summary}`);
  lines.push("", "Run 'snnc <command> --help' for a command's options.");
  return lines.join("\n") + "\n";
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout("snnc 0.1.0\n");
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(`snnc: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // a file that cannot be written: the user's to fix, not a bug of snnc
    if (!(e instanceof OutputError)) throw e;
    io.stderr(`snnc ${name}: ${e.message}\n`);
    return 1;
  }
}
