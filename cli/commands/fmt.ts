/**
 * `snnc fmt [--check] FILE...`: formats .snn files in place with the formatter the language
 * server and the Prettier plugin share. `--check` writes nothing and exits 1 when a file would
 * change. A file with syntax errors is reported and left alone.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatSource, parse } from "../../grammar/index.js";
import { SourceSet } from "../../common/index.js";
import { optionFlag, parseArgs, reportArgErrors } from "../args.js";
import { writing } from "../output.js";
import type { Command } from "../main.js";
import { reportDiagnostics } from "../report.js";

export const fmtCommand: Command = {
  summary: "Format .snn files in place (--check: only report files that would change).",
  usage: "snnc fmt [--check] FILE...",
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ["check"] });
    if (reportArgErrors(io, "fmt", fmtCommand.usage, args)) return 2;
    const check = optionFlag(args, "check");
    if (args.positional.length === 0) {
      io.stderr(`usage: ${fmtCommand.usage}\n`);
      return 2;
    }
    let status = 0;
    for (const name of args.positional) {
      const path = resolve(io.cwd, name);
      let text: string;
      try {
        // only regular files: a device such as /dev/zero never ends, a FIFO may never answer
        if (!statSync(path).isFile()) throw new Error("not a regular file");
        text = readFileSync(path, "utf8");
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        io.stderr(`snnc fmt: cannot read '${name}': ${why}\n`);
        status = 1;
        continue;
      }
      const result = formatSource(text);
      if (!result.formatted) {
        const sources = new SourceSet();
        const file = sources.add(name, text);
        reportDiagnostics(io, sources, parse(file).diagnostics, "text");
        status = 1;
        continue;
      }
      if (result.text === text) continue;
      if (check) {
        io.stdout(`${name}: not formatted\n`);
        status = 1;
      } else {
        writing(path, () => writeFileSync(path, result.text));
        io.stdout(`formatted ${name}\n`);
      }
    }
    return status;
  },
};
