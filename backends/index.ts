/**
 * The registry of backends, by the name `--target` and `target` blocks use. Backends load lazily
 * so a command pays only for the one it runs.
 */
import type { Backend } from "./backend.js";

export type { Backend, BackendContext, BuildOutputFile } from "./backend.js";

const loaders: Readonly<Record<string, () => Promise<Backend>>> = {
  js: async () => (await import("./js/index.js")).jsBackend,
  neurocorex: async () => (await import("./neurocorex/index.js")).neurocorexBackend,
  pynn: async () => (await import("./pynn/index.js")).pynnBackend,
  nir: async () => (await import("./nir/index.js")).nirBackend,
};

/** Target names `snnc build --target` accepts (`ir` is handled by the command itself). */
export const backendNames: readonly string[] = Object.keys(loaders);

export async function backendFor(name: string): Promise<Backend | undefined> {
  const load = loaders[name];
  return load === undefined ? undefined : load();
}
