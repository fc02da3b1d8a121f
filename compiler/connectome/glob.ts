/**
 * Member-name patterns (SPEC §1 "Selections"): an anchored, case-sensitive glob where `*` matches
 * any run of characters (also none) and `?` exactly one; every other character stands for itself.
 * Used by a connectome's `select = [...]`; the checker uses the same matcher for `worm["AVA*"]`
 * so both agree on what a pattern means.
 *
 * Matched directly, not through a regular expression: a pattern with many `*` (`"*****Z"`, typed
 * while the editor recompiles on every keystroke) made the backtracking regex engine take time
 * exponential in the number of stars. The greedy matcher below takes at most
 * (pattern length) x (name length) steps.
 */

/** A compiled pattern. */
export interface Glob {
  /** True when `name` matches the pattern as a whole. */
  test(name: string): boolean;
}

/** Compiles a glob once, for testing many names. */
export function compileGlob(pattern: string): Glob {
  // code points, so that `?` is one character also outside the basic plane
  const p = Array.from(pattern);
  return { test: (name) => matchCodePoints(p, Array.from(name)) };
}

/** True when `name` matches the glob `pattern` as a whole. */
export function matchesGlob(pattern: string, name: string): boolean {
  return compileGlob(pattern).test(name);
}

/** True when the pattern has a wildcard (otherwise it names one neuron). */
export function isGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/**
 * Greedy glob matching: on a mismatch, go back to the last `*` and let it take one more
 * character. Earlier stars never need revisiting, since the last one can absorb anything they
 * could.
 */
function matchCodePoints(p: readonly string[], s: readonly string[]): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const c = p[pi];
    if (c !== undefined && c !== "*" && (c === "?" || c === s[si])) {
      pi++;
      si++;
    } else if (c === "*") {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (p[pi] === "*") pi++;
  return pi === p.length;
}
