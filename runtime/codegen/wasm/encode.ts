/**
 * A minimal writer of WebAssembly binary modules (the core spec's binary format, plus the SIMD
 * instructions the kernels use): what the kernels of runtime/codegen/wasm/ need, nothing more.
 * One module imports one memory (`m.mem`), perhaps `Math.exp` (`m.exp`), and exports functions
 * whose parameters and results are i32.
 */

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  let x = n >>> 0;
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0) byte |= 0x80;
    out.push(byte);
  } while (x !== 0);
  return out;
}

/** A load's or store's memory argument: alignment (log2, 16 bytes by default) and offset. */
export function memarg(offset: number, alignLog2 = 4): number[] {
  return [...u32(alignLog2), ...u32(offset)];
}

/** Signed LEB128 of a 32-bit integer. */
export function s32(n: number): number[] {
  const out: number[] = [];
  let x = n | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** The 8 little-endian bytes of a float64, exactly. */
export function f64Bytes(x: number): number[] {
  return [...new Uint8Array(new Float64Array([x]).buffer)];
}

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Core opcodes used by the kernels. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GeS: 0x4e,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Neg: 0x9a,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Shl: 0x74,
  i32WrapI64: 0xa7,
  f64ConvertI32S: 0xb7,
  /** The block type of a block without results. */
  void: 0x40,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const Simd = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  f64x2Splat: 0x14,
  i64x2ExtractLane: 0x1d,
  i32x4GtS: 0x3b,
  f64x2Ge: 0x4c,
  and: 0x4e,
  andNot: 0x4f,
  or: 0x50,
  bitselect: 0x52,
  anyTrue: 0x53,
  i32x4Add: 0xae,
  i64x2ExtendLowI32x4S: 0xc7,
  i64x2ExtendHighI32x4S: 0xc8,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
} as const;

/** A function body under construction: its locals and its instructions, as bytes. */
export class Body {
  private readonly code: number[] = [];
  private readonly localTypes: number[] = [];

  /** @param params how many parameters the function has (locals are numbered after them) */
  constructor(private readonly params: number) {}

  /** A new local of the given type; returns its index. */
  local(type: number): number {
    this.localTypes.push(type);
    return this.params + this.localTypes.length - 1;
  }

  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  simd(op: number, ...immediates: number[]): this {
    return this.op(0xfd, ...u32(op), ...immediates);
  }

  get(local: number): this {
    return this.op(Op.localGet, ...u32(local));
  }

  set(local: number): this {
    return this.op(Op.localSet, ...u32(local));
  }

  tee(local: number): this {
    return this.op(Op.localTee, ...u32(local));
  }

  i32(n: number): this {
    return this.op(Op.i32Const, ...s32(n));
  }

  f64(x: number): this {
    return this.op(Op.f64Const, ...f64Bytes(x));
  }

  /** A float64 constant in both lanes. */
  splat(x: number): this {
    return this.f64(x).simd(Simd.f64x2Splat);
  }

  /** The encoded body: locals grouped by run of one type, then the code and `end`. */
  encode(): number[] {
    const groups: number[][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0] = (last[0] ?? 0) + 1;
      else groups.push([1, t]);
    }
    const locals = [...u32(groups.length), ...groups.flatMap(([n, t]) => [...u32(n ?? 0), t ?? 0])];
    const body = [...locals, ...this.code, Op.end];
    return [...u32(body.length), ...body];
  }
}

function vector(items: readonly number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...u32(bytes.length), ...bytes];
}

function name(s: string): number[] {
  return vector([...new TextEncoder().encode(s)].map((b) => [b]));
}

/** A function of a module: its export name, how many i32 it takes and returns (0 or 1), body. */
export interface WasmFunction {
  readonly name: string;
  readonly params: number;
  readonly results: 0 | 1;
  readonly body: Body;
}

/**
 * The function index of `m.exp`, float64 → float64, in a module that imports it: the kernels
 * call `Math.exp` through it (simdKernels passes it), which V8 compiles as a direct call of the
 * same C function JS's `Math.exp` calls, so the two give the same bits.
 */
export const EXP = 0;

/**
 * A module importing memory `m.mem` (at least `minPages` pages of 64 KiB), and `m.exp` when
 * `importExp` (function {@link EXP}; the module's own functions then count from 1), and
 * exporting each function under its name.
 */
export function encodeModule(
  functions: readonly WasmFunction[],
  minPages: number,
  importExp = false,
): Uint8Array {
  const signature = (f: WasmFunction) => `${f.params}:${f.results}`;
  const signatures = [...new Set(functions.map(signature))];
  const i32s = (n: number) => vector(Array.from({ length: n }, () => [I32]));
  const expType = signatures.length;
  const type = section(
    1,
    vector([
      ...signatures.map((sig) => {
        const [params, results] = sig.split(":").map(Number);
        return [0x60, ...i32s(params ?? 0), ...i32s(results ?? 0)];
      }),
      ...(importExp ? [[0x60, 1, F64, 1, F64]] : []),
    ]),
  );
  const imports = section(
    2,
    vector([
      [...name("m"), ...name("mem"), 0x02, 0x00, ...u32(minPages)],
      ...(importExp ? [[...name("m"), ...name("exp"), 0x00, ...u32(expType)]] : []),
    ]),
  );
  const first = importExp ? 1 : 0;
  const funcs = section(3, vector(functions.map((f) => u32(signatures.indexOf(signature(f))))));
  const exports = section(
    7,
    vector(functions.map((f, i) => [...name(f.name), 0x00, ...u32(first + i)])),
  );
  const code = section(10, vector(functions.map((f) => f.body.encode())));
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...type,
    ...imports,
    ...funcs,
    ...exports,
    ...code,
  ]);
}
