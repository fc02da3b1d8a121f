/**
 * Writing a run's recordings to a directory (the only file-system code of the runtime). The
 * generated module embeds these functions as they are (runtime/codegen/emit-module.ts), so they
 * use only what that module imports: node:fs and node:path.
 */
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { RunResult } from "../results.js";
import { recordingFiles } from "./csv.js";

/** Writes the CSV files of SPEC §6 into `dir` (created if needed); returns the paths written. */
export function writeRecordings(result: RunResult, dir: string): string[] {
  makeDirectories(dir);
  return recordingFiles(result).map((f) => {
    const path = join(dir, f.path);
    if (f.pieces !== undefined) writePieces(path, f.pieces);
    else writeFileSync(path, f.bytes ?? f.text);
    return path;
  });
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdirSync loops forever where mkdir
 * answers ENOENT under a parent that exists (`/proc/x`, some network and FUSE mounts). A file
 * where the directory should be is an error with code EEXIST.
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(d).isDirectory();
    } catch (e) {
      if (!(e instanceof Error && "code" in e && e.code === "ENOENT")) throw e;
      missing.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
      continue;
    }
    if (!isDirectory)
      throw Object.assign(new Error(`'${d}' is a file, not a directory`), { code: "EEXIST" });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      // made meanwhile by someone else: as good
      if (!(e instanceof Error && "code" in e && e.code === "EEXIST" && statSync(d).isDirectory()))
        throw e;
    }
  }
}

/** Writes a file from the pieces its producer hands out (each written before the next). */
export function writePieces(
  path: string,
  pieces: (emit: (piece: Uint8Array) => void) => void,
): void {
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
