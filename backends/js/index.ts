/**
 * The `js` target (SPEC §8): the network as a self-contained ES module built from typed arrays
 * (state in Float64Array, synapses in CSR, delays in spike-history rings), with the seeded
 * generator embedded so the module draws the same network as `snnc run`. `node <name>.mjs
 * [--out DIR]` runs it and writes the CSV recordings; `import { createNetwork }` gives an object
 * to step, inject current or spikes and read spikes and state (docs/runtime.md).
 */
import type { Backend } from "../backend.js";
import { emitModuleFile, networkTooLarge } from "../../runtime/index.js";

export const jsBackend: Backend = {
  name: "js",
  checkLimits(network, ctx) {
    // the simulator's own limit
    const tooLarge = networkTooLarge(network);
    if (tooLarge !== null) ctx.diagnostics.add(tooLarge);
  },
  build(network, ctx) {
    this.checkLimits(network, ctx);
    if (ctx.diagnostics.hasErrors) return null;
    return [{ path: `${network.name}.mjs`, contents: emitModuleFile(network) }];
  },
};
