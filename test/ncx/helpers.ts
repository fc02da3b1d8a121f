/** Shared helpers of the NeuroCoreX tests: compile a hand-built network to its image. */
import { DiagnosticSink } from "../../common/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { checkCoreLimits, type CheckedCore } from "../../backends/neurocorex/index.js";

/** Checks and encodes `network`; fails the test with the messages when a limit is broken. */
export function compileCore(network: Network): CheckedCore {
  const sink = new DiagnosticSink();
  const checked = checkCoreLimits(network, sink);
  if (checked === null || sink.hasErrors) {
    throw new Error(
      `unexpected errors:\n${sink.items.map((d) => `${d.code}: ${d.message}`).join("\n")}`,
    );
  }
  return checked;
}

/** The codes a network's check reports, in order. */
export function limitCodes(network: Network): string[] {
  const sink = new DiagnosticSink();
  checkCoreLimits(network, sink);
  return sink.items.map((d) => d.code);
}

/** Hex of a byte range, space separated (readable assertions). */
export function hex(bytes: Uint8Array, start: number, length: number): string {
  return Array.from(bytes.subarray(start, start + length), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join(" ");
}
