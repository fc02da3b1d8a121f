// Replaces (or appends) one marked section of docs/benchmarks.md, so each benchmark script owns
// its section and the rest of the file is left as it is.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";

/** `Node vX, N × CPU, load average L` of this machine now. */
export function machineLine() {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `Node ${process.version}, ${cpus().length} × ${cpu}, load average ${loadavg()[0].toFixed(2)}`;
}

/** The short commit of the repository at `root`. */
export function currentCommit(root) {
  return spawnSync("git", ["rev-parse", "--short", "HEAD"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim();
}

/** Writes `header` and `body` between `<!-- NAME:begin -->` and `<!-- NAME:end -->`. */
export function writeDocSection(root, name, header, body) {
  const doc = resolve(root, "docs/benchmarks.md");
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const section = [begin, header, "", body, "", end].join("\n");
  let text = existsSync(doc) ? readFileSync(doc, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + section + text.slice(b + end.length);
  else text = text.trimEnd() + "\n\n" + section + "\n";
  writeFileSync(doc, text);
}
