/**
 * The three-way rule for `lif`'s `tau_m`, `r_m` and `c_m` (SPEC §3): `tau_m = r_m c_m`; values the
 * user writes win, the rest follow from the defaults (20 ms, 100 Mohm), and three written values
 * must agree. The checker collects which were written (over the model chain and population
 * overrides) and reports a disagreement with its own code; this module only does the arithmetic.
 */
import { neuronModels } from "./models.js";

/** The values written, in SI (absent = not written). */
export interface LifTimeConstantsGiven {
  readonly tau_m?: number;
  readonly r_m?: number;
  readonly c_m?: number;
}

/** The resolved triple, or the disagreement of three written values. */
export type LifTimeConstantsResult =
  | {
      readonly ok: true;
      readonly tau_m: number;
      readonly r_m: number;
      readonly c_m: number;
      /** Which one was computed from the other two (null when all three were written). */
      readonly derived: "tau_m" | "r_m" | "c_m" | null;
    }
  | {
      readonly ok: false;
      /** All three were written and `tau_m` differs from `r_m * c_m` (given as `implied`). */
      readonly disagree: readonly ["tau_m", "r_m", "c_m"];
      readonly implied_tau_m: number;
    };

/** Relative tolerance for "all three agree": float64 noise of `r_m * c_m`, nothing more. */
export const LIF_AGREEMENT_TOLERANCE = 1e-9;

function defaultOf(name: "tau_m" | "r_m"): number {
  const p = neuronModels.lif.params.find((x) => x.name === name);
  return p?.default?.kind === "value" ? p.default.value : Number.NaN;
}

/**
 * Resolves the triple. Cases: none or one written → the defaults fill `tau_m` and `r_m` first
 * (only `c_m` written: `tau_m` keeps its default, `r_m = tau_m / c_m`); two written → the third
 * follows; three → they must agree within {@link LIF_AGREEMENT_TOLERANCE} (relative), and the
 * written values are kept as written.
 */
export function resolveLifTimeConstants(given: LifTimeConstantsGiven): LifTimeConstantsResult {
  const { tau_m, r_m, c_m } = given;
  if (tau_m !== undefined && r_m !== undefined && c_m !== undefined) {
    const implied = r_m * c_m;
    if (
      Math.abs(tau_m - implied) <=
      LIF_AGREEMENT_TOLERANCE * Math.max(Math.abs(tau_m), Math.abs(implied))
    ) {
      return { ok: true, tau_m, r_m, c_m, derived: null };
    }
    return { ok: false, disagree: ["tau_m", "r_m", "c_m"], implied_tau_m: implied };
  }
  if (c_m !== undefined && tau_m === undefined && r_m !== undefined) {
    return { ok: true, tau_m: r_m * c_m, r_m, c_m, derived: "tau_m" };
  }
  if (c_m !== undefined) {
    const t = tau_m ?? defaultOf("tau_m");
    return { ok: true, tau_m: t, r_m: t / c_m, c_m, derived: "r_m" };
  }
  const t = tau_m ?? defaultOf("tau_m");
  const r = r_m ?? defaultOf("r_m");
  return { ok: true, tau_m: t, r_m: r, c_m: t / r, derived: "c_m" };
}
