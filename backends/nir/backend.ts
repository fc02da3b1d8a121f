/**
 * `snnc build --target nir`: `<name>.nir`, the network as a NIR graph in HDF5 (the file
 * `nir.read` loads), for the subset NIR expresses (./graph.ts), with warnings for what it leaves
 * out and errors for what it cannot carry. docs/targets.md describes the mapping.
 */
import { DiagnosticSink } from "../../common/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { instantiateNetwork, networkTooLarge } from "../../runtime/index.js";
import { reportNew, type Backend, type BackendContext, type BuildOutputFile } from "../backend.js";
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
      // Lowering reports the limits again; forward only what checkLimits did not report.
      const scratch = new DiagnosticSink();
      const tooLarge = networkTooLarge(network); // before drawing anything
      if (tooLarge !== null) {
        scratch.add(tooLarge);
        reportNew(scratch, ctx.diagnostics);
        return null;
      }
      const graph = lowerToNir(network, instantiate(network), scratch);
      reportNew(scratch, ctx.diagnostics);
      if (graph === null) return null;
      return [{ path: `${network.name}.nir`, contents: writeHdf5(nirFileTree(graph)) }];
    },
  };
}

/** `--target nir`, drawing the structure with the runtime's `instantiateNetwork`. */
export const nirBackend: Backend = createNirBackend(instantiateNetwork);
