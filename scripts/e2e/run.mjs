// End-to-end test of the VS Code extension in real VS Code (code-server in headless Chromium),
// following /work/shared/tools/vscode-e2e: packages the extension as a .vsix, installs it into an
// isolated code-server, opens a .snn file with a unit error and checks that
//   1. the diagnostic (unit-mismatch) reaches the Problems panel, and
//   2. hovering a quantity shows its value with its unit,
// then saves docs/images/vscode-e2e.png, runs "SNN: Run simulation" on SPEC 9.1 and waits for
// the raster panel (docs/images/vscode-e2e-run.png), and finally types a call and waits for its
// signature help. `npm run test:e2e`. Needs (Debian): chromium, ripgrep and
// the build tools of scripts/e2e/install-code-server.sh; code-server itself comes from npm into
// .e2e/ (gitignored). Exits non-zero on any failed step.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cache = join(repo, ".e2e");
const csDir = join(cache, "cs");
const codeServer = join(csDir, "node_modules", ".bin", "code-server");
const run = join(cache, "run");
const port = Number(process.env.SNN_E2E_PORT ?? 8765);
const screenshot = join(repo, "docs", "images", "vscode-e2e.png");
const t0 = Date.now();
const lap = (m) => console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${m}`);

function sh(cmd, args, opts = {}) {
  execFileSync(cmd, args, { cwd: repo, stdio: "inherit", ...opts });
}

// ------------------------------------------------------------ prerequisites
if (!existsSync("/usr/bin/chromium")) {
  console.error("e2e: /usr/bin/chromium is missing: apt-get install -y chromium");
  process.exit(1);
}
if (!existsSync(codeServer))
  sh("bash", [join(repo, "scripts", "e2e", "install-code-server.sh"), csDir]);
lap("code-server installed");

// ------------------------------------------------------------ package and install the extension
try {
  sh(process.execPath, [
    join(repo, "node_modules", "typescript", "bin", "tsc"),
    "-p",
    "tsconfig.json",
  ]);
} catch {
  // tsc emits even with type errors elsewhere in the tree; the server only needs its own modules.
  if (!existsSync(join(repo, "dist", "lsp", "server.js"))) throw new Error("e2e: build failed");
  console.warn("e2e: the build reported type errors; continuing with the emitted dist/");
}
sh(process.execPath, [join(repo, "vscode-extension", "scripts", "package.mjs")]);
const vsix = readdirSync(join(repo, "vscode-extension"))
  .filter((f) => f.endsWith(".vsix"))
  .map((f) => join(repo, "vscode-extension", f))[0];
if (vsix === undefined) throw new Error("e2e: no .vsix was produced");
lap(`packaged ${vsix}`);

rmSync(run, { recursive: true, force: true });
const user = join(run, "user");
const ext = join(run, "ext");
const home = join(run, "home");
const ws = join(run, "ws");
for (const d of [join(user, "User"), ext, home, ws]) mkdirSync(d, { recursive: true });
writeFileSync(
  join(user, "User", "settings.json"),
  JSON.stringify(
    {
      "workbench.startupEditor": "none",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "update.mode": "none",
      "workbench.colorTheme": "Default Dark Modern",
      "editor.hover.delay": 100,
      "editor.inlayHints.enabled": "on",
      "window.zoomLevel": 0,
      "git.enabled": false,
      "git.openRepositoryInParentFolders": "never",
    },
    null,
    2,
  ),
);
const csEnv = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_DATA_HOME: join(home, ".local"),
};
sh(
  codeServer,
  ["--user-data-dir", user, "--extensions-dir", ext, "--install-extension", vsix, "--force"],
  { env: csEnv },
);
lap("extension installed");

// ------------------------------------------------------------ the workspace
writeFileSync(
  join(ws, "unit-error.snn"),
  `// tau_m is a time: 20 mV is the wrong dimension.
model Cell = lif {
  tau_m = 20 mV
  v_th = -50 mV
  t_ref = 2 ms
}

population cell = Cell[10]
stimulus drive = current -> cell { amplitude = 0.25 nA }
record spikes of cell
simulate { dt = 0.1 ms; duration = 1 s }
`,
);

writeFileSync(
  join(ws, "one-neuron.snn"),
  `// SPEC 9.1: a single LIF neuron driven by a constant current.
model Cell = lif {
  tau_m = 20 ms
  r_m = 100 Mohm
  v_rest = -70 mV
  v_reset = -70 mV
  v_th = -50 mV
  t_ref = 2 ms
}

