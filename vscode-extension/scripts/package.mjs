// Packages the VS Code extension as a self-contained .vsix, with no network access:
//  1. compiles the client (vscode-extension/src → out/, CommonJS, its own tsconfig);
//  2. stages build/stage/ with the manifest, grammar, language configuration and
//     lib/client/      the compiled client,
//     lib/snnc/        the repo's compiled dist/ and bin/snnc.js (ESM), i.e. the whole snnc CLI,
//                      whose `snnc lsp --stdio` the client starts and whose `run`/`build` the
//                      commands call,
//     lib/node_modules the runtime packages of both, copied from the repo's node_modules
//                      (resolved by Node from lib/client and lib/snnc alike);
//  3. runs `vsce package --no-dependencies` in the stage (vsce skips only the stage's own top-level
//     node_modules, which does not exist) and writes vscode-extension/snn-language-<version>.vsix.
// Run through `npm run package:vsix`, which builds dist/ first.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const extDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(extDir, "..");
const stage = join(extDir, "build", "stage");
const manifest = JSON.parse(readFileSync(join(extDir, "package.json"), "utf8"));

/** Packages the client and the server need at run time (their dependencies follow). */
const runtimeRoots = [
  "vscode-languageclient",
  "vscode-languageserver",
  "vscode-languageserver-textdocument",
  "chevrotain",
];

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: "inherit" });
}

/** The package directory of `name` as Node would resolve it from `fromDir`. */
function packageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.mjs: cannot find ${name} from ${fromDir}`);
    dir = parent;
  }
}

/** Copies a package and, recursively, its dependencies into lib/node_modules (flat, like npm). */
function copyPackage(name, fromDir, seen) {
  const dir = packageDir(name, fromDir);
  if (seen.has(name)) {
    if (seen.get(name) !== dir) console.warn(`package.mjs: two copies of ${name}; using the first`);
    return;
  }
  seen.set(name, dir);
  // A package's own nested node_modules come along, so nested versions keep resolving.
  cpSync(dir, join(stage, "lib", "node_modules", name), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (packageDir(dep, dir).startsWith(join(dir, "node_modules"))) continue;
    copyPackage(dep, dir, seen);
  }
}

if (!existsSync(join(repo, "dist", "cli", "main.js"))) {
  console.error("package.mjs: dist/ is missing; run `npm run build` first");
  process.exit(1);
}

run(
  process.execPath,
  [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"],
  extDir,
);

rmSync(join(extDir, "build"), { recursive: true, force: true });
mkdirSync(join(stage, "lib"), { recursive: true });
const { scripts: _scripts, devDependencies: _dev, dependencies: _deps, ...published } = manifest;
writeFileSync(join(stage, "package.json"), JSON.stringify(published, null, 2) + "\n");
for (const f of ["README.md", "LICENSE.txt", "language-configuration.json", "syntaxes"])
  cpSync(join(extDir, f), join(stage, f), { recursive: true });
cpSync(join(extDir, "out"), join(stage, "lib", "client"), { recursive: true });
writeFileSync(join(stage, "lib", "client", "package.json"), '{ "type": "commonjs" }\n');
cpSync(join(repo, "dist"), join(stage, "lib", "snnc", "dist"), { recursive: true });
cpSync(join(repo, "bin"), join(stage, "lib", "snnc", "bin"), { recursive: true });
writeFileSync(
  join(stage, "lib", "snnc", "package.json"),
  JSON.stringify({ name: "snnc-bundled", private: true, type: "module" }, null, 2) + "\n",
);
const seen = new Map();
for (const name of runtimeRoots) copyPackage(name, repo, seen);

const vsix = join(extDir, `${manifest.name}-${manifest.version}.vsix`);
run(
  process.execPath,
  [
    join(repo, "node_modules", "@vscode", "vsce", "vsce"),
    "package",
    "--no-dependencies",
    "--allow-missing-repository",
    "--skip-license",
    "--out",
    vsix,
  ],
  stage,
);
// The staging copies are build products: remove them so the tree stays clean (prettier, git).
rmSync(join(extDir, "build"), { recursive: true, force: true });
rmSync(join(extDir, "out"), { recursive: true, force: true });
console.log(`wrote ${vsix}`);
