/**
 * The SPEC §9.5 image, byte by byte against NEUROCOREX.md §3 and §6: command headers, block
 * lengths, pad bytes, Q7.10 encodings, slot offsets, bitmap bit order, the run's events; plus the
 * checked-in golden image (UPDATE_GOLDENS=1 rewrites it).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import {
  decodeImage,
  neurocorexBackend,
  type ImageManifest,
} from "../../backends/neurocorex/index.js";
import { word18Bytes, toQRaw } from "../../runtime/ncx/index.js";
import { compileCore, hex } from "./helpers.js";
import { spec95 } from "./networks.js";

const golden = fileURLToPath(new URL("../fixtures/fpga/core.ncx", import.meta.url));

const AA = 0;
const FF = AA + 1 + 9216 + 1;
const BITMAP = FF + 1 + 9216 + 1;
const PARAMS = BITMAP + 1 + 2304 + 1;
const RUN = PARAMS + 1 + 1152;

describe("SPEC 9.5 image layout", () => {
  const { image, plan } = compileCore(spec95());
  const bytes = image.bytes;

  test("matches the checked-in golden image", () => {
    if (process.env["UPDATE_GOLDENS"] === "1" || !existsSync(golden)) writeFileSync(golden, bytes);
    expect(Buffer.from(bytes).equals(readFileSync(golden))).toBe(true);
  });

  test("commands in order with their exact lengths", () => {
    expect(image.commands.map((c) => [c.name, c.header, c.offset, c.length])).toEqual([
      ["aa-weights", 0x10, AA, 9218],
      ["ff-weights", 0x00, FF, 9218],
      ["stdp-bitmap", 0x60, BITMAP, 2306],
      ["parameters", 0x20, PARAMS, 1153],
      ["run", 0x30, RUN, 1 + 3 * 10 + 3],
    ]);
    expect(bytes.length).toBe(RUN + 34);
  });

  test("AA matrix: only W_AA[2+6][0+5] = 12 (post row n+6, pre column m+5), pad 0", () => {
    const body = bytes.subarray(AA + 1, AA + 1 + 9216);
    const nonZero = [...body.keys()].filter((k) => body[k] !== 0);
    expect(nonZero).toEqual([8 * 96 + 5]);
    expect(body[8 * 96 + 5]).toBe(12);
    expect(bytes[AA + 9217]).toBe(0);
  });

  test("FF matrix: row b+6, column = input address 2, 3, 4; negative weights as int8", () => {
    const body = bytes.subarray(FF + 1, FF + 1 + 9216);
    const cells = [...body.keys()]
      .filter((k) => body[k] !== 0)
      .map((k) => [Math.floor(k / 96), k % 96, body[k]]);
    expect(cells).toEqual([
      [6, 2, 6], // ALML -> AVAL
      [6, 3, 6], // AVM -> AVAL
      [6, 4, 0xfc], // PLML -> AVAL, -4
      [7, 4, 6], // PLML -> AVBL
    ]);
    expect(bytes[FF + 9217]).toBe(0);
  });

  test("bitmap: AA cell (2+6)*96+(0+5) = 773 is byte 96, bit 7 - 773 % 8 (MSB-first); FF block empty", () => {
    const body = bytes.subarray(BITMAP + 1, BITMAP + 1 + 2305);
    const nonZero = [...body.keys()].filter((k) => body[k] !== 0);
    expect(nonZero).toEqual([96]);
    expect(body[96]).toBe(0b0000_0100);
    expect(body[2304]).toBe(0); // pad
  });

  test("parameters: thresholds at slot b+4, 127.999 elsewhere; Tref[0] = gain 1; leak slot 8; STDP", () => {
    const p = (block: number, slot: number) => hex(bytes, PARAMS + 1 + 3 * (96 * block + slot), 3);
    for (let slot = 0; slot < 96; slot++) {
      const used = slot >= 4 && slot <= 6;
      expect(p(0, slot)).toBe(used ? "00 28 00" : "ff ff 01");
      expect(p(1, slot)).toBe(slot === 0 ? "01 00 00" : used ? "02 00 00" : "00 00 00");
      expect(p(2, slot)).toBe("00 00 00");
    }
    expect(p(3, 0)).toBe("03 03 00");
    expect(p(3, 1)).toBe("03 03 00");
    expect(p(3, 2)).toBe("01 01 00");
    for (let slot = 3; slot < 96; slot++) expect(p(3, slot)).toBe("00 00 00");
  });

  test("run: dt = gap - 1 from s = 0, inputs on addresses 2, 3, 4, trailing event to 95, terminator", () => {
    expect(hex(bytes, RUN, 34)).toBe(
      [
        "30",
        "04 02 00", // ALML at 5 ms: s0 = 4 + 1
        "00 03 00", // AVM 6
        "00 02 00", // ALML 7
        "00 03 00", // AVM 8
        "00 02 00", // ALML 9
        "00 03 00", // AVM 10
        "13 04 00", // PLML 30 (gap 20)
        "01 04 00", // PLML 32
        "01 04 00", // PLML 34
        "12 5f 00", // trailing to address 95 at step 53 = 50 + 1 + t_ref
        "ff ff ff",
      ].join(" "),
    );
    expect(plan.lastStep).toBe(53);
  });

  test("the decoder reads back exactly what was planned", () => {
    const decoded = decodeImage(bytes);
    expect(decoded.error).toBeNull();
    const run = decoded.commands.find((c) => c.kind === "run");
    expect(run?.kind === "run" ? run.events.map((e) => [e.step, e.address]) : null).toEqual(
      plan.events.map((e) => [e.step, e.address]),
    );
  });
});

describe("Q7.10 and 18-bit wire encoding (NEUROCOREX.md 3.2)", () => {
  test.each([
    [100, [0x00, 0x90, 0x01]],
    [127.9990234375, [0xff, 0xff, 0x01]],
    [0.5, [0x00, 0x02, 0x00]],
    [-1, [0x00, 0xfc, 0x03]],
    [-128, [0x00, 0x00, 0x02]],
  ])("%f encodes as the notebook's float_to_fixed18_bytes", (value, expected) => {
    expect(word18Bytes(toQRaw(value))).toEqual(expected);
  });
});

test("compiling twice gives byte-identical images and manifests", () => {
  const a = compileCore(spec95()).image.bytes;
  const b = compileCore(spec95()).image.bytes;
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
});

test("the front end's SPEC 9.5 (.snn) compiles to the same golden image", async () => {
  const { compile } = await import("../../compiler/index.js");
  const { nodeHost } = await import("../../cli/node-host.js");
  const path = fileURLToPath(new URL("../fixtures/fpga/valid/spec95.snn", import.meta.url));
  const result = compile(path, nodeHost);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.network?.core).toEqual(spec95().core);
  const bytes = compileCore(result.network!).image.bytes;
  expect(Buffer.from(bytes).equals(readFileSync(golden))).toBe(true);
});

test("the manifest names every neuron and input, each command's range, the pause and the run", () => {
  const files = neurocorexBackend.build(spec95(), { diagnostics: new DiagnosticSink() });
  expect(files?.map((f) => f.path)).toEqual(["core.ncx", "core.ncx.json"]);
  const manifest = JSON.parse(String(files![1]!.contents)) as ImageManifest;
  expect(
    manifest.neurons.map((n) => [
      n.logical,
      n.slot,
      n.population,
      n.name,
      n.threshold,
      n.refractorySteps,
    ]),
  ).toEqual([
    [0, 4, "command", "AVAL", 10, 2],
    [1, 5, "command", "AVBL", 10, 2],
    [2, 6, "command", "AVAR", 10, 2],
  ]);
  expect(manifest.inputs.map((i) => [i.address, i.name, i.spikes])).toEqual([
    [2, "ALML", 3],
    [3, "AVM", 3],
    [4, "PLML", 3],
  ]);
  expect(manifest.commands.map((c) => [c.name, c.offset, c.length])).toEqual([
    ["aa-weights", AA, 9218],
    ["ff-weights", FF, 9218],
    ["stdp-bitmap", BITMAP, 2306],
    ["parameters", PARAMS, 1153],
    ["run", RUN, 34],
  ]);
  expect(manifest.pauses).toEqual([
    { beforeOffset: RUN, sinceOffset: BITMAP, ms: 40, reason: expect.stringContaining("6.3.1") },
  ]);
  expect(manifest.run).toMatchObject({
    events: 10,
    fillers: 0,
    lastStep: 53,
    expectedFrames: 51,
    outputBytes: 1 + Math.floor((53 * 90) / 8),
    paced: false,
    refractoryClearAtEnd: true,
  });
  expect(manifest.totalBytes).toBe(RUN + 34);
});

test("long gaps get filler events to address 95, at most 256 steps apart", () => {
  const net = spec95();
  const sensors = net.populations[0]!;
  const times = [[0.005], [0.6], [0.61]];
  const long = {
    ...net,
    steps: 1000,
    duration: 1,
    populations: [
      { ...sensors, model: { kind: "spike_times" as const, params: { times } } },
      net.populations[1]!,
    ],
  };
  const { plan } = compileCore(long);
  expect(plan.events.map((e) => [e.step, e.address, e.kind])).toEqual([
    [5, 2, "spike"],
    [261, 95, "filler"],
    [517, 95, "filler"],
    [600, 3, "spike"],
    [610, 4, "spike"],
    [866, 95, "filler"],
    [1003, 95, "trailing"],
  ]);
});
