/**
 * Path arithmetic for the service, without node:path (so it also runs in a web worker). Paths
 * are absolute POSIX-style; the compiler resolves imports the same way (relative to the file).
 */

/** The directory part of a path (`/a/b.snn` → `/a`). */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** Resolves `rel` against directory `dir`, normalising `.` and `..` segments. */
export function resolvePath(dir: string, rel: string): string {
  const parts = (rel.startsWith("/") ? rel : `${dir}/${rel}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}
