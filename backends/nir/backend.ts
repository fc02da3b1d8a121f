/**
 * `snnc build --target nir`: `<name>.nir`, the network as a NIR graph in HDF5 (the file
 * `nir.read` loads), for the subset NIR expresses (./graph.ts), with warnings for what it leaves
 * out and errors for what it cannot carry. docs/targets.md describes the mapping.
 */
import type { Network } from "../../compiler/ir/index.js";
import { instantiateNetwork } from "../../runtime/index.js";
import type { Backend, BackendContext, BuildOutputFile } from "../backend.js";
import { checkNirLimits, lowerToNir, type NirBuilt } from "./graph.js";
import { writeHdf5 } from "./hdf5.js";
import { nirFileTree } from "./serialize.js";

/** The NIR backend over a given structure source (tests pass hand-built structures). */
export function createNirBackend(instantiate: (network: Network) => NirBuilt): Backend {
  return {
    name: "nir",
    checkLimits(network: Network, ctx: BackendContext): void {
      checkNirLimits(network, ctx.diagnostics);
    },
    build(network: Network, ctx: BackendContext): readonly BuildOutputFile[] | null {
      const graph = lowerToNir(network, instantiate(network), ctx.diagnostics);
      if (graph === null) return null;
      return [{ path: `${network.name}.nir`, contents: writeHdf5(nirFileTree(graph)) }];
    },
  };
}

/** `--target nir`, drawing the structure with the runtime's `instantiateNetwork`. */
export const nirBackend: Backend = createNirBackend(instantiateNetwork);
