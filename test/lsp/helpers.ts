/**
 * Test helpers for the language server: an in-memory host over a virtual folder (falling back
 * to the real file system for absolute paths outside it, e.g. the shared C. elegans CSVs), `┆`
 * cursor markers as in TypeSpec's tests, and position conversions.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Position, Range } from "vscode-languageserver";
import { LanguageService, pathToUri } from "../../lsp/index.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixtures = resolve(repoRoot, "test", "lsp", "fixtures");
export const celegans = resolve(repoRoot, "..", "shared", "data", "celegans");
export const root = "/virtual";
export const CURSOR = "┆";

/** Removes the `┆` markers; returns the text and the offsets where they stood. */
export function markers(src: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = "";
  src.split(CURSOR).forEach((part, i) => {
    if (i > 0) offsets.push(text.length);
    text += part;
  });
  return { text, offsets };
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

export function offsetOfPosition(text: string, p: Position): number {
  const lines = text.split("\n");
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
  return o + p.character;
}

/** The text a range covers. */
export function textOf(text: string, r: Range): string {
  return text.slice(offsetOfPosition(text, r.start), offsetOfPosition(text, r.end));
}

export interface TestWorkspace {
  readonly service: LanguageService;
  /** Opens `name` (relative to the virtual root) with its `┆` markers removed. */
  open(
    name: string,
    src: string,
  ): { uri: string; text: string; cursors: Position[]; offsets: number[] };
  uri(name: string): string;
  /** Changes a virtual file on "disk" (not an open document). */
  write(name: string, text: string): void;
}

/** A service over virtual files (not open unless opened) plus the real file system elsewhere. */
export function createWorkspace(files: Readonly<Record<string, string>> = {}): TestWorkspace {
  const virtual = new Map(Object.entries(files).map(([k, v]) => [resolve(root, k), v]));
  const service = new LanguageService({
    readFile(path) {
      if (virtual.has(path)) return virtual.get(path);
      if (path.startsWith(root + "/")) return undefined;
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  });
  let version = 0;
  return {
    service,
    uri: (name) => pathToUri(resolve(root, name)),
    write: (name, text) => void virtual.set(resolve(root, name), text),
    open(name, src) {
      const { text, offsets } = markers(src);
      const uri = pathToUri(resolve(root, name));
      service.open(uri, text, ++version);
      return { uri, text, offsets, cursors: offsets.map((o) => positionOf(text, o)) };
    },
  };
}

/** Opens one document with exactly one cursor marker. */
export function openAt(
  src: string,
  files: Readonly<Record<string, string>> = {},
  name = "main.snn",
) {
  const ws = createWorkspace(files);
  const doc = ws.open(name, src);
  const pos = doc.cursors[0];
  if (pos === undefined) throw new Error("test source has no ┆ marker");
  return { ...ws, ...doc, pos };
}

/** A SPEC §9 example from test/lsp/fixtures. */
export function example(name: string): string {
  return readFileSync(resolve(fixtures, `${name}.snn`), "utf8");
}

/** The markdown of a hover, or "" when there is none. */
export function hoverText(h: { contents: unknown } | null): string {
  if (h === null) return "";
  const c = h.contents;
  if (typeof c === "object" && c !== null && "value" in c)
    return String((c as { value: unknown }).value);
  return String(c);
}
