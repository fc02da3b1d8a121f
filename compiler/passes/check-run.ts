/**
 * Pass: check-run.
 *
 * Input: the main file's `simulate` block (or none) and `target` blocks, the compile options.
 * Output: {@link RunSettings}: dt, duration, steps and seed (SI), and the checked targets.
 * Preconditions: evaluate-constants ran (values may name constants).
 * Reports: unknown-setting, unit-mismatch and value-out-of-range (via eval), missing-setting,
 * duration-not-whole, too-many-steps, unknown-target, duplicate-block.
 *
 * Without a simulate block the run is dt = 0.1 ms, duration = 1 s, seed = 0 (docs/language.md);
 * a simulate block must give its duration (docs/units.md).
 * `options.seed` and `options.duration` (seconds) override the file.
 */
import { NoSpan } from "../../common/index.js";
import type { SimulateDecl, TargetDecl } from "../../grammar/ast.js";
import { describeBounds, inBounds, type Bounds } from "../eval/index.js";
import { lookupTarget, simulateKeys, targetNames } from "../builtins/index.js";
import type { TargetSpec } from "../ir/index.js";
import type { PassContext } from "./context.js";
import {
  Dimensionless,
  Time,
  didYouMeanHint,
  formatNumber,
  formatQuantity,
  suggest,
  type Dimension,
} from "./deps.js";
import { readSettings } from "./settings.js";
import { stepsOf } from "../ir/time-grid.js";
import type { Values } from "./values.js";

export const DEFAULT_DT = 1e-4;
export const DEFAULT_DURATION = 1;
export const DEFAULT_SEED = 0;
/** The most steps a run can have: step numbers are 32-bit integers in the spike tables. */
export const MAX_STEPS = 2 ** 31 - 1;

export interface RunSettings {
  readonly dt: number;
  readonly duration: number;
  readonly steps: number;
  readonly seed: number;
  /** False when dt or duration had an error: checks that need them stay quiet. */
  readonly ok: boolean;
  /**
   * False when dt had an error. The checks of the step grid (delays, spike times, `every`,
   * windows, rates) need only dt, so they still run when only the duration is wrong.
   */
  readonly dtOk: boolean;
  readonly targets: readonly TargetSpec[];
}

export interface RunOptions {
  readonly seed?: number;
  readonly duration?: number;
}

/** The bounds of a simulate key, from the built-in table that hovers and completion show too. */
function simulateBounds(name: "dt" | "duration" | "seed"): Bounds {
  const spec = simulateKeys.find((k) => k.name === name);
  if (spec?.type.kind !== "quantity" || spec.type.bounds === undefined)
    throw new Error(`internal: the simulate key '${name}' has no bounds in the built-in table`);
  return spec.type.bounds;
}
const DT_BOUNDS = simulateBounds("dt");
const DURATION_BOUNDS = simulateBounds("duration");
const SEED_BOUNDS = simulateBounds("seed");

