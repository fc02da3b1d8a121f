import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink, renderDiagnosticShort } from "../common/index.js";
import { jsBackend } from "../backends/js/index.js";
import { compile, printNetwork, serializeNetwork } from "../compiler/index.js";
import { parse } from "../grammar/index.js";
import { checkFile } from "../cli/check-file.js";
import { buildCommand } from "../cli/commands/build.js";
import { checkCommand } from "../cli/commands/check.js";
import { fmtCommand } from "../cli/commands/fmt.js";
import { inspectCommand } from "../cli/commands/inspect.js";
import { lspCommand } from "../cli/commands/lsp.js";
import { runCommand } from "../cli/commands/run.js";
import { uploadCommand } from "../cli/commands/upload.js";
import { nodeHost } from "../cli/node-host.js";
import { renderDiagnosticsDoc } from "../scripts/gen-diagnostics-doc.js";
import { repoRoot, sharedDir } from "./helpers/spec-examples.js";

describe("generated documentation", () => {
  it("docs/diagnostics.md matches the diagnostic table (npm run docs:diagnostics)", () => {
    expect(readFileSync(join(repoRoot, "docs/diagnostics.md"), "utf8")).toBe(
      renderDiagnosticsDoc(),
    );
  });
});

/** README.md and every page of docs/, as paths relative to the repository. */
const pages = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Fence {
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
}

function fences(page: string): Fence[] {
  const out: Fence[] = [];
  let open: { line: number; lang: string; lines: string[] } | undefined;
  readFileSync(join(repoRoot, page), "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (open === undefined) {
        const m = /^\s*```(\S*)/.exec(line);
        if (m !== null) open = { line: i + 1, lang: m[1] ?? "", lines: [] };
      } else if (/^\s*```\s*$/.test(line)) {
        out.push({ page, line: open.line, lang: open.lang, text: open.lines.join("\n") + "\n" });
        open = undefined;
      } else open.lines.push(line);
    });
  return out;
}

const allFences = pages.flatMap(fences);
const isElision = (line: string) => line.trim() === "...";

/**
 * A block is checked as a file at the repository's root, so its paths mean what they mean to a
 * user who saves it there: `../shared/data/celegans/...` is the shared data. A block's
 * `data/NAME.csv` stands for the user's copy of a file of the C. elegans data (the pages say so).
 */
function snippetHost(path: string, text: string) {
  const data = join(repoRoot, "data") + "/";
  return {
    readFile(p: string): string | undefined {
      if (p === path) return text;
      const own = nodeHost.readFile(p);
      if (own !== undefined || !p.startsWith(data)) return own;
      return nodeHost.readFile(join(sharedDir, "data/celegans", p.slice(data.length)));
    },
  };
}

describe("the snn blocks of README.md and docs/", () => {
  const snn = allFences.filter((f) => f.lang === "snn");

  it("are found", () => {
    expect(snn.length).toBeGreaterThanOrEqual(6);
  });

  for (const fence of snn) {
    const where = `${fence.page}:${fence.line}`;
    if (fence.text.split("\n").some(isElision)) {
      // An excerpt ("..." for what is left out): what is shown must still be valid syntax.
      it(`${where} (an excerpt) parses once its '...' lines are left out`, () => {
        const text = fence.text
          .split("\n")
          .filter((l) => !isElision(l))
          .join("\n");
        const { diagnostics } = parse({ id: 0, path: "excerpt.snn", text });
        expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      });
    } else {
      it(`${where} checks without errors, as a file at the repository's root`, async () => {
        const path = join(repoRoot, `doc-block-${fence.line}.snn`);
        const result = await checkFile(path, snippetHost(path, fence.text));
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        expect(errors.map((d) => renderDiagnosticShort(result.sources, d))).toEqual([]);
      });
    }
  }
});

