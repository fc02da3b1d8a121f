/**
 * The language server as editors run it: `node bin/snnc.js lsp --stdio` in a child process,
 * driven by a real LSP client connection (vscode-languageserver-protocol) over its stdin and
 * stdout. Every feature is exercised once here, on the SPEC §9 examples and on files with errors;
 * service.test.ts covers the finer cases in-process. Needs `npm run build` (as `npm test` does).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  InlayHintRequest,
  PrepareRenameRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type Location,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node.js";
import { pathToUri } from "../../lsp/index.js";
import { fixtures, hoverText, positionOf, repoRoot, textOf } from "./helpers.js";

let child: ChildProcess;
let connection: ProtocolConnection;
let capabilities: InitializeResult["capabilities"];
const published = new Map<string, PublishDiagnosticsParams[]>();
const waiters: {
  uri: string;
  pred: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}[] = [];
let version = 0;

/** Resolves with the first diagnostics for `uri` (from now on, or already received) matching `pred`. */
function diagnosticsFor(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true) {
  const seen = (published.get(uri) ?? []).find(pred);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise<PublishDiagnosticsParams>((resolve) => waiters.push({ uri, pred, resolve }));
}

function open(name: string, text: string): string {
  const uri = pathToUri(resolve(fixtures, name));
  published.delete(uri);
  void connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "snn", version: ++version, text },
  });
  return uri;
}

function at(text: string, needle: string, delta = 0): Position {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  return positionOf(text, i + delta);
}

beforeAll(async () => {
  const bin = resolve(repoRoot, "bin", "snnc.js");
  if (!existsSync(resolve(repoRoot, "dist", "lsp", "server.js")))
    throw new Error("dist/lsp/server.js is missing: run `npm run build` first");
  child = spawn(process.execPath, [bin, "lsp", "--stdio"], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
    for (const w of [...waiters])
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToUri(fixtures),
    capabilities: {},
    workspaceFolders: null,
  });
  capabilities = init.capabilities;
  await connection.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  if (connection === undefined) return;
  await connection.sendRequest(ShutdownRequest.type);
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  await connection.sendNotification(ExitNotification.type);
  expect(await exited).toBe(0);
  connection.dispose();
});

