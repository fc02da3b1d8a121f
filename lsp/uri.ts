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
  const decoded = decodePercents(rest);
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

/**
 * Percent-decodes a URI's path; a malformed escape (`100%.snn`, `%zz`, a partial UTF-8 sequence)
 * stays as written instead of throwing a URIError from the request that carried it.
 */
function decodePercents(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Lone UTF-16 surrogates, which encodeURIComponent rejects with a URIError. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function encodeSegment(s: string): string {
  // a lone surrogate (a file name in the text can hold one) names the file its UTF-8 encoding
  // names: the one with U+FFFD in its place
  return encodeURIComponent(s.replace(loneSurrogate, "\ufffd")).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
