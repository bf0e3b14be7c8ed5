#!/usr/bin/env bash
# Runs every check: format, lint, type checks, unit and integration tests of each package, then
# the end-to-end suite in Debian's Chromium (installed through apt when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo -n); fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium </dev/null
fi

echo "==> Format and lint"
pnpm exec prettier --check . --log-level warn
pnpm exec eslint .

echo "==> Type checks"
pnpm -r --workspace-concurrency=1 run typecheck

echo "==> Builds (the extension; the device helper as a bundle and as a single executable)"
pnpm --filter @latchkey/extension build
pnpm --filter @latchkey/native-host build:sea

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "==> Unit and integration tests"
pnpm -r --workspace-concurrency=1 --filter '!@latchkey/e2e' run test 2>&1 | tee -a "$log"

echo "==> End-to-end tests (Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'))"
pnpm --filter @latchkey/e2e run test 2>&1 | tee -a "$log"

node scripts/count-tests.mjs "$log"
