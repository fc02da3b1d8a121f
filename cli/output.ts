/**
 * Where a command writes its files: checked before the work (a run can take minutes), and
 * failures of the file system told as one line naming the path, never as a stack trace.
 */
import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeDirectories } from "../runtime/index.js";

/** A file-system failure, said plainly: the path and what the system answered. */
export class OutputError extends Error {}

function reason(e: unknown): string {
  const code = e instanceof Error && "code" in e ? String((e as { code: unknown }).code) : "";
  const plain: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "not permitted",
    EEXIST: "a file of that name is in the way",
    ENOTDIR: "a file, not a directory, is on the way there",
    EISDIR: "it is a directory",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    ENOENT: "the file system has no such place (it cannot be created there)",
  };
  return plain[code] ?? (e instanceof Error ? e.message : String(e));
}

/** Makes sure `dir` is a directory that can be written to (created if missing). */
export function prepareDirectory(dir: string): void {
  try {
    makeDirectories(dir);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new OutputError(`cannot write to directory '${dir}': ${reason(e)}`);
  }
}

/** Makes sure `path` can be written as a file: its directory exists, it is not a directory. */
export function prepareFile(path: string): void {
  prepareDirectory(dirname(path));
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // missing: it will be created
  }
  if (isDirectory) throw new OutputError(`cannot write file '${path}': it is a directory`);
}

/** Runs a write, turning a file-system failure into an {@link OutputError} naming `path`. */
export function writing<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (e instanceof OutputError) throw e;
    throw new OutputError(`cannot write '${path}': ${reason(e)}`);
  }
}

/** Writes one file (its directory created), as {@link writing} does. */
export function writeOutputFile(path: string, contents: string | Uint8Array): void {
  prepareFile(path);
  writing(path, () => writeFileSync(path, contents));
}
