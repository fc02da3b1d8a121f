/**
 * The seeded random streams of snnc (SPEC §7). Every random quantity of a network (connectivity,
 * weights, delays, initial values, per-neuron parameters, Poisson sources, noise stimuli) is drawn
 * from its own stream, seeded from the run's seed, the stream's purpose and the declaration's
 * name, so that reordering declarations never changes what is drawn, and so that every backend,
 * export and test simulator that draws the same stream gets the same numbers on every platform.
 *
 * Algorithm (documented in docs/runtime.md; changing it changes every network):
 * - key = FNV-1a 32-bit over the UTF-16 code units of `purpose + "\u0000" + name`
 *   (each code unit folded in as two bytes, low byte first);
 * - a splitmix32 sequence started at `(seed ^ key·0x9E3779B9)` (mod 2³²; the seed taken mod 2³²)
 *   gives the four 32-bit words of the state (an all-zero state is replaced by a fixed one);
 * - the generator is xoshiro128** (Blackman and Vigna), all arithmetic on 32-bit unsigned integers
 *   with `Math.imul`, so the output is bit-identical on every platform;
 * - `uniform()` is a double in [0, 1) built from 53 bits of two successive outputs
 *   (`(a >>> 5) · 2²⁶ + (b >>> 6)) / 2⁵³`);
 * - `normal()` is Box-Muller with no cached second value:
 *   `sqrt(−2 ln(1 − u₁)) · cos(2π u₂)` from two successive uniforms.
 *
 * This file is embedded verbatim (by `Function.prototype.toString`) into the self-contained ES
 * modules the JS backend writes, so the class must not reference anything outside its own body.
 */
export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed the run's seed (an integer; taken modulo 2³²)
   * @param purpose what the stream draws: "connectivity", "weights", "delays", "init",
   *   "params", "poisson", "noise", "gap"
   * @param name the declaration's name (population, projection or stimulus name)
   */
  constructor(seed: number, purpose: string, name: string) {
    const text = purpose + "\u0000" + name;
    let key = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      key = Math.imul(key ^ (c & 0xff), 0x01000193) >>> 0;
      key = Math.imul(key ^ (c >>> 8), 0x01000193) >>> 0;
    }
    const seed32 = Math.trunc(seed) >>> 0;
    let x = (seed32 ^ Math.imul(key, 0x9e3779b9)) >>> 0;
    const words = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      // splitmix32 (Vigna's 32-bit finaliser of a Weyl sequence)
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      words[k] = (z ^ (z >>> 16)) >>> 0;
    }
    this.s0 = words[0] ?? 0;
    this.s1 = words[1] ?? 0;
    this.s2 = words[2] ?? 0;
    this.s3 = words[3] ?? 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9;
  }

  /** The next 32-bit output of xoshiro128**, as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const r = (m << 7) | (m >>> 25);
    const result = Math.imul(r, 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal deviate (Box-Muller, one value per two uniforms). */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * The number of failures before the next success of a Bernoulli(p) sequence (0 < p < 1):
   * `floor(ln(1 − u) / ln(1 − p))`, one uniform per call. `logQ` is `Math.log(1 - p)`; when p is
   * so small that it is 0, no trial ever succeeds (Infinity).
   * Used to skip over non-connections and silent Poisson steps in O(successes).
   *
   * Why `Math.log(1 - p)` and not the more accurate `Math.log1p(-p)`: rounding `1 - p` scales the
   * success rate by at most 1 + 2^-54/p, a relative bias of 3e-11 at p = 1e-6, 3e-8 at 1e-9, 2e-5
   * at 1e-12 and 8e-4 at 1e-15 (11% at 1e-16; below 2^-54 no success instead of one per 2^54
   * trials). Seeing even the largest of these needs about 1e18 trials (neurons x neurons or
   * neurons x steps), far past any network that fits in memory, while changing the function would
   * change exact draws (27 of a million skips at p = 1e-6, nearly all below 1e-9) in the
   * simulator, the generated module, the core's host-side sources and the reference simulator.
   */
  geometric(logQ: number): number {
    const x = Math.log(1 - this.uniform());
    // logQ = 0: p below 2^-53, where 1 − p rounds to 1: no success ever (not -Infinity)
    return logQ === 0 ? Infinity : Math.floor(x / logQ);
  }

  /**
   * Fills `out[0 .. count)` with what `count` successive {@link geometric} calls would return, with
   * the generator's state in locals for the whole batch (about a third faster: drawing a large
   * network's connectivity is mostly this).
   */
  geometricInto(logQ: number, out: Int32Array, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let k = 0; k < count; k++) {
      // two outputs of xoshiro128**, as nextU32(), then uniform() and geometric() on them
      let m = Math.imul(s1, 5);
      const a = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const b = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const g = Math.floor(Math.log(1 - (a * 67108864 + b) / 9007199254740992) / logQ);
      // as geometric(), capped for the int32 array (a skip past any row); logQ = 0 never succeeds
      out[k] = logQ === 0 || g >= 2147483647 ? 2147483647 : g;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** An integer uniform in [0, n) for 0 < n ≤ 2³² (by the 53-bit uniform; bias below 2⁻²¹). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
