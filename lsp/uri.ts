/**
 * File URIs ↔ absolute paths, without node:url, so the service can run in a web worker. Only the
 * `file:` scheme maps to a path; other schemes (e.g. `untitled:`) keep their URI as a pseudo-path,
 * which the compiler treats as a file no other file can import.
 */

/** The absolute path a `file:` URI names (percent-decoded); other URIs are returned as they are. */
export function uriToPath(uri: string): string {
  if (!uri.startsWith("file://")) return uri;
  let rest = uri.slice("file://".length);
  const slash = rest.indexOf("/");
  rest = slash < 0 ? "/" : rest.slice(slash); // drop an authority (always empty for local files)
  const decoded = decodeURIComponent(rest);
  // Windows drive letters: /c:/x → c:/x
  return /^\/[A-Za-z]:/.test(decoded) ? decoded.slice(1) : decoded;
}

/** The `file:` URI of an absolute path, encoded as VS Code encodes it. Pseudo-paths pass through. */
export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[A-Za-z]:[\\/]/.test(path)) return path;
  const p = path.replace(/\\/g, "/");
  const withRoot = p.startsWith("/") ? p : `/${p}`;
  return "file://" + withRoot.split("/").map(encodeSegment).join("/");
}

function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
