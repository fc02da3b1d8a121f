/**
 * `snnc upload FILE [--port PATH] [--out DIR] [--timeout S] [--read-back] [--seed S]`: compiles a
 * `target neurocorex` network, sends its image to a NeuroCoreX board at 1,000,000 baud 8N1
 * (honouring the manifest's pauses, pacing the events when the queue cannot hold them), reads the
 * start marker and the frames, writes `spikes.csv` from the board's frames (`v.csv` and
 * `weights.csv` from the core model, which it says), compares the frames with the model's and
 * reports the first difference. `--read-back` then asks the board for its input-weight matrix
 * (0x50) and writes `ff_readback.csv`. A silent board or a cut stream is a clear error. The port
 * is `--port`, else the `port` option of the file's `target neurocorex` block.
 */
import { basename, join, resolve } from "node:path";
import {
  DiagnosticSink,
  NoSpan,
  SourceSet,
  createDiagnostic,
  type Diagnostic,
} from "../../common/index.js";
import { compile } from "../../compiler/index.js";
import type { Network } from "../../compiler/ir/index.js";
import {
  buildManifest,
  checkCoreLimits,
  formatMs,
  type CheckedCore,
  type ImageManifest,
} from "../../backends/neurocorex/index.js";
import {
  FRAME_BITS,
  POST_ROW_OFFSET,
  READBACK_BYTES,
  SLOTS,
  collectSpikes,
  decodeFrameStream,
  runImage,
  simulateOnCore,
  wrap8,
} from "../../runtime/ncx/index.js";
import { formatSummary, writeRecordings, type RunResult } from "../../runtime/index.js";
import { optionFlag, optionString, parseArgs, reportArgErrors, seedOption } from "../args.js";
import type { CliIo } from "../io.js";
import { prepareDirectory, writeOutputFile, writing } from "../output.js";
import type { Command } from "../main.js";
import { nodeHost } from "../node-host.js";
import { reportDiagnostics } from "../report.js";

const USAGE = "snnc upload FILE [--port PATH] [--out DIR] [--timeout S] [--read-back] [--seed S]";

/** A byte link to a board (a serial port, or anything that behaves like one in tests). */
export interface BoardLink {
  /** Resolves when the bytes have been handed to the OS. */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

/** Opens a serial port at 1,000,000 baud, 8 data bits, no parity, 1 stop bit, no flow control. */
export async function openSerialLink(path: string): Promise<BoardLink> {
  const { SerialPort } = await import("serialport");
  const port = new SerialPort({
    path,
    baudRate: 1_000_000,
    dataBits: 8,
    parity: "none",
    stopBits: 1,
    rtscts: false,
    autoOpen: false,
  });
  await new Promise<void>((ok, fail) => port.open((e) => (e ? fail(e) : ok())));
  // A failed write is reported to its own callback (and so to write()'s promise) and then again
  // as the stream's 'error' event; without a listener that second report was an uncaught
  // exception, which closing the port with a write in flight ("Canceled") caused now and then.
  port.on("error", () => undefined);
  return {
    write: (bytes) =>
      new Promise((ok, fail) => {
        port.write(Buffer.from(bytes), (e) => {
          if (e) fail(e);
          else port.drain((d) => (d ? fail(d) : ok()));
        });
      }),
    onData: (listener) => port.on("data", (d: Buffer) => listener(new Uint8Array(d))),
    close: () => new Promise((ok) => (port.isOpen ? port.close(() => ok()) : ok())),
  };
}

/** Wire time of one byte at 1 Mbaud 8N1 (10 bits), in ms. */
const BYTE_MS = 0.01;
/** Wall time of one core step, in ms. */
const STEP_MS = 0.96;
/** Events kept in flight when pacing (the queue holds 1024). */
const PACE_AHEAD = 512;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, Math.max(0, ms)));

export interface UploadOutcome {
  /** Bytes after the start marker (null when no marker came). */
  readonly frameBytes: Uint8Array | null;
  /** Whole frames received. */
  readonly frames: number;
  readonly readBack: Uint8Array | null;
}

