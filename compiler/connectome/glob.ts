/**
 * Member-name patterns (SPEC §1 "Selections"): an anchored, case-sensitive glob where `*` matches
 * any run of characters (also none) and `?` exactly one; every other character stands for itself.
 * Used by a connectome's `select = [...]`; the checker can use the same matcher for `worm["AVA*"]`
 * so both agree on what a pattern means.
 */

/** Compiles a glob into an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let source = "^";
  for (const ch of pattern) {
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(source + "$", "su");
}

/** True when `name` matches the glob `pattern` as a whole. */
export function matchesGlob(pattern: string, name: string): boolean {
  return globToRegExp(pattern).test(name);
}

/** True when the pattern has a wildcard (otherwise it names one neuron). */
export function isGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}
