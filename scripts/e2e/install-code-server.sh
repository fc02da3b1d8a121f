#!/usr/bin/env bash
# Installs code-server 4.100.3 from npm into DIR (default .e2e/cs), offline except for the npm
# registry. Follows /work/shared/tools/vscode-e2e: 4.100.3 is the newest code-server whose engines
# accept Node 20; ripgrep comes from Debian instead of a GitHub download; node-pty is rebuilt.
# Debian packages it needs (installed by .ci/run or by hand): chromium build-essential pkg-config
# python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep.
set -euo pipefail
DIR=${1:-.e2e/cs}
mkdir -p "$DIR"
cd "$DIR"
if [ -x node_modules/.bin/code-server ] && node_modules/.bin/code-server --version >/dev/null 2>&1; then
  node_modules/.bin/code-server --version | head -1
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep missing: apt-get install -y ripgrep" >&2; exit 1; }
[ -f package.json ] || npm init -y >/dev/null
# --ignore-scripts: the postinstall refuses root and its nested install downloads ripgrep from GitHub.
npm install code-server@4.100.3 --ignore-scripts --no-audit --no-fund
npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild
(cd extensions && npm install --omit=dev --no-audit --no-fund)
(cd bin/remote-cli && ln -sf code-linux.sh code-server) && (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
cd - >/dev/null
node_modules/.bin/code-server --version | head -1
