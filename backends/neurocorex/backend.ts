/**
 * The `neurocorex` backend: checks the core's limits, then writes `<name>.ncx` (the exact bytes
 * the board takes) and `<name>.ncx.json` (the manifest upload and inspect read).
 */
import type { Backend, BuildOutputFile } from "../backend.js";
import { buildManifest } from "./image.js";
import { checkCoreLimits } from "./limits.js";

function refractoryClear(counters: Int32Array): boolean {
  return counters.every((c) => c === 0);
}

export const neurocorexBackend: Backend = {
  name: "neurocorex",
  checkLimits(network, ctx) {
    checkCoreLimits(network, ctx.diagnostics);
  },
  build(network, ctx): readonly BuildOutputFile[] | null {
    const checked = checkCoreLimits(network, ctx.diagnostics);
    if (checked === null || ctx.diagnostics.hasErrors) return null;
    const manifest = buildManifest(
      checked.plan,
      checked.image,
      network.populations.map((p) => p.name),
      refractoryClear(checked.model.state.refractory),
    );
    return [
      { path: `${network.name}.ncx`, contents: checked.image.bytes },
      { path: `${network.name}.ncx.json`, contents: JSON.stringify(manifest, null, 2) + "\n" },
    ];
  },
};