/**
 * Sends an image and collects the board's answer. Pure protocol: no files, no diagnostics.
 * `timeoutMs` bounds the wait for the start marker and for each silence in the stream.
 */
export async function exchangeWithBoard(
  link: BoardLink,
  image: Uint8Array,
  manifest: ImageManifest,
  options: { timeoutMs: number; readBack: boolean },
): Promise<UploadOutcome> {
  const received: number[] = [];
  let lastData = performance.now();
  link.onData((bytes) => {
    for (const b of bytes) received.push(b);
    lastData = performance.now();
  });
  const run = manifest.commands.find((c) => c.name === "run");
  const runOffset = run?.offset ?? image.length;
  const t0 = performance.now();
  await link.write(image.subarray(0, runOffset));
  // Everything before the run is on the wire, and every pause has elapsed.
  let readyAt = t0 + runOffset * BYTE_MS;
  for (const p of manifest.pauses) readyAt = Math.max(readyAt, t0 + p.sinceOffset * BYTE_MS + p.ms);
  await sleep(readyAt - performance.now() + 2);
  const before = received.length;
  await sendRun(link, image.subarray(runOffset), manifest);

  const need = manifest.run.outputBytes - 1;
  const wantFrames = manifest.run.expectedFrames;
  let marker = -1;
  const runStart = performance.now();
  for (;;) {
    if (marker < 0) {
      const at = received.indexOf(0xff, before);
      if (at >= 0) marker = at + 1;
      else if (performance.now() - runStart > options.timeoutMs) break;
    }
    if (marker >= 0) {
      const have = received.length - marker;
      const frames = Math.floor((have * 8) / FRAME_BITS);
      const idle = performance.now() - lastData;
      if (have >= need) break;
      if (frames >= wantFrames && idle > 50) break;
      if (idle > options.timeoutMs) break;
    }
    await sleep(5);
  }
  const frameBytes = marker < 0 ? null : Uint8Array.from(received.slice(marker, marker + need));
  let readBack: Uint8Array | null = null;
  if (options.readBack && frameBytes !== null) {
    await sleep(20);
    const start = received.length;
    await link.write(Uint8Array.of(0x50, 0x7a));
    const t = performance.now();
    while (
      received.length - start < READBACK_BYTES &&
      performance.now() - lastData < options.timeoutMs
    ) {
      if (performance.now() - t > options.timeoutMs + READBACK_BYTES * 0.021) break;
      await sleep(5);
    }
    readBack = Uint8Array.from(received.slice(start, start + READBACK_BYTES));
  }
  return {
    frameBytes,
    frames: frameBytes === null ? 0 : Math.floor((frameBytes.length * 8) / FRAME_BITS),
    readBack,
  };
}

/** The run command: all at once, or paced so the board's 1024-deep queue never overflows. */
async function sendRun(link: BoardLink, run: Uint8Array, manifest: ImageManifest): Promise<void> {
  if (!manifest.run.paced) {
    await link.write(run);
    return;
  }
  // Event k is popped in step s_k; keep at most PACE_AHEAD events queued ahead of the board.
  const steps: number[] = [];
  let s = 0;
  for (let p = 1; p + 3 <= run.length - 3; p += 3) {
    s += run[p]! + 1;
    steps.push(s);
  }
  const start = performance.now();
  let sent = 0;
  await link.write(run.subarray(0, 1 + 3 * Math.min(PACE_AHEAD, steps.length)));
  sent = Math.min(PACE_AHEAD, steps.length);
  while (sent < steps.length) {
    const popped = steps[sent - PACE_AHEAD] ?? 0;
    await sleep(start + popped * STEP_MS - performance.now());
    const upto = Math.min(steps.length, sent + 64);
    await link.write(run.subarray(1 + 3 * sent, 1 + 3 * upto));
    sent = upto;
  }
  await link.write(run.subarray(run.length - 3));
}

/** Board frames → a RunResult (spikes from the board; v and weights from the model). */
function boardResult(
  network: Network,
  checked: CheckedCore,
  frameBytes: Uint8Array,
  model: RunResult,
): RunResult {
  const decoded = decodeFrameStream(frameBytes);
  const frames = Math.min(decoded.frames, checked.plan.steps + 1);
  return {
    ...model,
    ...collectSpikes(network, checked.plan, decoded.bits, frames),
    steps: Math.min(frames, checked.plan.steps),
    producedBy: "neurocorex-board",
  };
}