describe("snnc lsp --stdio", () => {
  test("announces every feature", () => {
    expect(capabilities).toMatchObject({
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentHighlightProvider: true,
      workspaceSymbolProvider: true,
      selectionRangeProvider: true,
      signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: ["="] },
      inlayHintProvider: true,
    });
    expect(capabilities.completionProvider?.triggerCharacters).toContain(".");
    expect(capabilities.semanticTokensProvider?.legend.tokenTypes).toContain("enumMember");
  });

  test("diagnostics on open and after a change, with the error's range and code", async () => {
    const text = readFileSync(resolve(fixtures, "one-neuron.snn"), "utf8").replace(
      "tau_m = 20 ms",
      "tau_m = 20 mV",
    );
    const uri = open("one-neuron-error.snn", text);
    const first = await diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    const d = first.diagnostics[0] as Diagnostic;
    expect(d.code).toBe("unit-mismatch");
    expect(textOf(text, d.range)).toBe("20 mV");
    const fix = at(text, "mV", 0);
    void connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [
        {
          range: { start: fix, end: { line: fix.line, character: fix.character + 2 } },
          text: "ms",
        },
      ],
    });
    const after = await diagnosticsFor(uri, (p) => p.version === version);
    expect(after.diagnostics).toEqual([]);
    void connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  });

  test("the limits of a target block's backend are reported, as snnc check does", async () => {
    const text = readFileSync(resolve(fixtures, "neurocorex.snn"), "utf8").replace(
      "population command = Core[AVAL, AVBL, AVAR]",
      "population command = Core[AVAL, AVBL, AVAR]\npopulation extra = Core[100]",
    );
    const uri = open("neurocorex-too-big.snn", text);
    const p = await diagnosticsFor(uri, (x) => x.diagnostics.length > 0);
    expect(p.diagnostics.map((d) => d.code)).toContain("fpga/too-many-neurons");
  });

  test("the SPEC §9 examples open without errors", async () => {
    for (const name of ["one-neuron", "cuba", "stdp", "tap-withdrawal", "neurocorex"]) {
      const uri = open(`${name}.snn`, readFileSync(resolve(fixtures, `${name}.snn`), "utf8"));
      const p = await diagnosticsFor(uri);
      expect(
        p.diagnostics.filter((d) => d.severity === 1),
        name,
      ).toEqual([]);
    }
  });

  test("hover: a quantity with its unit, a parameter with its default", async () => {
    const text = readFileSync(resolve(fixtures, "one-neuron.snn"), "utf8");
    const uri = open("one-neuron.snn", text);
    const onNumber = (await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: at(text, "100 Mohm", 1),
    })) as Hover;
    expect(hoverText(onNumber)).toContain("**100 Mohm**");
    expect(hoverText(onNumber)).toContain("SI: 100000000 ohm");
    const onParam = (await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: at(text, "v_reset", 2),
    })) as Hover;
    expect(hoverText(onParam)).toContain("default: `-70 mV`");
  });

  test("completion: parameters in a model block, units after a number", async () => {
    const text = `model Cell = lif {\n  tau_m = 20 ms\n  \n}\nconst w = 3 \n`;
    const uri = open("completion.snn", text);
    const params = (await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 2 },
    })) as CompletionItem[] | CompletionList;
    const names = (Array.isArray(params) ? params : params.items).map((i) => i.label);
    expect(names).toContain("v_th");
    expect(names).not.toContain("tau_m");
    const units = (await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 4, character: 12 },
    })) as CompletionItem[];
    expect(units.map((i) => i.label)).toEqual(
      expect.arrayContaining(["ms", "mV", "nA", "Mohm", "nS", "pF"]),
    );
  });

  test("definition, references and rename of a population", async () => {
    const text = readFileSync(resolve(fixtures, "tap-withdrawal.snn"), "utf8");
    const uri = open("tap-withdrawal.snn", text);
    const use = at(text, "command[AVAL, AVAR] { weight = 0.3 nA }", 1);
    const defs = (await connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: use,
    })) as Location[];
    expect(defs).toHaveLength(1);
    expect(defs[0]!.range.start).toEqual(at(text, "command = Neuron"));
    const refs = (await connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: use,
      context: { includeDeclaration: true },
    })) as Location[];
    const code = text
      .split("\n")
      .filter((l) => !l.startsWith("//"))
      .join("\n");
    expect(refs.length).toBe(code.match(/\bcommand\b/g)!.length);
    const prep = await connection.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri },
      position: use,
    });
    expect(prep).toMatchObject({ placeholder: "command" });
    const edit = await connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position: use,
      newName: "cmd",
    });
    expect(edit?.changes?.[uri]).toHaveLength(refs.length);
    await expect(
      connection.sendRequest(RenameRequest.type, {
        textDocument: { uri },
        position: use,
        newName: "record",
      }),
    ).rejects.toThrow(/reserved word/);
  });

  test("outline, semantic tokens, folding, formatting, inlay hints", async () => {
    const text = readFileSync(resolve(fixtures, "stdp.snn"), "utf8");
    const uri = open("stdp.snn", text);
    const syms = (await connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    expect(syms.map((s) => s.name)).toEqual([
      "Input",
      "Out",
      "stdp_e",
      "inputs",
      "out",
      "inputs -> out",
      "record spikes of out",
      "record weights of inputs -> out",
      "simulate",
    ]);
    const tokens = await connection.sendRequest(SemanticTokensRequest.type, {
      textDocument: { uri },
    });
    expect(tokens?.data.length).toBeGreaterThan(0);
    expect(tokens!.data.length % 5).toBe(0);
    const folds = await connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    expect(folds).toContainEqual({ startLine: 3, endLine: 9 });
    const edits = await connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(Array.isArray(edits)).toBe(true);
    const hints = await connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    expect(hints?.map((h) => String(h.label)).some((l) => l.startsWith("defaults: "))).toBe(true);
  });

  test("a quick fix adds a missing unit", async () => {
    const text = `model Cell = lif { tau_m = 20 }\n`;
    const uri = open("fix.snn", text);
    const p = await diagnosticsFor(uri, (x) => x.diagnostics.length > 0);
    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: p.diagnostics[0]!.range,
      context: { diagnostics: p.diagnostics },
    });
    const first = actions?.[0];
    expect(first && "edit" in first ? first.title : undefined).toBe("Add the unit 'ms'");
    expect(first && "edit" in first ? first.edit?.changes?.[uri]?.[0]?.newText : undefined).toBe(
      " ms",
    );
  });
});
