/**
 * A stand-in for a NeuroCoreX board on the far end of a pseudo-terminal: it reads the bytes that
 * arrive on its pty, feeds them to the bit-accurate core model exactly as the board's UART would
 * take them, and writes back what the model sends (start marker, frames, 0x50 read-backs).
 * Modes break it the way real boards break: silent, cutting the stream, flipping one bit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { CoreModel } from "../../runtime/ncx/index.js";
import { openSerialLink, type BoardLink } from "../../cli/commands/upload.js";

export type BoardMode =
  | { readonly kind: "model" }
  | { readonly kind: "silent" }
  | { readonly kind: "cut"; readonly afterBytes: number }
  | { readonly kind: "flip"; readonly byte: number; readonly mask: number };

export interface FakeBoard {
  /** Every byte the board received. */
  readonly received: () => Uint8Array;
  close(): Promise<void>;
}

/** Opens `path` and answers as a board would. */
export async function startFakeBoard(path: string, mode: BoardMode): Promise<FakeBoard> {
  const link: BoardLink = await openSerialLink(path);
  const model = new CoreModel();
  const received: number[] = [];
  let sent = 0;
  link.onData((bytes) => {
    for (const b of bytes) received.push(b);
    model.receive(bytes);
    const output = model.report().output;
    if (output.length === sent || mode.kind === "silent") return;
    let chunk = output.slice(sent);
    if (mode.kind === "cut") chunk = chunk.slice(0, Math.max(0, mode.afterBytes - sent));
    if (mode.kind === "flip" && mode.byte >= sent && mode.byte < output.length) {
      chunk[mode.byte - sent]! ^= mode.mask;
    }
    sent = output.length;
    if (chunk.length > 0) void link.write(chunk);
  });
  return { received: () => Uint8Array.from(received), close: () => link.close() };
}

export interface PtyPair {
  readonly host: string;
  readonly board: string;
  close(): void;
}

/** Two connected pseudo-terminals from socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`). */
export function openPtyPair(): Promise<PtyPair> {
  return new Promise((ok, fail) => {
    const child: ChildProcess = spawn("socat", ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let text = "";
    child.on("error", fail);
    child.stderr?.on("data", (d: Buffer) => {
      text += d.toString();
      const ptys = [...text.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!);
      if (ptys.length === 2 && /starting data transfer/.test(text)) {
        ok({ host: ptys[0]!, board: ptys[1]!, close: () => child.kill() });
      }
    });
  });
}
