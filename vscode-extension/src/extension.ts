/**
 * The VS Code client for `.snn` files. It starts the snnc language server in a separate process
 * (the `snnc` bundled inside this extension, or a command the user configures) and adds two
 * commands: "SNN: Run simulation" (runs `snnc run FILE --plot <tmp>.svg` and shows the spike
 * raster in a webview) and "SNN: Build for NeuroCoreX" (runs `snnc build FILE --target neurocorex -o out/NAME-neurocorex`).
 * Everything language-aware lives in the server; this file only wires processes to the editor.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fork, spawn, type ChildProcess } from "node:child_process";
import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** Where the packaged snnc lives inside the installed extension (see scripts/package.mjs). */
function bundledSnnc(context: vscode.ExtensionContext): string {
  return context.asAbsolutePath(path.join("lib", "snnc", "bin", "snnc.js"));
}

/** The server process: the configured command, or the bundled snnc run by the editor's Node. */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const configured = vscode.workspace
    .getConfiguration("snn")
    .get<string[]>("server.command", [])
    .filter((s) => s.length > 0);
  const [command, ...args] = configured;
  if (command !== undefined) return { command, args, transport: TransportKind.stdio };
  return {
    module: bundledSnnc(context),
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
}

function startClient(context: vscode.ExtensionContext): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "snn" },
      { scheme: "untitled", language: "snn" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{snn,csv}") },
    ...(output === undefined ? {} : { outputChannel: output }),
  };
  const c = new LanguageClient("snn", "SNN language server", serverOptions(context), clientOptions);
  void c.start();
  return c;
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("SNN");
  context.subscriptions.push(output);
  client = startClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand("snn.runSimulation", (uri?: vscode.Uri) =>
      runSimulation(context, uri),
    ),
    vscode.commands.registerCommand("snn.buildNeuroCoreX", (uri?: vscode.Uri) =>
      buildNeuroCoreX(context, uri),
    ),
    vscode.commands.registerCommand("snn.restartServer", async () => {
      if (client !== undefined) await client.stop();
      client = startClient(context);
    }),
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

// ---------------------------------------------------------------- commands

/** The .snn file a command applies to: the argument (explorer menu) or the active editor. */
async function targetFile(uri: vscode.Uri | undefined): Promise<string | undefined> {
  const doc =
    uri !== undefined
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
  if (doc === undefined || doc.uri.scheme !== "file") {
    void vscode.window.showErrorMessage("SNN: open a saved .snn file first");
    return undefined;
  }
  if (doc.isDirty) await doc.save();
  return doc.uri.fsPath;
}

interface SnncResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs snnc with the given arguments: the configured executable, the workspace's
 * node_modules/.bin/snnc, or the bundled one (forked on the editor's own Node, so no `node` on
 * PATH is needed).
 */
function runSnnc(
  context: vscode.ExtensionContext,
  args: readonly string[],
  cwd: string,
  token: vscode.CancellationToken,
): Promise<SnncResult> {
  const configured = vscode.workspace.getConfiguration("snn").get<string>("snnc.path", "");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const local =
    folder === undefined ? undefined : path.join(folder, "node_modules", ".bin", "snnc");
  let child: ChildProcess;
  if (configured !== "") child = spawn(configured, [...args], { cwd });
  else if (local !== undefined && fs.existsSync(local)) child = spawn(local, [...args], { cwd });
  else child = fork(bundledSnnc(context), [...args], { cwd, silent: true });
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    token.onCancellationRequested(() => child.kill());
    child.on("error", (e) => resolve({ code: -1, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function report(title: string, r: SnncResult): void {
  output?.appendLine(`--- ${title} (exit ${r.code})`);
  if (r.stdout !== "") output?.append(r.stdout);
  if (r.stderr !== "") output?.append(r.stderr);
}

async function runSimulation(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const file = await targetFile(uri);
  if (file === undefined) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snn-run-"));
  const svg = path.join(dir, `${path.basename(file, ".snn")}.svg`);
  const outDir = path.join(path.dirname(file), "out", path.basename(file, ".snn"));
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Simulating ${path.basename(file)}`,
      cancellable: true,
    },
    (_progress, token) =>
      runSnnc(context, ["run", file, "--plot", svg, "--out", outDir], path.dirname(file), token),
  );
  report(`snnc run ${file}`, result);
  if (result.code !== 0 || !fs.existsSync(svg)) {
    output?.show(true);
    void vscode.window.showErrorMessage(
      `SNN: the simulation failed (exit ${result.code}); see the SNN output`,
    );
    return;
  }
  showRaster(path.basename(file), fs.readFileSync(svg, "utf8"), result.stdout, outDir);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A webview with the raster (inline SVG, no scripts) and the run's summary table. */
function showRaster(name: string, svg: string, summary: string, outDir: string): void {
  const panel = vscode.window.createWebviewPanel(
    "snnRaster",
    `Raster: ${name}`,
    vscode.ViewColumn.Beside,
    { enableScripts: false },
  );
  const cleanSvg = svg.replace(/<script[\s\S]*?<\/script>/gi, "");
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<style>body{background:#fff;color:#222;font-family:sans-serif} svg{max-width:100%;height:auto} pre{font-size:12px}</style>
</head><body>${cleanSvg}<pre>${escapeHtml(summary)}</pre><p>Recordings: ${escapeHtml(outDir)}</p></body></html>`;
}

async function buildNeuroCoreX(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const file = await targetFile(uri);
  if (file === undefined) return;
  const outDir = path.join(path.dirname(file), "out", `${path.basename(file, ".snn")}-neurocorex`);
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Building ${path.basename(file)} for NeuroCoreX`,
      cancellable: true,
    },
    (_progress, token) =>
      runSnnc(
        context,
        ["build", file, "--target", "neurocorex", "-o", outDir],
        path.dirname(file),
        token,
      ),
  );
  report(`snnc build --target neurocorex ${file}`, result);
  output?.show(true);
  if (result.code === 0)
    void vscode.window.showInformationMessage(`SNN: wrote the NeuroCoreX image to ${outDir}`);
  else
    void vscode.window.showErrorMessage(
      `SNN: the NeuroCoreX build failed (exit ${result.code}); see the SNN output`,
    );
}
