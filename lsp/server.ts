/**
 * The language server process: wiring only. Each LSP request goes to the matching
 * {@link LanguageService} method; document events update the service and schedule diagnostics
 * (debounced per document unless its compiles are fast, and re-published for the open files
 * that import a changed one).
 * Files that are not open are read through the host it is given (`snnc lsp` passes the command
 * line's, so the server and `snnc check` read the same files, and never a device or a FIFO).
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  TextDocumentSyncKind,
  createConnection,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver/node.js";
import { DiagnosticsScheduler } from "./features/diagnostics.js";
import { semanticTokensLegend } from "./features/semantic-tokens.js";
import { LanguageService, type LanguageServiceHost } from "./service.js";

/**
 * A document whose last compile took at most this long (ms) gets its diagnostics recomputed at
 * once after an edit: the user sees them sooner than any debounce would allow, and edits that
 * arrive while a compile runs are still merged (they are all applied before the next one).
 */
export const fastCompileMs = 50;

export interface ServerOptions {
  /**
   * Quiet time after an edit before diagnostics are recomputed (ms), for documents whose last
   * compile took longer than {@link fastCompileMs} (and before the first one); default 10.
   */
  readonly debounceMs?: number;
  /** How the service reads files (`snnc lsp` passes the command line's, cli/node-host.ts). */
  readonly host: LanguageServiceHost;
}

/** What the server announces it can do. */
export const serverCapabilities: InitializeResult["capabilities"] = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
  hoverProvider: true,
  completionProvider: { triggerCharacters: [".", "["], resolveProvider: false },
  signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: ["="] },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  workspaceSymbolProvider: true,
  selectionRangeProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  semanticTokensProvider: { legend: semanticTokensLegend, full: true },
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  inlayHintProvider: true,
};

/**
 * Wires a connection (stdio by default, as `--stdio` on the command line selects) to a new
 * service and starts listening. Resolves when the client has shut the connection down.
 */
export function startServer(options: ServerOptions, given?: Connection): Promise<void> {
  const connection = given ?? createConnection(ProposedFeatures.all);
  const service = new LanguageService(options.host);
  const publish = (uri: string): void => {
    const version = service.version(uri);
    if (version === undefined) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: service.diagnostics(uri) });
  };
  const debounceMs = options.debounceMs ?? 10;
  const scheduler = new DiagnosticsScheduler(
    (uri) => ((service.lastCompileMs(uri) ?? Infinity) <= fastCompileMs ? 0 : debounceMs),
    publish,
  );
  const revalidate = (uri: string): void => {
    for (const u of service.dependents(uri)) scheduler.schedule(u);
  };
  let watched = false;

  connection.onInitialize((params) => {
    watched = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return { capabilities: serverCapabilities, serverInfo: { name: "snnc", version: "0.1.0" } };
  });
  connection.onInitialized(() => {
    if (watched)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.{snn,csv}" }],
      });
  });
  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    service.open(d.uri, d.text, d.version);
    revalidate(d.uri);
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    service.change(d.uri, contentChanges, d.version);
    revalidate(d.uri);
  });
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    const dependents = service.dependents(d.uri).filter((u) => u !== d.uri);
    scheduler.cancel(d.uri);
    service.close(d.uri);
    void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
    for (const u of dependents) scheduler.schedule(u);
  });
  connection.onDidChangeWatchedFiles(() => {
    service.filesChanged();
    for (const u of service.openDocuments()) scheduler.schedule(u);
  });

  connection.onHover((p) => service.hover(p.textDocument.uri, p.position));
  connection.onCompletion((p) => service.completion(p.textDocument.uri, p.position));
  connection.onDefinition((p) => service.definition(p.textDocument.uri, p.position));
  connection.onReferences((p) =>
    service.references(p.textDocument.uri, p.position, p.context.includeDeclaration),
  );
  connection.onPrepareRename((p) => service.prepareRename(p.textDocument.uri, p.position));
  connection.onRenameRequest((p) => {
    const r = service.rename(p.textDocument.uri, p.position, p.newName);
    if (r !== null && "error" in r) throw new ResponseError(ErrorCodes.InvalidParams, r.error);
    return r;
  });
  connection.onSignatureHelp((p) => service.signatureHelp(p.textDocument.uri, p.position));
  connection.onDocumentHighlight((p) => service.documentHighlights(p.textDocument.uri, p.position));
  connection.onSelectionRanges((p) => service.selectionRanges(p.textDocument.uri, p.positions));
  connection.onWorkspaceSymbol((p) => service.workspaceSymbols(p.query));
  connection.onDocumentSymbol((p) => service.documentSymbols(p.textDocument.uri));
  connection.languages.semanticTokens.on((p) => service.semanticTokens(p.textDocument.uri));
  connection.onFoldingRanges((p) => service.foldingRanges(p.textDocument.uri));
  connection.onDocumentFormatting((p) => service.format(p.textDocument.uri, p.options));
  connection.onDocumentRangeFormatting((p) =>
    service.formatRange(p.textDocument.uri, p.range, p.options),
  );
  connection.onCodeAction((p) => service.codeActions(p));
  connection.languages.inlayHint.on((p) => service.inlayHints(p.textDocument.uri, p.range));

  return new Promise((resolve) => {
    connection.onExit(() => {
      scheduler.dispose();
      resolve();
    });
    connection.listen();
  });
}
