/** A {@link CliIo} for tests that keeps what a command writes. */
import type { CliIo } from "../../cli/io.js";

/** No terminal; `out` and `err` hold everything written so far (a test may reset them). */
export function capturedIo(cwd: string = process.cwd()): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    isTty: false,
    cwd,
  };
  return io;
}
