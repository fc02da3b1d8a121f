/**
 * Writes a tree of groups and datasets to HDF5 bytes with h5wasm (in its in-memory file system),
 * then makes the bytes reproducible (./normalize-hdf5.ts). h5wasm's WebAssembly module loads
 * asynchronously, so this module waits for it at load time (top-level await): the registry loads
 * the NIR backend lazily, so only `--target nir` pays for it.
 */
import h5wasm, { type Group } from "h5wasm/node";
import { normalizeHdf5Times } from "./normalize-hdf5.js";

const { FS } = await h5wasm.ready;

/** A dataset: a string, a list of strings, or numbers (float64 or int64) with a shape. */
export type H5Value =
  | { readonly kind: "string"; readonly value: string }
  | {
      readonly kind: "strings";
      readonly values: readonly string[];
      readonly shape: readonly number[];
    }
  | { readonly kind: "f64"; readonly values: Float64Array; readonly shape: readonly number[] }
  | { readonly kind: "i64"; readonly values: readonly number[]; readonly shape: readonly number[] };

/** A group: named children in the order they are written. */
export interface H5Group {
  readonly kind: "group";
  readonly children: readonly (readonly [string, H5Group | H5Value])[];
}

/** Datasets of at least this many values are chunked and gzip-compressed (as `nir.write` does). */
const COMPRESS_FROM = 4096;

let counter = 0;

function writeGroup(group: Group, tree: H5Group): void {
  for (const [name, child] of tree.children) {
    if (child.kind === "group") {
      writeGroup(group.create_group(name), child);
      continue;
    }
    switch (child.kind) {
      case "string":
        group.create_dataset({ name, data: child.value });
        break;
      case "strings":
        group.create_dataset({ name, data: [...child.values], shape: [...child.shape] });
        break;
      case "f64": {
        const big = child.values.length >= COMPRESS_FROM && child.shape.length === 2;
        const chunks = child.shape.map((d) => Math.max(1, Math.min(d, 512)));
        group.create_dataset({
          name,
          data: child.values,
          shape: [...child.shape],
          ...(big ? { chunks, compression: 4 } : {}),
        });
        break;
      }
      case "i64":
        group.create_dataset({
          name,
          data: BigInt64Array.from(child.values.map((v) => BigInt(v))),
          shape: [...child.shape],
        });
        break;
      default: {
        const never: never = child;
        return never;
      }
    }
  }
}

/** The bytes of an HDF5 file holding `root`, identical for identical trees. */
export function writeHdf5(root: H5Group): Uint8Array {
  const path = `/snnc-nir-${counter++}.h5`;
  const file = new h5wasm.File(path, "w");
  try {
    writeGroup(file, root);
  } finally {
    file.close();
  }
  const bytes = new Uint8Array(FS.readFile(path));
  FS.unlink(path);
  normalizeHdf5Times(bytes);
  return bytes;
}
