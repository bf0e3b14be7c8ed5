#!/usr/bin/env bash
# Installs what Latchkey needs on a fresh Debian machine with Node 20: pnpm (through corepack,
# or npm as a fallback) and the workspace dependencies. Sourced by dev.sh and test.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"

# Corepack 0.34 cannot verify pnpm's signature here; skipping the check is the documented way
# past it. better-sqlite3 compiles from source and needs Node's own headers.
export COREPACK_INTEGRITY_KEYS=0
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "Latchkey needs Node.js 20 or later; this is $(node --version)." >&2
  exit 1
fi

pnpm() {
  if command -v corepack >/dev/null 2>&1 && corepack pnpm --version >/dev/null 2>&1; then
    corepack pnpm "$@"
  else
    npx --yes "pnpm@${pnpm_version}" "$@"
  fi
}

echo "==> Installing workspace dependencies (pnpm ${pnpm_version})"
pnpm install --frozen-lockfile --reporter=append-only </dev/null
