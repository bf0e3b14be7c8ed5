import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProof, PROOF_HEADER, type DeviceKey, type MintResponse } from '@latchkey/shared';
import { test } from 'vitest';
import { createAdminKey } from '../admin/keys.js';
import type { AuditFeedOptions } from '../audit/feed.js';
import { localContext } from '../audit/record.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { generateDeviceKey, TEST_ISSUER, testIdentity, thumbprintOf } from './fixtures.js';

/** A real server listening on 127.0.0.1 with the test identity, and an admin key for it. */
export interface LiveServer {
  server: RunningServer;
  url: string;
  /** `Authorization` value of an admin key made for the test. */
  adminAuth: string;
  /** The admin key itself, to look for where it must not be. */
  adminKey: string;
  dir: string;
}

/** Starts the server on a fresh database in a temp dir. */
export async function startLiveServer(auditStream: AuditFeedOptions = {}): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-live-'));
  const config = loadConfig({
    LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
    LATCHKEY_LISTEN: '127.0.0.1:0',
    LATCHKEY_OIDC_ISSUER: TEST_ISSUER,
    LATCHKEY_OIDC_CLIENT_ID: 'latchkey',
    LATCHKEY_ALLOWED_GROUPS: 'enrollers',
    LATCHKEY_ADMIN_GROUP: 'admins',
    LATCHKEY_LOG_LEVEL: 'silent',
    LATCHKEY_RATE_LIMIT_PER_MINUTE: '0',
  });
  const server = await startServer(config, { identity: testIdentity(), auditStream });
  const deps = { ...server.runtime, clock: systemClock };
  const { key } = createAdminKey(deps, { name: 'siem', actor: 'test', context: localContext() });
  return { server, url: server.url, adminAuth: `Bearer ${key}`, adminKey: key, dir };
}

/** `POST` JSON to the live server. */
export function postLive(
  live: LiveServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${live.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Mints a self-service ticket for `user`, bound to `key`. */
export async function mintLive(live: LiveServer, user: string, key: DeviceKey) {
  const res = await postLive(
    live,
    '/v1/tickets',
    { device: { platform: 'linux' }, jkt: await thumbprintOf(key) },
    { authorization: `Bearer token-${user}` },
  );
  if (res.status !== 201) throw new Error(`mint failed: ${res.status}`);
  return (await res.json()) as MintResponse;
}

/** Redeems `ticket` with a fresh proof by `key`, in `mode`. */
export async function redeemLive(live: LiveServer, ticket: string, key: DeviceKey, mode: string) {
  const url = `${live.url}/v1/tickets/redeem`;
  const proof = await createProof(key, { method: 'POST', url, ticket });
  return postLive(
    live,
    '/v1/tickets/redeem',
    { ticket, platform: 'linux', mode },
    {
      [PROOF_HEADER]: proof,
    },
  );
}

/**
 * `it` with `live`: a {@link LiveServer} with fast audit-stream timings (poll 50 ms, heartbeat
 * 200 ms), closed and removed after the test; and `liveWith(options)` for other timings.
 */
export const it = test
  .extend('liveWith', ({ onTestFinished }) => async (options: AuditFeedOptions = {}) => {
    const live = await startLiveServer({ pollMs: 50, heartbeatMs: 200, ...options });
    onTestFinished(async () => {
      await live.server.close().catch(() => undefined);
      rmSync(live.dir, { recursive: true, force: true });
    });
    return live;
  })
  .extend('live', ({ liveWith }) => liveWith())
  .extend('key', () => generateDeviceKey(false));
