#!/usr/bin/env node
// The `snnc` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { main } from "../dist/cli/main.js";

// A reader that stops early (`snnc run ... | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `snnc: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.stderr.write(
      "This is a bug in snnc; please report it with the file that triggered it.\n",
    );
    process.exitCode = 70;
  },
);
