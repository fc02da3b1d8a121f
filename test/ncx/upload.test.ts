/**
 * `snnc upload` end to end through a real pseudo-terminal pair (socat), with the core model
 * answering on the other end as the board would: the bytes the board receives are the image, the
 * spikes written are the board's, and silent boards, cut streams and differing frames are
 * reported clearly.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { openSerialLink, uploadCommand, uploadNetwork } from "../../cli/commands/upload.js";
import type { Network } from "../../compiler/ir/index.js";
import { capturedIo } from "../helpers/cli-io.js";
import { compileCore } from "./helpers.js";
import {
  openPtyPair,
  startFakeBoard,
  type BoardMode,
  type PtyPair,
  type FakeBoard,
} from "./fake-board.js";
import { coreModel, network, population, spec95 } from "./networks.js";

function hasSocat(): boolean {
  try {
    execFileSync("socat", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * A step of the pty harness, bounded: on a loaded machine a pty pair or a port now and then never
 * answers (a rare hang of socat or the serial library, not of snnc), and an unbounded wait would
 * spend the test's whole minute saying nothing. Such a run fails naming the step, and is retried.
 */
function within<T>(ms: number, step: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`pty harness: ${step} did not finish in ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const open: { pty?: PtyPair; board?: FakeBoard } = {};
afterEach(async () => {
  const board = open.board;
  const pty = open.pty;
  delete open.board;
  delete open.pty;
  try {
    if (board !== undefined) await within(5000, "closing the fake board", board.close());
  } finally {
    pty?.close();
  }
});

async function upload(
  mode: BoardMode,
  readBack = false,
  timeoutMs = 1500,
  net: Network = spec95(),
) {
  const pty = await within(10_000, "starting socat's pty pair", openPtyPair());
  open.pty = pty;
  const board = await within(10_000, "opening the fake board", startFakeBoard(pty.board, mode));
  open.board = board;
  const dir = mkdtempSync(join(tmpdir(), "snnc-upload-"));
  const io = capturedIo(dir);
  const link = await within(10_000, "opening the host's port", openSerialLink(pty.host));
  try {
    const code = await within(
      30_000,
      "the upload",
      uploadNetwork(net, link, { dir, timeoutMs, readBack, port: pty.host }, io),
    );
    return { code, out: io.out, err: io.err, dir, board };
  } finally {
    await within(5000, "closing the host's port", link.close());
  }
}

describe.skipIf(!hasSocat())("snnc upload over a pty pair", { retry: 2 }, () => {
  test("the board receives the image byte for byte and its spikes are written", async () => {
    const r = await upload({ kind: "model" });
    expect(r.err).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    expect(
      Buffer.from(r.board.received()).equals(Buffer.from(compileCore(spec95()).image.bytes)),
    ).toBe(true);
    expect(readFileSync(join(r.dir, "spikes.csv"), "utf8")).toBe(
      [
        "time_ms,population,index,name",
        "7,command,0,AVAL",
        "9,command,2,AVAR",
        "10,command,0,AVAL",
        "12,command,2,AVAR",
        "33,command,1,AVBL",
        "",
      ].join("\n"),
    );
    expect(r.out).toContain("identical to the core model");
  });

  test("--read-back writes the input weights the board holds", async () => {
    const r = await upload({ kind: "model" }, true);
    expect(r.code).toBe(0);
    expect(readFileSync(join(r.dir, "ff_readback.csv"), "utf8")).toBe(
      [
        "row,col,post,input,weight",
        "6,2,command.AVAL,sensors.ALML,6",
        "6,3,command.AVAL,sensors.AVM,6",
        "6,4,command.AVAL,sensors.PLML,-4",
        "7,4,command.AVBL,sensors.PLML,6",
        "",
      ].join("\n"),
    );
  });

  test("a read-back cut short is an error and writes no partial matrix", async () => {
    // The run sends 597 bytes; the board goes silent 100 bytes into the 9215-byte read-back,
    // before the first non-zero cell (row 6).
    const r = await upload({ kind: "cut", afterBytes: 597 + 100 }, true, 500);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error[fpga/readback-cut]: The board sent 100 of the 9215 read-back bytes before going silent; ff_readback.csv is not written",
    );
    expect(existsSync(join(r.dir, "ff_readback.csv"))).toBe(false);
    expect(existsSync(join(r.dir, "spikes.csv"))).toBe(true);
  });

  test("a silent board is an error naming the port", async () => {
    const r = await upload({ kind: "silent" }, false, 300);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[fpga/board-silent]");
    expect(r.err).toMatch(
      /error\[fpga\/board-silent\]: The board on '\/dev\/pts\/\d+' sent no start marker within 0.3 s/,
    );
  });

  test("a cut stream is an error with the frame count", async () => {
    const r = await upload({ kind: "cut", afterBytes: 1 + 200 }, false, 300);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error[fpga/stream-cut]: The board sent 17 of 51 frames before going silent",
    );
  });

  test("a differing frame is reported with the neurons that differ", async () => {
    // Frame 7 is bits 630..719; AVAL (bit 0 of frame 7) is bit 630 = byte 78, bit 6 after the marker.
    const r = await upload({ kind: "flip", byte: 1 + 78, mask: 1 << 6 });
    expect(r.err).toContain(
      "warning[fpga/frames-differ]: The board's frame 7 (7 ms) differs from the core model's: 'command.AVAL' spikes in the model only",
    );
  });

  test("read-back bytes that differ from the image are reported", async () => {
    // The run sends 1 + floor(90 * 53 / 8) = 597 bytes; the read-back follows. Cell 6*96+2 holds 6.
    const r = await upload({ kind: "flip", byte: 597 + 6 * 96 + 2, mask: 0x01 }, true);
    expect(r.err).toContain(
      "warning[fpga/readback-differs]: The board's read-back input weights differ from the image in 1 cells, first at row 6, column 2: 7 instead of 6",
    );
  });

  test("refractory counters still running at the end of the run are a warning", async () => {
    // A rising leak makes the neuron fire in frame 4; its 300-step refractory period outlasts the run.
    const net = network({
      steps: 20,
      populations: [population(0, "core", coreModel(1, -0.25, 0.3), 1)],
      projections: [],
      core: { neurons: [{ population: 0, index: 0 }], inputs: [] },
    });
    const r = await upload({ kind: "model" }, false, 1500, net);
    expect(r.err).toContain("warning[fpga/refractory-persists]");
    expect(r.code).toBe(0);
  });

  test("a port that cannot be opened is a diagnostic", async () => {
    const io = capturedIo();
    const file = join(process.cwd(), "test/fixtures/fpga/valid/spec95.snn");
    expect(await uploadCommand.run([file, "--port", "/dev/no-such-tty"], io)).toBe(1);
    expect(io.err).toContain("error[fpga/serial-error]: Serial port '/dev/no-such-tty'");
  });
});

test("the port comes from --port or from the target block's 'port' option", async () => {
  const io = capturedIo();
  const dir = mkdtempSync(join(tmpdir(), "snnc-port-"));
  const file = join(dir, "net.snn");
  const text = readFileSync(join(process.cwd(), "test/fixtures/fpga/valid/spec95.snn"), "utf8");
  writeFileSync(
    file,
    text.replace("target neurocorex { }", 'target neurocorex { port = "/dev/no-such-tty-2" }'),
  );
  expect(await uploadCommand.run([file], io)).toBe(1);
  expect(io.err).toContain("Serial port '/dev/no-such-tty-2'");
  io.err = "";
  const bare = join(dir, "bare.snn");
  writeFileSync(bare, text);
  expect(await uploadCommand.run([bare], io)).toBe(2);
  expect(io.err).toContain("name the board's serial port with --port");
});

test("--timeout must be a positive, finite number of seconds (Infinity waited for ever)", async () => {
  const io = capturedIo();
  const file = join(process.cwd(), "test/fixtures/fpga/valid/spec95.snn");
  for (const bad of ["Infinity", "1e999", "0", "-1", "soon"]) {
    io.err = "";
    expect(await uploadCommand.run([file, "--port", "/dev/null", "--timeout", bad], io)).toBe(2);
    expect(io.err).toContain(
      `snnc upload: --timeout must be a positive, finite number of seconds, not '${bad}'`,
    );
  }
});

describe.skipIf(!hasSocat())("the serial link", () => {
  test("closing it with a write in flight rejects the write and throws nothing", async () => {
    // the port's stream reported the cancelled write a second time as an 'error' event, an
    // uncaught exception when nobody listened (it ended a CI run now and then)
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      const pty = await within(10_000, "opening the pty pair", openPtyPair());
      open.pty = pty;
      const link = await within(10_000, "opening the host's port", openSerialLink(pty.host));
      // nobody reads the other end: 4 MB cannot all be written
      const write = link.write(new Uint8Array(4 << 20)).then(
        () => "written",
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      await new Promise((ok) => setTimeout(ok, 200));
      await within(5000, "closing the link", link.close());
      expect(await write).toBe("Canceled");
      await new Promise((ok) => setTimeout(ok, 200));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});

describe.skipIf(!hasSocat())("paced upload", { retry: 2 }, () => {
  test("more events than the queue holds arrive complete and in order when upload paces them", async () => {
    const net = spec95();
    const times = [Array.from({ length: 1100 }, (_, k) => (2 * k + 1) * 0.001), [], []];
    const paced: Network = {
      ...net,
      steps: 2300,
      duration: 2.3,
      recordings: [net.recordings[0]!],
      populations: [
        { ...net.populations[0]!, model: { kind: "spike_times", params: { times } } },
        net.populations[1]!,
      ],
      targets: [{ ...net.targets[0]!, options: { pace_upload: true } }],
    };
    const r = await upload({ kind: "model" }, false, 3000, paced);
    expect(r.err).not.toContain("error");
    expect(r.code).toBe(0);
    const image = compileCore(paced);
    expect(image.plan.events.length).toBeGreaterThan(1023);
    expect(Buffer.from(r.board.received()).equals(Buffer.from(image.image.bytes))).toBe(true);
    expect(r.out).toContain("identical to the core model");
  });
});
