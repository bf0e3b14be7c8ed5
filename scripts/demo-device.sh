#!/usr/bin/env bash
# Makes this machine a demo device for a local try-out: registers the Latchkey helper with
# Chrome, Chromium, Edge and Brave for the current user, and points it at the Netskope client
# simulator with a tenant matching the development server's demo profile. Nothing real is
# installed. `bash scripts/demo-device.sh --undo` removes it all again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
helper="$root/extension/native-host/out/latchkey-host"
config_dir="${XDG_CONFIG_HOME:-$HOME/.config}/latchkey"
demo_dir="${XDG_DATA_HOME:-$HOME/.local/share}/latchkey-demo"

if [ "${1:-}" = "--undo" ]; then
  "$helper" uninstall
  rm -rf "$demo_dir" "$config_dir/config.json"
  echo "Removed the demo device settings."
  exit 0
fi

if [ ! -x "$helper" ]; then
  echo "Build the helper first: bash scripts/dev.sh (or pnpm --filter @latchkey/native-host build)." >&2
  exit 1
fi

mkdir -p "$demo_dir/netskope" "$config_dir"
chmod 700 "$config_dir"

# The simulated tenant enforces the demo profile's encryption token; its IdP login yields alice.
cat > "$demo_dir/netskope/tenant.json" <<JSON
{
  "name": "demo",
  "domain": "goskope.com",
  "orgKey": "demo-org-key",
  "clientRelease": "R124",
  "tokenSets": [
    {
      "tsid": "demo-token-set",
      "authToken": "demo-auth-token",
      "encryptionToken": "demo-encryption-token",
      "enforced": true
    }
  ],
  "idpUser": "${LATCHKEY_DEMO_USER:-alice@example.com}"
}
JSON

# The helper starts the installer without the simulator's environment, so a wrapper names its root.
cat > "$demo_dir/NSClient.run" <<SH
#!/bin/sh
NETSKOPE_SIM_ROOT='$demo_dir/netskope' exec '$root/extension/native-host/simulator/NSClient.run' "\$@"
SH
chmod 755 "$demo_dir/NSClient.run"

cat > "$config_dir/config.json" <<JSON
{
  "netskopeRoot": "$demo_dir/netskope",
  "netskopeInstaller": "$demo_dir/NSClient.run",
  "elevate": "none"
}
JSON

"$helper" install >/dev/null
cat <<MSG
Demo device ready:
  helper registered for the current user (Chrome, Chromium, Edge, Brave)
  helper settings   $config_dir/config.json
  simulated client  $demo_dir/netskope (enrolls as ${LATCHKEY_DEMO_USER:-alice@example.com})
In the extension's settings, set the server to http://127.0.0.1:8787, then sign in as alice
(password latchkey-demo). Undo with: bash scripts/demo-device.sh --undo
MSG
