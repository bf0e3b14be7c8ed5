#!/usr/bin/env node
// A native messaging host that stands between Chromium and the real Latchkey helper, for the
// scenarios that need time between the mint and the hand-off (an expiring or revoked ticket) or
// need the ticket itself (a replay). It forwards every message unchanged; an `enroll` message is
// held until the test creates `<gate dir>/release`, and its ticket is written to
// `<gate dir>/ticket` (mode 0600, in the test's own temporary folder).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const realHost = process.env.LATCHKEY_E2E_REAL_HOST;
const gateDir = process.env.LATCHKEY_E2E_GATE_DIR;
if (!realHost || !gateDir) {
  process.stderr.write(
    'gated-host: LATCHKEY_E2E_REAL_HOST and LATCHKEY_E2E_GATE_DIR are required\n',
  );
  process.exit(2);
}

const helper = spawn(realHost, process.argv.slice(2), { stdio: ['pipe', 'inherit', 'inherit'] });
helper.on('exit', (code) => process.exit(code ?? 0));

let pending = Buffer.alloc(0);
let queue = Promise.resolve();

function frame(body) {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

async function waitForRelease() {
  while (!existsSync(join(gateDir, 'release'))) {
    await sleep(100);
  }
}

async function forward(body) {
  let message;
  try {
    message = JSON.parse(body.toString('utf8'));
  } catch {
    message = undefined; // Not ours to judge: the helper answers malformed input itself.
  }
  if (message && message.type === 'enroll') {
    writeFileSync(join(gateDir, 'ticket'), message.ticket, { mode: 0o600 });
    await waitForRelease();
  }
  helper.stdin.write(frame(body));
}

process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4) {
    const length = pending.readUInt32LE(0);
    if (pending.length < 4 + length) break;
    const body = pending.subarray(4, 4 + length);
    pending = pending.subarray(4 + length);
    queue = queue.then(() => forward(body));
  }
});
process.stdin.on('end', () => queue.then(() => helper.stdin.end()));
