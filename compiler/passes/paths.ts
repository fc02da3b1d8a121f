/**
 * Path arithmetic for imports and CSV files named in a `.snn` file. The compiler never touches the
 * file system (hosts read files), and it must run where `node:path` is missing (the browser build
 * of the language server), so it does its own POSIX-style joining. Backslashes are treated as
 * separators so Windows paths given by a host still resolve.
 */

/** Normalises `a/./b/../c` to `a/c`, keeping a leading `/` or drive letter. */
export function normalizePath(path: string): string {
  const unified = path.replace(/\\/g, "/");
  const absolute = unified.startsWith("/");
  const out: string[] = [];
  for (const part of unified.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part === ".." && absolute) continue;
    else out.push(part);
  }
  return (absolute ? "/" : "") + out.join("/");
}

/** The folder of a file path (without the trailing separator). */
export function dirnameOf(path: string): string {
  const unified = path.replace(/\\/g, "/");
  const i = unified.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return unified.slice(0, i);
}

/** The last segment of a path. */
export function basenameOf(path: string): string {
  const unified = path.replace(/\\/g, "/");
  return unified.slice(unified.lastIndexOf("/") + 1);
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path);
}

/** Resolves `relative` (as written in a file) against the file that wrote it. */
export function resolveRelative(fromFile: string, relative: string): string {
  if (isAbsolute(relative)) return normalizePath(relative);
  return normalizePath(`${dirnameOf(fromFile)}/${relative}`);
}
