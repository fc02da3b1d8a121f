/**
 * `snnc inspect` on the SPEC 9.5 image written by the backend: the listing shows every command,
 * weight, parameter, bitmap cell and event that was encoded (the image round-trips through it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import { neurocorexBackend } from "../../backends/neurocorex/index.js";
import { inspectCommand } from "../../cli/commands/inspect.js";
import { capturedIo } from "../helpers/cli-io.js";
import { spec95 } from "./networks.js";

function writeImage(): string {
  const dir = mkdtempSync(join(tmpdir(), "snnc-inspect-"));
  const files = neurocorexBackend.build(spec95(), { diagnostics: new DiagnosticSink() });
  for (const f of files ?? []) writeFileSync(join(dir, f.path), f.contents);
  return dir;
}

describe("snnc inspect", () => {
  const dir = writeImage();

  test("lists commands, weights, parameters, bitmap and events with names from the manifest", async () => {
    const c = capturedIo(dir);
    expect(await inspectCommand.run(["core.ncx"], c)).toBe(0);
    const text = c.out;
    for (const line of [
      "NeuroCoreX image core.ncx: 21929 bytes, 5 commands (names from the manifest of 'core')",
      "@0 0x10 AA (recurrent) weights, 9218 bytes",
      "  [8][5] n2 command.AVAR <- n0 command.AVAL: 12",
      "@9218 0x00 FF (input) weights, 9218 bytes",
      "  [6][2] n0 command.AVAL <- input 2 sensors.ALML: 6",
      "  [6][4] n0 command.AVAL <- input 4 sensors.PLML: -4",
      "  [7][4] n1 command.AVBL <- input 4 sensors.PLML: 6",
      "@18436 0x60 STDP enable bitmap, 2306 bytes",
      "  AA cells enabled (1): [8][5] n2 <- n0",
      "  FF cells enabled (0): none",
      "  FF gain (Tref[0] & 0xff): 1",
      "  leak (tau_mem[8]): 0",
      "  STDP: AA windows pre 3, post 3; FF windows pre 3, post 3; step+ 1, step- 1",
      "  4     n0             10           2 command.AVAL",
      "  6     n2             10           2 command.AVAR",
      "  10 events (event k is injected in step s_k = sum of (dt + 1))",
      "  0       4        2     5 sensors.ALML",
      "  6      19        4    30 sensors.PLML",
      "  9      18       95    53 (filler/trailing)",
      "  terminator ff ff ff; the run ends in step 53: frames 0..52 are sent",
    ]) {
      expect(text.split("\n")).toContain(line);
    }
  });

  test("a cut image is listed up to the cut and reported", async () => {
    const c = capturedIo(dir);
    const bytes = (await import("node:fs")).readFileSync(join(dir, "core.ncx"));
    writeFileSync(join(dir, "cut.ncx"), bytes.subarray(0, 20000));
    expect(await inspectCommand.run(["cut.ncx"], c)).toBe(1);
    expect(c.out).toContain(
      "error: the stdp-bitmap command at byte 18436 needs 2305 bytes after its header, 1563 remain",
    );
    expect(c.err).toContain("error[fpga/image-invalid]");
  });

  test("a foreign file stops at its first byte that is no command, instead of listing noise", async () => {
    const c = capturedIo(dir);
    writeFileSync(join(dir, "notes.txt"), "xyzw");
    expect(await inspectCommand.run(["notes.txt"], c)).toBe(1);
    expect(c.out).toContain("NeuroCoreX image notes.txt: 4 bytes, 0 commands");
    expect(c.err).toContain(
      "error[fpga/image-invalid]: 'notes.txt' is not a complete NeuroCoreX image: byte 0 (0x78) is not a command header (0x00-0x6f)",
    );
    // the image followed by a stray byte: every command listed, then the error
    const bytes = readFileSync(join(dir, "core.ncx"));
    writeFileSync(join(dir, "stray.ncx"), Buffer.concat([bytes, Buffer.from([0x9a, 0x00])]));
    const d = capturedIo(dir);
    expect(await inspectCommand.run(["stray.ncx"], d)).toBe(1);
    expect(d.out).toContain("NeuroCoreX image stray.ncx: 21931 bytes, 5 commands");
    expect(d.out).toContain("error: byte 21929 (0x9a) is not a command header");
  });

  test("a manifest of another image is not used for names, and says so", async () => {
    const c = capturedIo(dir);
    const bytes = readFileSync(join(dir, "core.ncx"));
    // the same network with its run cut to the terminator: the manifest's run range is wrong
    const run = 21895; // the run command's header (first test: @21895 0x30 spike run)
    expect(bytes[run]).toBe(0x30);
    const other = Buffer.concat([
      bytes.subarray(0, run + 1),
      Buffer.from([4, 2, 0, 0xff, 0xff, 0xff]),
    ]);
    writeFileSync(join(dir, "other.ncx"), other);
    writeFileSync(join(dir, "other.ncx.json"), readFileSync(join(dir, "core.ncx.json")));
    expect(await inspectCommand.run(["other.ncx"], c)).toBe(0);
    expect(c.err).toContain(
      "snnc inspect: 'other.ncx.json' describes another image (21929 bytes, other commands); its names are not used",
    );
    expect(c.out).toContain("  [6][2] n0 <- input 2: 6");
    expect(c.out).not.toContain("sensors.ALML");
    // cut short, the image's own manifest still names what is left
    writeFileSync(join(dir, "cut2.ncx"), bytes.subarray(0, 20000));
    writeFileSync(join(dir, "cut2.ncx.json"), readFileSync(join(dir, "core.ncx.json")));
    const d = capturedIo(dir);
    expect(await inspectCommand.run(["cut2.ncx"], d)).toBe(1);
    expect(d.out).toContain("  [6][2] n0 command.AVAL <- input 2 sensors.ALML: 6");
    expect(d.err).not.toContain("describes another image");
  });

  test("a device or a FIFO is refused at once, as image or as manifest (reading one never ends)", async () => {
    const c = capturedIo(dir);
    expect(await inspectCommand.run(["/dev/zero"], c)).toBe(1);
    expect(c.err).toContain(
      "error[fpga/image-unreadable]: Cannot read the image '/dev/zero': not a regular file",
    );
    const fifo = join(dir, "pipe.ncx");
    execFileSync("mkfifo", [fifo]);
    const d = capturedIo(dir);
    expect(await inspectCommand.run(["pipe.ncx"], d)).toBe(1);
    expect(d.err).toContain("Cannot read the image 'pipe.ncx': not a regular file");
    // a FIFO where the manifest would be is no manifest
    writeFileSync(join(dir, "fifo-manifest.ncx"), readFileSync(join(dir, "core.ncx")));
    execFileSync("mkfifo", [join(dir, "fifo-manifest.ncx.json")]);
    const e = capturedIo(dir);
    expect(await inspectCommand.run(["fifo-manifest.ncx"], e)).toBe(0);
    expect(e.out).toContain("NeuroCoreX image fifo-manifest.ncx: 21929 bytes, 5 commands\n");
  });

  test("a missing file is a diagnostic, not a stack trace", async () => {
    const c = capturedIo(dir);
    expect(await inspectCommand.run(["nope.ncx"], c)).toBe(1);
    expect(c.err).toContain(
      "error[fpga/image-unreadable]: Cannot read the image 'nope.ncx': ENOENT",
    );
  });
});
