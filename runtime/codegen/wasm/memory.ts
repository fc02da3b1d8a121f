/**
 * Run-time helpers of the WebAssembly SIMD kernels, embedded verbatim (by
 * `Function.prototype.toString`) into the generated modules: self-contained.
 */

/** The little of the WebAssembly API these helpers use (the project's types have no DOM). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
};

/**
 * A memory of at least `bytes` bytes for the SIMD kernels' arrays, or null where there is no
 * WebAssembly or the arrays would not fit a 32-bit memory (the JS kernels then run, on arrays
 * of their own).
 */
export function simdMemory(bytes: number): WasmMemory | null {
  if (typeof WebAssembly !== "object" || bytes > 2 ** 31) return null;
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  } catch {
    // the engine's own limit of WebAssembly memory, below the simulator's
    return null;
  }
}

/**
 * The kernels of a module (base64) over `memory`, by export name; null without a memory or
 * where the engine cannot compile WebAssembly SIMD.
 */
export function simdKernels(
  memory: WasmMemory | null,
  base64: string,
): Record<string, (slot: number) => number> | null {
  if (memory === null) return null;
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  // Math.exp itself, which V8 calls from WebAssembly as JS does: the same bits (wasm/stdp.ts)
  const imports = { m: { mem: memory, exp: Math.exp } };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return instance.exports as Record<string, (slot: number) => number>;
}

/** A float64 array of `size` at `offset` of the memory, or a plain one without a memory. */
export function memoryF64(memory: WasmMemory | null, offset: number, size: number): Float64Array {
  return memory === null ? new Float64Array(size) : new Float64Array(memory.buffer, offset, size);
}

/** An int32 array of `size` at `offset` of the memory, or a plain one without a memory. */
export function memoryI32(memory: WasmMemory | null, offset: number, size: number): Int32Array {
  return memory === null ? new Int32Array(size) : new Int32Array(memory.buffer, offset, size);
}

/** `values` copied to `offset` of the memory, or `values` itself without a memory. */
export function memoryCopy<T extends Float64Array | Int32Array>(
  memory: WasmMemory | null,
  offset: number,
  values: T,
): T {
  if (memory === null) return values;
  const a =
    values instanceof Float64Array
      ? new Float64Array(memory.buffer, offset, values.length)
      : new Int32Array(memory.buffer, offset, values.length);
  a.set(values);
  return a as T;
}