/** The first frame where board and model disagree, described with neuron names. */
function firstDifference(
  checked: CheckedCore,
  board: Uint8Array,
  frames: number,
): Diagnostic | null {
  const model = runImage(checked.image.bytes).runs[0]?.frames ?? new Uint8Array(0);
  for (let f = 0; f < frames; f++) {
    const diff: string[] = [];
    for (const n of checked.plan.neurons) {
      const a = board[f * FRAME_BITS + n.logical]!;
      const b = model[f * FRAME_BITS + n.logical] ?? 0;
      if (a !== b)
        diff.push(
          `'${n.label}' ${a === 1 ? "spikes on the board only" : "spikes in the model only"}`,
        );
    }
    if (diff.length > 0) {
      return createDiagnostic({
        code: "fpga/frames-differ",
        span: NoSpan,
        format: { frame: f, time: formatMs(f * checked.plan.dt), detail: diff.join(", ") },
      });
    }
  }
  return null;
}

function readBackCsv(checked: CheckedCore, bytes: Uint8Array, out: Diagnostic[]): string {
  const rows = ["row,col,post,input,weight"];
  const post = new Map(checked.plan.neurons.map((n) => [n.logical + POST_ROW_OFFSET, n.label]));
  const input = new Map(checked.plan.inputs.map((i) => [i.address, i.label]));
  let differ = 0;
  let first: [number, number, number, number] | null = null;
  for (let k = 0; k < bytes.length; k++) {
    const w = wrap8(bytes[k]!);
    const expected = checked.plan.ff[k]!;
    const row = Math.floor(k / SLOTS);
    const col = k % SLOTS;
    if (w !== expected) {
      differ++;
      first ??= [row, col, w, expected];
    }
    if (w !== 0) rows.push(`${row},${col},${post.get(row) ?? ""},${input.get(col) ?? ""},${w}`);
  }
  if (first !== null) {
    out.push(
      createDiagnostic({
        code: "fpga/readback-differs",
        span: NoSpan,
        format: { count: differ, row: first[0], col: first[1], board: first[2], image: first[3] },
      }),
    );
  }
  return rows.join("\n") + "\n";
}

/**
 * Uploads a compiled network over `link` and writes the results to `dir`. Returns the exit code.
 * Exposed for tests, which pass a pseudo-terminal with a model of the board on its other end.
 */
