/**
 * The `js` target (SPEC §8): the network as a self-contained ES module built from typed arrays
 * (state in Float64Array, synapses in CSR, delays in spike-history rings), with the seeded
 * generator embedded so the module draws the same network as `snnc run`. `node <name>.mjs
 * [--out DIR]` runs it and writes the CSV recordings; `import { createNetwork }` gives an object
 * to step, inject current or spikes and read spikes and state (docs/runtime.md).
 */
import type { Backend } from "../backend.js";
import { emitModuleFile, estimateBytes } from "../../runtime/index.js";
import { createDiagnostic, NoSpan } from "../../common/index.js";

/** Networks above this estimate are refused by `checkLimits` (the simulator's own limit). */
const MAX_BYTES = 8 * 1024 ** 3;

export const jsBackend: Backend = {
  name: "js",
  checkLimits(network, ctx) {
    const bytes = estimateBytes(network);
    if (bytes > MAX_BYTES)
      ctx.diagnostics.add(
        createDiagnostic({
          code: "network-too-large",
          span: NoSpan,
          format: { bytes: String(bytes), limit: String(MAX_BYTES) },
        }),
      );
  },
  build(network, ctx) {
    this.checkLimits(network, ctx);
    if (ctx.diagnostics.hasErrors) return null;
    return [{ path: `${network.name}.mjs`, contents: emitModuleFile(network) }];
  },
};
