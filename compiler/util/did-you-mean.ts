/**
 * "Did you mean ...?" suggestions for unknown names (units, functions, parameters, keys).
 * Uses the optimal-string-alignment form of Damerau-Levenshtein distance (insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1), where a change of letter case alone
 * costs only 0.5, so `mv` finds `mV` before anything else.
 */

/** Edit distance between `a` and `b` (case-only substitutions cost 0.5). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  // d[i][j] = distance between a[0..i) and b[0..j), kept as three rolling rows.
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = new Array<number>(m + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const sub = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb)
        best = Math.min(best, prev2[j - 2]! + 1);
      cur[j] = best;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo: a distance of at
 * most max(1, floor(length / 3)) (so one edit for short names, two from six letters), and less than
 * the name's own length. Ties go to the candidate listed first, so results are deterministic for a
 * given candidate order. Never suggests `name` itself.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  if (name === "") return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(name, candidate);
    if (d <= limit && d < name.length && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `, did you mean 'x'?` or `""`: the tail appended to "unknown ..." messages. */
export function didYouMeanHint(suggestion: string | undefined): string {
  return suggestion === undefined ? "" : `, did you mean '${suggestion}'?`;
}
