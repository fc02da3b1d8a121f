/** Writing a run's recordings to a directory (the only file-system code of the runtime). */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "../results.js";
import { recordingFiles } from "./csv.js";

/** Writes the CSV files of SPEC §6 into `dir` (created if needed); returns the paths written. */
export function writeRecordings(result: RunResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return recordingFiles(result).map((f) => {
    const path = join(dir, f.path);
    if (f.pieces !== undefined) writePieces(path, f.pieces);
    else writeFileSync(path, f.bytes ?? f.text);
    return path;
  });
}

/** Writes a file from the pieces its producer hands out (each written before the next). */
function writePieces(path: string, pieces: (emit: (piece: Uint8Array) => void) => void): void {
  const fd = openSync(path, "w");
  try {
    pieces((piece) => {
      for (let done = 0; done < piece.length;)
        done += writeSync(fd, piece, done, piece.length - done);
    });
  } finally {
    closeSync(fd);
  }
}
