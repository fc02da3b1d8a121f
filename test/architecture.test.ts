/**
 * Enforces the module boundaries of STYLE.md §2 (as adapted in docs/architecture.md) by scanning
 * import statements: which folder may import which, no backend imports another, other modules enter
 * a folder only through what it exports, and no file-level import cycles.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/spec-examples.js";

const sourceRoots = ["common", "grammar", "compiler", "runtime", "backends", "cli", "lsp"];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const out: Import[] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const spec = m[3] ?? m[4] ?? "";
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
    out.push({
      from: relative(repoRoot, file),
      to: relative(repoRoot, target),
      typeOnly: m[2] !== undefined,
    });
  }
  return out;
}

/** The area a file belongs to, at the granularity the rules speak of. */
function areaOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "compiler" && parts[1] === "ir") return "compiler/ir";
  if (parts[0] === "backends" && parts.length > 2) return `backends/${parts[1]}`;
  if (parts[0] === "runtime" && parts[1] === "ncx") return "runtime/ncx";
  return parts[0] ?? path;
}

/** Which areas each area may import (besides itself). */
const allowed: Readonly<Record<string, readonly string[]>> = {
  common: [],
  grammar: ["common"],
  "compiler/ir": ["common"],
  compiler: ["common", "grammar", "compiler/ir"],
  runtime: ["common", "compiler/ir"],
  // The core model builds its input with the NeuroCoreX encoder: the board's bytes are its input.
  "runtime/ncx": ["common", "compiler/ir", "runtime", "backends/neurocorex", "backends"],
  // backends/index.ts is the registry: it names every backend and nothing else imports them.
  backends: [
    "common",
    "compiler/ir",
    "backends/js",
    "backends/neurocorex",
    "backends/pynn",
    "backends/nir",
  ],
  "backends/js": ["common", "compiler/ir", "runtime", "backends"],
  // The encoder and the core model share the core's constants and bit-level helpers.
  "backends/neurocorex": ["common", "compiler/ir", "runtime", "runtime/ncx", "backends"],
  "backends/pynn": ["common", "compiler/ir", "runtime", "backends"],
  "backends/nir": ["common", "compiler/ir", "runtime", "backends"],
  lsp: ["common", "grammar", "compiler", "compiler/ir"],
  cli: [
    "common",
    "grammar",
    "compiler",
    "compiler/ir",
    "runtime",
    "runtime/ncx",
    "backends",
    "backends/js",
    "backends/neurocorex",
    "backends/pynn",
    "backends/nir",
    "lsp",
  ],
};

const files = sourceRoots.flatMap((root) => walk(join(repoRoot, root)));
const imports = files.flatMap(importsOf);

describe("module boundaries", () => {
  it("every import stays within the allowed areas", () => {
    const violations = imports
      .filter((i) => {
        const from = areaOf(i.from);
        const to = areaOf(i.to);
        if (from === to) return false;
        // runtime needs the IR's types only
        return !(allowed[from] ?? []).includes(to);
      })
      .map((i) => `${i.from} -> ${i.to}`);
    expect(violations).toEqual([]);
  });

  it("the runtime imports the IR for its types and its pure queries only", () => {
    // queries: functions of IR values alone (no compiler state), shared so that the checker,
    // the language server and the simulator count synapses, bound values and round times alike
    const queries = [
      "compiler/ir/synapse-count.ts",
      "compiler/ir/value-expr.ts",
      "compiler/ir/time-grid.ts",
    ];
    const valueImports = imports
      .filter((i) => areaOf(i.from) === "runtime" && areaOf(i.to) === "compiler/ir" && !i.typeOnly)
      .filter((i) => !queries.some((q) => i.to.endsWith(q)))
      .filter(
        (i) =>
          !i.to.endsWith("compiler/ir/index.ts") ||
          !readFileSync(join(repoRoot, i.from), "utf8").includes("IR_VERSION"),
      )
      .map((i) => `${i.from} -> ${i.to}`);
    expect(valueImports).toEqual([]);
  });

  it("has no import cycles between files", () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) {
      if (i.typeOnly) continue;
      graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    }
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (node: string, stack: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "visiting") {
        cycles.push([...stack.slice(stack.indexOf(node)), node].join(" -> "));
        return;
      }
      state.set(node, "visiting");
      for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