export async function uploadNetwork(
  network: Network,
  link: BoardLink,
  options: { dir: string; timeoutMs: number; readBack: boolean; port: string },
  io: CliIo,
  sources: SourceSet = new SourceSet(),
): Promise<number> {
  const sink = new DiagnosticSink();
  const checked = checkCoreLimits(network, sink);
  const model = checked === null ? null : simulateOnCore(network, new DiagnosticSink());
  if (
    reportDiagnostics(io, sources, sink.items, "text") > 0 ||
    checked === null ||
    model === null
  ) {
    return 1;
  }
  const manifest = buildManifest(network, checked);
  const out: Diagnostic[] = [];
  if (!manifest.run.refractoryClearAtEnd)
    out.push(createDiagnostic({ code: "fpga/refractory-persists", span: NoSpan }));
  io.stderr(
    `uploading ${checked.image.bytes.length} bytes to ${options.port}; the run takes about ${manifest.run.approxMs} ms\n`,
  );
  let outcome: UploadOutcome;
  try {
    outcome = await exchangeWithBoard(link, checked.image.bytes, manifest, options);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    out.push(
      createDiagnostic({
        code: "fpga/serial-error",
        span: NoSpan,
        format: { port: options.port, reason },
      }),
    );
    reportDiagnostics(io, sources, out, "text");
    return 1;
  }
  if (outcome.frameBytes === null) {
    out.push(
      createDiagnostic({
        code: "fpga/board-silent",
        span: NoSpan,
        format: { port: options.port, seconds: options.timeoutMs / 1000 },
      }),
    );
    reportDiagnostics(io, sources, out, "text");
    return 1;
  }
  const result = boardResult(network, checked, outcome.frameBytes, model);
  const cut = outcome.frames < manifest.run.expectedFrames;
  if (cut) {
    out.push(
      createDiagnostic({
        code: "fpga/stream-cut",
        span: NoSpan,
        format: { frames: outcome.frames, expected: manifest.run.expectedFrames },
      }),
    );
  }
  const decoded = decodeFrameStream(outcome.frameBytes);
  const difference = firstDifference(
    checked,
    decoded.bits,
    Math.min(decoded.frames, manifest.run.expectedFrames),
  );
  if (difference !== null) out.push(difference);
  const written = writing(options.dir, () => writeRecordings(result, options.dir));
  if (outcome.readBack !== null && outcome.readBack.length < READBACK_BYTES) {
    out.push(
      createDiagnostic({
        code: "fpga/readback-cut",
        span: NoSpan,
        format: { count: outcome.readBack.length, expected: READBACK_BYTES },
      }),
    );
  } else if (outcome.readBack !== null) {
    const path = join(options.dir, "ff_readback.csv");
    writeOutputFile(path, readBackCsv(checked, outcome.readBack, out));
    written.push(path);
  }
  const errors = reportDiagnostics(io, sources, out, "text");
  io.stdout(formatSummary(result));
  io.stdout(
    `spikes from the board (${outcome.frames} frames${difference === null && !cut ? ", identical to the core model" : ""}); v.csv and weights.csv, if any, come from the core model\n`,
  );
  for (const p of written) io.stdout(`wrote ${p}\n`);
  return errors > 0 ? 1 : 0;
}

export const uploadCommand: Command = {
  summary: "Send a network to a NeuroCoreX board over its serial port and record its spikes.",
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {
      flags: ["read-back"],
      values: ["timeout", "seed", "port", "out"],
    });
    if (reportArgErrors(io, "upload", uploadCommand.usage, args)) return 2;
    const file = args.positional[0];
    if (file === undefined || args.positional.length > 1) {
      io.stderr(`usage: ${USAGE}\n`);
      return 2;
    }
    const timeoutText = optionString(args, "timeout");
    const timeoutS = timeoutText === undefined ? 5 : Number(timeoutText);
    // Infinity would wait for ever on a silent board (and setTimeout cannot count that far).
    if (!(timeoutS > 0) || !Number.isFinite(timeoutS)) {
      io.stderr(
        `snnc upload: --timeout must be a positive, finite number of seconds, not '${timeoutText}'\n`,
      );
      return 2;
    }
    const seed = seedOption(io, "upload", args);
    if (seed === null) return 2;
    const result = compile(resolve(io.cwd, file), nodeHost, seed === undefined ? {} : { seed });
    if (
      reportDiagnostics(io, result.sources, result.diagnostics, "text") > 0 ||
      result.network === null
    ) {
      return 1;
    }
    // --port, else the `port` option of the file's `target neurocorex` block.
    const fromFile = result.network.targets.find((t) => t.name === "neurocorex")?.options["port"];
    const port =
      optionString(args, "port") ?? (typeof fromFile === "string" ? fromFile : undefined);
    if (port === undefined) {
      io.stderr(
        `snnc upload: name the board's serial port with --port or 'port' in 'target neurocorex'\n`,
      );
      return 2;
    }
    let link: BoardLink;
    try {
      link = await openSerialLink(port);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const d = createDiagnostic({
        code: "fpga/serial-error",
        span: NoSpan,
        format: { port, reason },
      });
      reportDiagnostics(io, result.sources, [d], "text");
      return 1;
    }
    const dir = resolve(io.cwd, optionString(args, "out") ?? join("out", basename(file, ".snn")));
    prepareDirectory(dir); // before the board is busy for the run
    try {
      return await uploadNetwork(
        result.network,
        link,
        { dir, timeoutMs: timeoutS * 1000, readBack: optionFlag(args, "read-back"), port },
        io,
        result.sources,
      );
    } finally {
      await link.close();
    }
  },
};
