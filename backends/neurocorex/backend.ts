/**
 * The `neurocorex` backend: checks the core's limits, then writes `<name>.ncx` (the exact bytes
 * the board takes) and `<name>.ncx.json` (the manifest upload and inspect read).
 */
import { DiagnosticSink } from "../../common/index.js";
import { reportNew, type Backend, type BuildOutputFile } from "../backend.js";
import { buildManifest } from "./image.js";
import { checkCoreLimits } from "./limits.js";

export const neurocorexBackend: Backend = {
  name: "neurocorex",
  checkLimits(network, ctx) {
    checkCoreLimits(network, ctx.diagnostics);
  },
  build(network, ctx): readonly BuildOutputFile[] | null {
    // `snnc build` calls checkLimits first with the same sink: report only what is new.
    const own = new DiagnosticSink();
    const checked = checkCoreLimits(network, own);
    reportNew(own, ctx.diagnostics);
    if (checked === null || own.hasErrors) return null;
    const manifest = buildManifest(network, checked);
    return [
      { path: `${network.name}.ncx`, contents: checked.image.bytes },
      { path: `${network.name}.ncx.json`, contents: JSON.stringify(manifest, null, 2) + "\n" },
    ];
  },
};
