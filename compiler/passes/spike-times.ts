/**
 * spike_times lists (SPEC §3, §7): each time rounded to the step grid (half away from zero, a
 * warning when that changes it), sorted, at most one per step and neuron, none negative; times at
 * or after `duration` are dropped with a warning. The IR keeps the rounded times in seconds
 * (the written value when it lies on the grid, else `steps × dt` to 15 significant digits).
 *
 * Reports: spike-time-negative, spike-times-same-step, spike-time-after-duration, value-rounded.
 */
import type { PassContext } from "./context.js";
import type { RunSettings } from "./check-run.js";
import { Time, formatQuantity } from "./deps.js";
import type { ParamValue } from "./param-values.js";
import type { Slots } from "./neuron-params.js";
import type { PopInfo } from "./select.js";
import { stepsOf } from "../ir/time-grid.js";
import type { Span } from "../../common/index.js";

/** The spans already warned about by {@link warnRounded}, per compilation (its sink). */
const roundedSpans = new WeakMap<PassContext["diagnostics"], Set<string>>();

/**
 * `value-rounded` for a time that rounding onto the grid moves (SPEC §7), once per written value:
 * a value in a model block is seen again by every population of the model.
 */
export function warnRounded(
  what: string,
  seconds: number,
  steps: number,
  span: Span,
  run: RunSettings,
  ctx: PassContext,
): void {
  let seen = roundedSpans.get(ctx.diagnostics);
  if (seen === undefined) roundedSpans.set(ctx.diagnostics, (seen = new Set()));
  const key = `${span.file}:${span.start}:${span.end}`;
  if (seen.has(key)) return;
  seen.add(key);
  ctx.diagnostics.report({
    code: "value-rounded",
    span,
    format: {
      what,
      value: formatQuantity(seconds, Time),
      dt: formatQuantity(run.dt, Time),
      rounded: formatQuantity(steps * run.dt, Time),
    },
  });
}

/** Rounded, sorted times per neuron; undefined after an error. */
export function checkSpikeTimes(
  slots: Slots,
  info: PopInfo,
  run: RunSettings,
  ctx: PassContext,
): number[][] | undefined {
  const cache = new Map<ParamValue, number[] | undefined>();
  const out: number[][] = [];
  let ok = true;
  for (let i = 0; i < info.size; i++) {
    const slot = slots[i];
    if (slot === undefined || slot.kind !== "list") {
      out.push([]);
      continue;
    }
    if (!cache.has(slot)) cache.set(slot, checkList(slot, run, ctx));
    const times = cache.get(slot);
    if (times === undefined) ok = false;
    else out.push(times);
  }
  return ok ? out : undefined;
}

function checkList(
  v: Extract<ParamValue, { kind: "list" }>,
  run: RunSettings,
  ctx: PassContext,
): number[] | undefined {
  const sink = ctx.diagnostics;
  let ok = true;
  const kept: { steps: number; seconds: number; onGrid: number; span: typeof v.span }[] = [];
  for (const q of v.items) {
    if (q.value.kind !== "const") continue;
    const t = q.value.value;
    if (t < 0) {
      sink.report({
        code: "spike-time-negative",
        span: q.span,
        format: { time: formatQuantity(t, Time) },
      });
      ok = false;
      continue;
    }
    if (!run.dtOk) continue;
    const grid = stepsOf(t, run.dt);
    if (grid.changed) warnRounded("Spike time", t, grid.steps, q.span, run, ctx);
    // with a duration in error there are no steps to compare with
    if (run.ok && grid.steps >= run.steps) {
      sink.report({
        code: "spike-time-after-duration",
        span: q.span,
        format: { time: formatQuantity(t, Time), duration: formatQuantity(run.duration, Time) },
      });
      continue;
    }
    // Keep the written value when it is on the grid (no float noise from steps × dt).
    const onGrid = grid.changed ? Number((grid.steps * run.dt).toPrecision(15)) : t;
    kept.push({ steps: grid.steps, seconds: t, onGrid, span: q.span });
  }
  const sorted = [...kept].sort((a, b) => a.steps - b.steps);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1];
    const b = sorted[k];
    if (a !== undefined && b !== undefined && a.steps === b.steps) {
      const [first, second] = a.span.start <= b.span.start ? [a, b] : [b, a];
      sink.report({
        code: "spike-times-same-step",
        span: second.span,
        format: {
          first: formatQuantity(first.seconds, Time),
          second: formatQuantity(second.seconds, Time),
        },
        related: [{ message: "the other time", span: first.span }],
      });
      ok = false;
    }
  }
  return ok ? sorted.map((x) => x.onGrid) : undefined;
}
