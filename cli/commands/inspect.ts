/**
 * `snnc inspect FILE.ncx`: decodes a NeuroCoreX image into a readable listing (commands and
 * offsets, non-zero weights by logical neuron and input, parameters from Q7.10, bitmap cells,
 * events with their steps). Names come from `FILE.ncx.json` when it is next to the image.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { NoSpan, SourceSet, createDiagnostic } from "../../common/index.js";
import {
  decodeImage,
  formatImageListing,
  type DecodedImage,
  type ImageManifest,
} from "../../backends/neurocorex/index.js";
import { parseArgs, reportArgErrors } from "../args.js";
import type { Command } from "../main.js";
import { reportDiagnostics } from "../report.js";

/** Reads the manifest next to an image, or null when there is none or it is not ours. */
/** A name entry as the listing reads it; anything else in a hand-edited manifest is skipped. */
function isNameEntry(x: unknown, key: "logical" | "address"): boolean {
  if (typeof x !== "object" || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    Number.isInteger(e[key]) &&
    typeof e["population"] === "string" &&
    typeof e["name"] === "string" &&
    Number.isInteger(e["index"])
  );
}

/** The parts of a manifest the listing uses, each entry checked (a manifest is a user's file). */
function namesOnly(data: Record<string, unknown>): ImageManifest {
  const entries = (list: unknown, key: "logical" | "address") =>
    Array.isArray(list) ? list.filter((x) => isNameEntry(x, key)) : [];
  return {
    ...data,
    network: typeof data["network"] === "string" ? data["network"] : "?",
    neurons: entries(data["neurons"], "logical"),
    inputs: entries(data["inputs"], "address"),
  } as unknown as ImageManifest;
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The bytes of an image, or why they cannot be read (a system error code, or not a file). */
function readImage(path: string): Uint8Array | string {
  // a device such as /dev/zero never ends and a FIFO may never answer: regular files only
  if (existsSync(path) && !isRegularFile(path)) return "not a regular file";
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    return e instanceof Error && "code" in e ? String((e as { code: unknown }).code) : "unreadable";
  }
}

export function readManifest(imagePath: string): ImageManifest | null {
  const path = `${imagePath}.json`;
  if (!isRegularFile(path)) return null;
  try {
    const data: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (
      typeof data === "object" &&
      data !== null &&
      (data as { format?: unknown }).format === "snnc-neurocorex-image"
    ) {
      return namesOnly(data as Record<string, unknown>);
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * True when a manifest was written with this image: the same command ranges and size (of a cut
 * image, the commands before the cut). A manifest left beside a rebuilt or copied image would
 * put wrong names on its cells.
 */
function describesImage(manifest: ImageManifest, size: number, image: DecodedImage): boolean {
  const ranges: unknown = (manifest as { commands?: unknown }).commands;
  if (!Array.isArray(ranges) || ranges.length < image.commands.length) return false;
  const same = image.commands.every((c, k) => {
    const r = ranges[k] as { offset?: unknown; length?: unknown } | null;
    return r !== null && typeof r === "object" && r.offset === c.offset && r.length === c.length;
  });
  if (image.error !== null) return same;
  return same && ranges.length === image.commands.length && manifest.totalBytes === size;
}

export const inspectCommand: Command = {
  summary: "Decode a NeuroCoreX image (.ncx) into a readable listing.",
  usage: "snnc inspect FILE.ncx",
  async run(argv, io) {
    const args = parseArgs(argv, {});
    if (reportArgErrors(io, "inspect", inspectCommand.usage, args)) return 2;
    const file = args.positional[0];
    if (file === undefined || args.positional.length > 1) {
      io.stderr(`usage: ${inspectCommand.usage}\n`);
      return 2;
    }
    const path = resolve(io.cwd, file);
    const read = readImage(path);
    if (typeof read === "string") {
      reportDiagnostics(
        io,
        new SourceSet(),
        [
          createDiagnostic({
            code: "fpga/image-unreadable",
            span: NoSpan,
            format: { path: file, reason: read },
          }),
        ],
        "text",
      );
      return 1;
    }
    const bytes = read;
    const image = decodeImage(bytes);
    const manifest = readManifest(path);
    const matching = manifest !== null && describesImage(manifest, bytes.length, image);
    if (manifest !== null && !matching) {
      io.stderr(
        `snnc inspect: '${file}.json' describes another image (${String(manifest.totalBytes)} bytes, other commands); its names are not used\n`,
      );
    }
    io.stdout(formatImageListing(file, bytes.length, image, matching ? manifest : null));
    if (image.error !== null || image.commands.length === 0) {
      const reason = image.error ?? "it is empty";
      reportDiagnostics(
        io,
        new SourceSet(),
        [
          createDiagnostic({
            code: "fpga/image-invalid",
            span: NoSpan,
            format: { path: file, reason },
          }),
        ],
        "text",
      );
      return 1;
    }
    return 0;
  },
};
