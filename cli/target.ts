/**
 * The target `snnc run` and `snnc build` use (SPEC §8): `--target`, else the file's single
 * `target` block, else `js`. A file with several blocks and no `--target` gets `js` and a
 * warning at its first block that is not the one used, so the choice is never silent.
 */
import type { Network } from "../compiler/ir/index.js";
import type { DiagnosticSink } from "../common/index.js";

export function chosenTarget(
  network: Network,
  requested: string | undefined,
  command: "run" | "build",
  sink: DiagnosticSink,
): string {
  if (requested !== undefined) return requested;
  const blocks = network.targets;
  if (blocks.length === 1 && blocks[0] !== undefined) return blocks[0].name;
  const unused = blocks.find((t) => t.name !== "js");
  if (unused !== undefined)
    sink.report({
      code: "target-not-chosen",
      span: unused.origin,
      format: {
        count: String(blocks.length),
        names: blocks.map((t) => t.name).join(", "),
        command,
        used: "js",
      },
    });
  return "js";
}
