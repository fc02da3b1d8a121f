/**
 * Limits of the WebAssembly step loop (emit-step-loop.ts) that the memory estimate
 * (runtime/instantiate/estimate.ts) counts too.
 */

/** The most steps of one call: run() scans for NaN every 128 steps. */
export const LOOP_CHUNK = 128;

/**
 * The most neurons of the spike sources a loop runs ahead: each keeps {@link LOOP_CHUNK} more
 * history slots (at most 32 MB in all).
 */
export const LOOP_SOURCES_MAX = 65536;