describe("diagnostics the pages name", () => {
  const codes = new Set(
    [
      ...readFileSync(join(repoRoot, "docs/diagnostics.md"), "utf8").matchAll(/^\| `([^`]+)` \|/gm),
    ].map((m) => m[1]),
  );
  // Words in backticks shaped like a code (`unit-mismatch`, `fpga/input-lost`) that are not one.
  const notCodes = new Set(["lodash-es"]);

  it("exist: every `code-like` word in backticks and every error[...] shown in a block", () => {
    const unknown: string[] = [];
    for (const page of pages) {
      if (page === "docs/diagnostics.md") continue;
      const text = readFileSync(join(repoRoot, page), "utf8");
      for (const m of text.matchAll(/`((?:fpga|pynn|nir|lsp)\/[a-z0-9-]+|[a-z]+(?:-[a-z0-9]+)+)`/g))
        if (!codes.has(m[1] ?? "") && !notCodes.has(m[1] ?? "")) unknown.push(`${page}: ${m[1]}`);
      for (const m of text.matchAll(/^(?:error|warning|info)\[([^\]]+)\]/gm))
        if (!codes.has(m[1] ?? "")) unknown.push(`${page}: ${m[1]}`);
    }
    expect(unknown).toEqual([]);
  });

  it("docs/connectome.md: the message for the master sheet's undecided transmitters", () => {
    const page = readFileSync(join(repoRoot, "docs/connectome.md"), "utf8");
    const shown = /^error\[connectome-undecided-transmitter\]: (.*)$/m.exec(page)?.[1];
    const full = allFences.find(
      (f) =>
        f.page === "docs/connectome.md" &&
        f.text.includes("cook2019") &&
        f.text.includes("../shared"),
    );
    expect(shown).toBeDefined();
    expect(full).toBeDefined();
    // the page's full import without its `signs` line
    const text = String(full?.text)
      .split("\n")
      .filter((l) => !l.trim().startsWith("signs "))
      .join("\n");
    const path = join(repoRoot, "doc-block-signs.snn");
    const result = compile(path, snippetHost(path, text));
    const messages = result.diagnostics
      .filter((d) => d.code === "connectome-undecided-transmitter")
      .map((d) => d.message);
    expect(messages).toEqual([shown]);
  });
});

describe("snnc commands the pages show", () => {
  const usage: Record<string, string> = {
    build: buildCommand.usage,
    check: checkCommand.usage,
    fmt: fmtCommand.usage,
    inspect: inspectCommand.usage,
    lsp: lspCommand.usage,
    run: runCommand.usage,
    upload: uploadCommand.usage,
  };

  it("exist, with the options their usage lists", () => {
    const wrong: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), "utf8");
      // `snnc CMD ...` in backticks, and command lines of code blocks
      const mentions = [
        ...[...text.matchAll(/`(?:npx )?snnc ([^`]*)`/g)].map((m) => m[1] ?? ""),
        ...allFences
          .filter((f) => f.page === page && (f.lang === "sh" || f.lang === ""))
          .flatMap((f) => [...f.text.matchAll(/^\s*(?:npx )?snnc ([^\n#]*)/gm)])
          .map((m) => m[1] ?? ""),
      ];
      for (const mention of mentions) {
        const [command = "", ...words] = mention.trim().split(/\s+/);
        const known = usage[command];
        if (known === undefined) {
          wrong.push(`${page}: snnc ${mention}: no command '${command}'`);
          continue;
        }
        for (const word of words) {
          const option = /^(--?[a-z][a-z-]*)/.exec(word)?.[1];
          if (option !== undefined && !new RegExp(`${option}(?![a-z-])`).test(known))
            wrong.push(`${page}: snnc ${mention}: '${option}' is not in '${known}'`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("docs/editor.md", () => {
  it("lists the extension's settings with their defaults", () => {
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, "vscode-extension/package.json"), "utf8"),
    ) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const page = readFileSync(join(repoRoot, "docs/editor.md"), "utf8");
    const shown = Object.fromEntries(
      [...page.matchAll(/^\| `(snn\.[a-zA-Z.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]),
    );
    const actual = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [
        k,
        typeof v.default === "string"
          ? v.default === ""
            ? '""'
            : v.default
          : JSON.stringify(v.default),
      ]),
    );
    expect(shown).toEqual(actual);
  });
});

describe("docs/ir.md", () => {
  const file = join(repoRoot, "examples/neurocorex-touch.snn");
  const result = compile(file, nodeHost);
  const blocks = allFences.filter((f) => f.page === "docs/ir.md");

  it("shows printNetwork of examples/neurocorex-touch.snn", () => {
    expect(result.network).not.toBeNull();
    if (result.network === null) return;
    const shown = blocks.find((f) => f.text.startsWith("network "));
    expect(shown?.text).toBe(printNetwork(result.network).trimEnd() + "\n");
  });

  it("shows the start of its JSON", () => {
    if (result.network === null) return;
    const shown = blocks.find((f) => f.lang === "json")?.text ?? "";
    const start = shown.slice(0, shown.indexOf("  ...\n"));
    expect(start.length).toBeGreaterThan(100);
    expect(serializeNetwork(result.network).startsWith(start)).toBe(true);
  });
});

describe("docs/runtime.md, 'The generated module'", () => {
  it("its sh and js blocks run against a module built with snnc build --target js", () => {
    const dir = mkdtempSync(join(tmpdir(), "snnc-doc-module-"));
    const source = join(dir, "net.snn");
    writeFileSync(
      source,
      [
        "population exc = lif[10] { init v = uniform(-70 mV, -50 mV) }",
        "connect exc -> exc { rule = fixed_probability(0.5); weight = 0.2 nA }",
        "stimulus drive = current -> exc { amplitude = 0.3 nA }",
        "record spikes of exc",
        "simulate { dt = 0.1 ms; duration = 50 ms }",
        "",
      ].join("\n"),
    );
    const result = compile(source, nodeHost);
    expect(result.network).not.toBeNull();
    if (result.network === null) return;
    const files = jsBackend.build(result.network, { diagnostics: new DiagnosticSink() }) ?? [];
    // `snnc build net.snn --target js` writes out/net/net.mjs
    mkdirSync(join(dir, "out/net"), { recursive: true });
    for (const f of files) writeFileSync(join(dir, "out/net", f.path), f.contents);

    const page = allFences.filter((f) => f.page === "docs/runtime.md");
    const sh = page.find((f) => f.lang === "sh" && f.text.includes("out/net/net.mjs"));
    const js = page.find((f) => f.lang === "js" && f.text.includes("./out/net/net.mjs"));
    expect(sh).toBeDefined();
    expect(js).toBeDefined();
    for (const line of String(sh?.text).split("\n")) {
      const command = line.replace(/#.*$/, "").trim();
      if (command === "") continue;
      const [program, ...args] = command.split(/\s+/);
      expect(program).toBe("node");
      const stdout = execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
      expect(stdout).toContain("population");
    }
    expect(readdirSync(join(dir, "results"))).toContain("spikes.csv");

    writeFileSync(
      join(dir, "snippet.mjs"),
      String(js?.text) + 'console.log("ran to", sim.time);\n',
    );
    const stdout = execFileSync(process.execPath, ["snippet.mjs"], { cwd: dir, encoding: "utf8" });
    expect(stdout).toBe(`ran to ${result.network.steps}\n`);
  });
});
