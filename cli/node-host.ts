/**
 * The compiler's view of the file system for the command line and the language server it starts
 * (`snnc lsp`, which reads open documents from the editor and every other file through this):
 * absolute paths in, text out. The compiler itself never touches the file system.
 */
import { readFileSync, statSync } from "node:fs";

export interface NodeHost {
  readFile(path: string): string | undefined;
}

export const nodeHost: NodeHost = {
  readFile(path: string): string | undefined {
    try {
      // only regular files: a device such as /dev/zero never ends, a FIFO may never answer
      if (!statSync(path).isFile()) return undefined;
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};
