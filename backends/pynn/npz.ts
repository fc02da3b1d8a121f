/**
 * A minimal, deterministic writer of NumPy `.npz` archives: a ZIP file (stored, no compression,
 * fixed timestamps) of `.npy` version 1.0 arrays, which `numpy.load` reads. The PyNN export puts
 * large connection lists and per-neuron values here instead of inlining them in the script.
 * Same arrays in, same bytes out.
 */

/** One array of an archive: little-endian int32 or float64, one dimension. */
export interface NpyArray {
  readonly name: string;
  readonly dtype: "<i4" | "<f8";
  readonly values: ArrayLike<number>;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The bytes of one `.npy` file (format 1.0, header padded to a multiple of 64 bytes). */
export function encodeNpy(array: NpyArray): Uint8Array {
  const n = array.values.length;
  let header = `{'descr': '${array.dtype}', 'fortran_order': False, 'shape': (${n},), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const itemSize = array.dtype === "<i4" ? 4 : 8;
  const out = new Uint8Array(10 + header.length + n * itemSize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const base = 10 + header.length;
  for (let i = 0; i < n; i++) {
    const v = array.values[i] ?? 0;
    if (itemSize === 4) view.setInt32(base + 4 * i, v, true);
    else view.setFloat64(base + 8 * i, v, true);
  }
  return out;
}

/** A `.npz` archive of the arrays, in the order given. */
export function encodeNpz(arrays: readonly NpyArray[]): Uint8Array {
  const entries = arrays.map((a) => ({
    name: new TextEncoder().encode(a.name + ".npy"),
    data: encodeNpy(a),
  }));
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  // 1980-01-01 00:00 in DOS format: a fixed stamp keeps the archive byte-identical across runs.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    const crc = crc32(e.data);
    const local = new Uint8Array(30 + e.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0, true);
    lv.setUint16(8, 0, true);
    lv.setUint16(10, dosTime, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, e.name.length, true);
    lv.setUint16(28, 0, true);
    local.set(e.name, 30);
    const cd = new Uint8Array(46 + e.name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, dosTime, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, e.name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(e.name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
