/**
 * Makes an HDF5 file byte-for-byte reproducible. The HDF5 library stamps every version-2 object
 * header ("OHDR") with access, modification, change and birth times, and h5wasm offers no switch
 * to turn that off; the same network would then give different `.nir` bytes on every build. This
 * pass zeroes those four times and recomputes each header's Jenkins lookup3 checksum (the one
 * HDF5 uses), touching only headers whose stored checksum verifies, so bytes of data that merely
 * look like a signature are left alone.
 */

/** Bob Jenkins' lookup3 `hashlittle` over bytes, as HDF5's H5_checksum_lookup3 (initval 0). */
export function lookup3(bytes: Uint8Array, start: number, length: number, initval = 0): number {
  let a = (0xdeadbeef + length + initval) >>> 0;
  let b = a;
  let c = a;
  const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const at = (i: number) => bytes[start + i] ?? 0;
  const word = (i: number) =>
    (at(i) | (at(i + 1) << 8) | (at(i + 2) << 16) | (at(i + 3) << 24)) >>> 0;
  let k = 0;
  let n = length;
  while (n > 12) {
    a = (a + word(k)) >>> 0;
    b = (b + word(k + 4)) >>> 0;
    c = (c + word(k + 8)) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 4)) >>> 0;
    b = (b + a) >>> 0;
    k += 12;
    n -= 12;
  }
  if (n === 0) return c;
  const tail = (i: number) => (i < n ? at(k + i) : 0);
  c = (c + ((tail(8) | (tail(9) << 8) | (tail(10) << 16) | (tail(11) << 24)) >>> 0)) >>> 0;
  b = (b + ((tail(4) | (tail(5) << 8) | (tail(6) << 16) | (tail(7) << 24)) >>> 0)) >>> 0;
  a = (a + ((tail(0) | (tail(1) << 8) | (tail(2) << 16) | (tail(3) << 24)) >>> 0)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 24)) >>> 0;
  return c;
}

/** Zeroes the times of every version-2 object header, in place; returns how many it fixed. */
export function normalizeHdf5Times(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fixed = 0;
  for (let i = 0; i + 6 <= bytes.length; i++) {
    if (
      bytes[i] !== 0x4f ||
      bytes[i + 1] !== 0x48 ||
      bytes[i + 2] !== 0x44 ||
      bytes[i + 3] !== 0x52
    )
      continue;
    if (bytes[i + 4] !== 2) continue;
    const flags = bytes[i + 5] ?? 0;
    if ((flags & 0x20) === 0) continue;
    let p = i + 6 + 16;
    if (flags & 0x10) p += 4;
    const sizeLen = 1 << (flags & 0x03);
    if (p + sizeLen > bytes.length) continue;
    let chunk = 0;
    for (let b = 0; b < sizeLen; b++) chunk += (bytes[p + b] ?? 0) * 2 ** (8 * b);
    const end = p + sizeLen + chunk;
    if (end + 4 > bytes.length) continue;
    if (lookup3(bytes, i, end - i) !== view.getUint32(end, true)) continue;
    bytes.fill(0, i + 6, i + 22);
    view.setUint32(end, lookup3(bytes, i, end - i), true);
    fixed++;
  }
  return fixed;
}