/** Reads the simulate and target blocks. */
export function checkRun(
  simulate: SimulateDecl | null,
  targetDecls: readonly TargetDecl[],
  options: RunOptions,
  values: Values,
  ctx: PassContext,
): RunSettings {
  const s = readSettings(simulate?.body, { keys: ["dt", "duration", "seed"] }, "simulate", ctx);
  let ok = true;
  let dtOk = true;
  let dt = DEFAULT_DT;
  let duration = DEFAULT_DURATION;
  let seed = DEFAULT_SEED;
  const dtStmt = s.values.get("dt");
  if (dtStmt !== undefined) {
    const v = values.constant(dtStmt.value, Time, "'dt'", DT_BOUNDS);
    if (v === undefined) ok = dtOk = false;
    else dt = v;
  }
  const durationStmt = s.values.get("duration");
  if (options.duration !== undefined) {
    if (optionInBounds(options.duration, DURATION_BOUNDS, Time, "The --duration option", ctx))
      duration = options.duration;
    else ok = false;
  } else if (durationStmt !== undefined) {
    const v = values.constant(durationStmt.value, Time, "'duration'", DURATION_BOUNDS);
    if (v === undefined) ok = false;
    else duration = v;
  } else if (simulate !== null) {
    // the default length is for files without a simulate block; a block states its run
    if (!s.misspelled.has("duration"))
      ctx.diagnostics.report({
        code: "missing-setting",
        span: simulate.keyword,
        format: { where: "The simulate block", name: "duration" },
      });
    ok = false;
  }
  const seedStmt = s.values.get("seed");
  if (options.seed !== undefined) {
    // a whole number past 2^53 (1e20) is out of range, not fractional
    if (
      Number.isInteger(options.seed) &&
      optionInBounds(options.seed, SEED_BOUNDS, Dimensionless, "The --seed option", ctx)
    )
      seed = options.seed;
    else if (!Number.isInteger(options.seed))
      ctx.diagnostics.report({
        code: "not-an-integer",
        span: NoSpan,
        format: { what: "the --seed option", found: String(options.seed) },
      });
  } else if (seedStmt !== undefined) {
    const v = values.integer(seedStmt.value, "'seed'", SEED_BOUNDS);
    if (v !== undefined) seed = v;
  }
  let steps = 0;
  if (ok) {
    const grid = stepsOf(duration, dt);
    steps = grid.steps;
    const span =
      options.duration !== undefined
        ? NoSpan
        : (durationStmt?.value.span ?? simulate?.keyword ?? dtStmt?.value.span ?? NoSpan);
    const format = { duration: formatQuantity(duration, Time), dt: formatQuantity(dt, Time) };
    if (grid.changed) {
      ok = false;
      ctx.diagnostics.report({ code: "duration-not-whole", span, format });
    } else if (steps > MAX_STEPS) {
      ok = false;
      ctx.diagnostics.report({
        code: "too-many-steps",
        span,
        // duration / dt can overflow (1e308 s): say "more than" instead of "Infinity steps"
        format: {
          ...format,
          steps: Number.isFinite(steps)
            ? formatNumber(steps)
            : `more than ${formatNumber(Number.MAX_VALUE)}`,
          limit: String(MAX_STEPS),
        },
      });
      steps = 0;
    }
  }
  return {
    dt,
    duration,
    steps,
    seed,
    ok,
    dtOk,
    targets: checkTargets(targetDecls, values, ctx),
  };
}

function checkTargets(
  decls: readonly TargetDecl[],
  values: Values,
  ctx: PassContext,
): TargetSpec[] {
  const out: TargetSpec[] = [];
  const seen = new Map<string, TargetDecl>();
  for (const decl of decls) {
    const name = decl.name.name;
    if (decl.name.missing === true) continue;
    const spec = lookupTarget(name);
    if (spec === undefined) {
      ctx.diagnostics.report({
        code: "unknown-target",
        span: decl.name.span,
        format: { name, hint: didYouMeanHint(suggest(name, targetNames)) },
      });
      continue;
    }
    const prior = seen.get(name);
    if (prior !== undefined) {
      ctx.diagnostics.report({
        code: "duplicate-block",
        span: decl.name.span,
        format: { block: `target ${name}` },
        related: [{ message: `the first 'target ${name}' block`, span: prior.name.span }],
      });
      continue;
    }
    seen.set(name, decl);
    const options: Record<string, number | string | boolean> = {};
    const s = readSettings(
      decl.body,
      { keys: spec.keys.map((k) => k.name) },
      `target '${name}'`,
      ctx,
    );
    for (const [key, stmt] of s.values) {
      const v = stmt.value;
      const type = spec.keys.find((k) => k.name === key)?.type;
      if (type?.kind === "string") {
        if (v.kind === "String") options[key] = v.value;
        else if (v.kind !== "Missing")
          ctx.diagnostics.report({
            code: "expected-string",
            span: v.span,
            format: { what: `'${key}'` },
          });
      } else if (type?.kind === "bool") {
        if (v.kind === "Bool") options[key] = v.value;
        else if (v.kind !== "Missing")
          ctx.diagnostics.report({ code: "invalid-bool", span: v.span, format: { name: key } });
      } else {
        const x = values.constant(
          v,
          type?.kind === "quantity" ? type.dim : Dimensionless,
          `'${key}'`,
        );
        if (x !== undefined) options[key] = x;
      }
    }
    out.push({ name: spec.name, options, origin: decl.span });
  }
  return out;
}

/** Checks a value given on the command line (no source location). */
function optionInBounds(
  x: number,
  b: Bounds,
  d: Dimension,
  what: string,
  ctx: PassContext,
): boolean {
  if (inBounds(x, b)) return true;
  ctx.diagnostics.report({
    code: "value-out-of-range",
    span: NoSpan,
    format: { what, range: describeBounds(b, d), found: formatQuantity(x, d) },
  });
  return false;
}