population cell = Cell[1]
stimulus drive = current -> cell { amplitude = 0.25 nA }
record spikes of cell
simulate { dt = 0.1 ms; duration = 1 s }
`,
);

// ------------------------------------------------------------ start code-server
const server = spawn(
  codeServer,
  [
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--user-data-dir",
    user,
    "--extensions-dir",
    ext,
    ws,
  ],
  { env: csEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));
const stopServer = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
};
process.on("exit", stopServer);

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`e2e: code-server did not start:\n${serverLog}`);
}

// ------------------------------------------------------------ drive the browser
async function drive() {
  await waitForHealth();
  lap("code-server healthy");
  const profile = join(run, "chrome");
  mkdirSync(profile, { recursive: true });
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 850 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60000 });
    lap("workbench and explorer visible");
    await page.click('.explorer-folders-view .monaco-list-row:has-text("unit-error.snn")');
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30000 });
    lap("editor open");
    await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 90000 });
    lap("error squiggle rendered");
    await page.keyboard.press("Control+Shift+M");
    await page.waitForSelector(".markers-panel .monaco-list-row", { timeout: 15000 });
    const problems = await page.$$eval(".markers-panel .monaco-list-row", (rows) =>
      rows.map((r) => r.innerText.replace(/\s+/g, " ")),
    );
    console.log("PROBLEMS:", JSON.stringify(problems));
    if (!problems.some((p) => /unit-mismatch/.test(p) && /time/.test(p)))
      throw new Error("e2e: the unit-mismatch diagnostic is not in the Problems panel");
    const tokens = await page.$$eval(".monaco-editor .view-line span span", (s) =>
      [...new Set(s.map((x) => x.className + "=" + x.textContent))].slice(0, 16),
    );
    console.log("TOKENS:", JSON.stringify(tokens));

    // hover the quantity `2 ms` (t_ref): its value and unit come from the language server
    const editor = page.locator(".monaco-editor .view-lines").first();
    const line = editor.locator(".view-line", { hasText: "t_ref" }).first();
    const number = line.locator("span > span", { hasText: /^2$/ }).first();
    await number.hover();
    const hover = page.locator(".monaco-hover", { hasText: "SI:" }).first();
    await hover.waitFor({ state: "visible", timeout: 20000 });
    await page.waitForTimeout(300);
    const hoverText = (await hover.innerText()).replace(/\s+/g, " ");
    console.log("HOVER:", hoverText);
    if (!/2 ms/.test(hoverText) || !/time/.test(hoverText) || !/0\.002 s/.test(hoverText))
      throw new Error("e2e: the hover does not show the quantity with its unit");
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    lap(`screenshot ${screenshot}`);

    // "SNN: Run simulation" on a valid file: the bundled snnc runs and the raster panel opens
    await page.mouse.move(900, 700);
    await page.keyboard.press("Escape");
    await page.click('.explorer-folders-view .monaco-list-row:has-text("one-neuron.snn")');
    await page.waitForSelector('.tab.active:has-text("one-neuron.snn")', { timeout: 30000 });
    await page.keyboard.press("Control+Shift+P");
    await page.waitForSelector(".quick-input-widget input", { timeout: 15000 });
    await page.keyboard.type("SNN: Run simulation");
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Run simulation")', {
      timeout: 15000,
    });
    await page.keyboard.press("Enter");
    await page.waitForSelector('.tab:has-text("Raster: one-neuron.snn")', { timeout: 120000 });
    lap("run command opened the raster panel");
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(dirname(screenshot), "vscode-e2e-run.png") });

    // signature help while a call's arguments are typed (the file does not parse meanwhile)
    await page.click('.tab:has-text("one-neuron.snn")');
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nconst x = uniform(1 mV, ");
    const hints = page.locator(".parameter-hints-widget", { hasText: "uniform(low, high)" });
    await hints.waitFor({ state: "visible", timeout: 20000 });
    const hintText = (await hints.innerText()).replace(/\s+/g, " ");
    console.log("SIGNATURE HELP:", hintText);
    if (!/largest value drawn/.test(hintText))
      throw new Error("e2e: signature help does not document the argument being typed");
    lap("signature help shown");
  } catch (e) {
    const page = ctx.pages()[0];
    if (page !== undefined)
      await page.screenshot({ path: join(run, "failure.png") }).catch(() => {});
    throw e;
  } finally {
    await ctx.close();
  }
}

try {
  await drive();
  console.log("e2e: PASS");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  writeFileSync(join(run, "code-server.log"), serverLog);
  console.error(`e2e: FAIL (see ${join(run, "failure.png")} and ${join(run, "code-server.log")})`);
  process.exitCode = 1;
} finally {
  stopServer();
}
