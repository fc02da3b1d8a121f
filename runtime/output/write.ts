/** Writing a run's recordings to a directory (the only file-system code of the runtime). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "../results.js";
import { recordingFiles } from "./csv.js";

/** Writes the CSV files of SPEC §6 into `dir` (created if needed); returns the paths written. */
export function writeRecordings(result: RunResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return recordingFiles(result).map((f) => {
    const path = join(dir, f.path);
    writeFileSync(path, f.bytes ?? f.text);
    return path;
  });
}
