/** The snnc language server: the service (host-independent) and the stdio server that wires it. */
export { LanguageService, type LanguageServiceHost } from "./service.js";
export { startServer, serverCapabilities, type ServerOptions } from "./server.js";
export { uriToPath, pathToUri } from "./uri.js";
