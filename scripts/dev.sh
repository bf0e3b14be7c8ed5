#!/usr/bin/env bash
# Runs Latchkey for a local try-out: builds the extension and the device helper, then starts the
# server in development mode (SQLite file in .data/, a generated pepper, a demo Netskope profile
# and a demo OpenID provider on 127.0.0.1:8788). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

echo "==> Building the extension and the device helper"
pnpm --filter @latchkey/extension build
pnpm --filter @latchkey/native-host build

cat <<MSG

Extension ready to load: chrome://extensions -> Developer mode -> Load unpacked ->
  $root/extension/dist
Demo device (helper + Netskope client simulator): bash scripts/demo-device.sh
Demo users at the demo IdP: alice (may enroll), bob (may not), admin; password latchkey-demo

MSG
echo "==> Starting the server (development mode)"
exec node server/bin/latchkey.js serve
