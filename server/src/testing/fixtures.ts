import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  createProof,
  generateDeviceKey,
  jwkThumbprint,
  PROOF_HEADER,
  publicJwk,
  type DeviceKey,
  type MintResponse,
  type AuditEvent,
} from '@latchkey/shared';
import { test } from 'vitest';
import { createApp } from '../app.js';
import { fixedClock, type FixedClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { MAX_PAGE_SIZE, queryAudit, type AuditFilter } from '../audit/query.js';
import { AppError } from '../errors.js';
import type { Identity, Principal } from '../identity/types.js';
import { createLogger } from '../log.js';
import { demoProfile, type EnrollmentProfile } from '../netskope/profile.js';
import type { TicketDeps } from '../tickets/deps.js';

/** The test issuer the fake identity pretends to be. */
export const TEST_ISSUER = 'https://idp.test';

/** Users of the test identity; each signs in with the bearer value `token-<name>`. */
export const TEST_USERS = {
  alice: { iss: TEST_ISSUER, sub: 'alice-sub', email: 'Alice@Example.com', groups: ['enrollers'] },
  bob: { iss: TEST_ISSUER, sub: 'bob-sub', email: 'bob@example.com', groups: [] },
  admin: { iss: TEST_ISSUER, sub: 'admin-sub', email: 'admin@example.com', groups: ['admins'] },
} satisfies Record<string, Principal>;
/** The name of a {@link TEST_USERS} entry. */
export type TestUser = keyof typeof TEST_USERS;

/**
 * An Identity for tests where the login itself is not under test: `token-<user>` as a bearer
 * ID token or `code-<user>` as an authorization code names a {@link TEST_USERS} entry; anything
 * else is refused as the real one would refuse it.
 */
export function testIdentity(): Identity {
  const lookup = (
    value: string,
    prefix: string,
    code: 'id_token_invalid' | 'code_exchange_failed',
  ) => {
    const user = TEST_USERS[value.slice(prefix.length) as TestUser];
    if (!value.startsWith(prefix) || !user) throw new AppError(code);
    return Promise.resolve(user);
  };
  return {
    verifyIdToken: (token) => lookup(token, 'token-', 'id_token_invalid'),
    exchangeCode: (grant) => lookup(grant.code, 'code-', 'code_exchange_failed'),
    metadata: () =>
      Promise.resolve({ issuer: TEST_ISSUER, deviceAuthorizationEndpoint: undefined }),
  };
}

/** The real app and everything it was built from, for one test. */
export interface TestContext extends TicketDeps {
  dir: string;
  clock: FixedClock;
  config: Config;
  app: ReturnType<typeof createApp>;
  /** Every log line written so far, raw. */
  logs: string[];
  close(): void;
}

/** What a test may change about its {@link TestContext}. */
export interface TestContextOptions {
  /** Environment on top of the test defaults (allowed group `enrollers`, no rate limit). */
  env?: Record<string, string>;
  profile?: EnrollmentProfile;
  identity?: Identity;
}

/** Builds the real app on a fresh SQLite file in a temp dir, with a frozen clock. */
export function testContext(options: TestContextOptions = {}): TestContext {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-test-'));
  const config = loadConfig({
    LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
    LATCHKEY_OIDC_ISSUER: TEST_ISSUER,
    LATCHKEY_OIDC_CLIENT_ID: 'latchkey',
    LATCHKEY_ALLOWED_GROUPS: 'enrollers',
    LATCHKEY_ADMIN_GROUP: 'admins',
    LATCHKEY_LOG_LEVEL: 'debug',
    LATCHKEY_RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  const db: Db = openDatabase(config.databasePath);
  migrate(db);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = fixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const pepper = randomBytes(32);
  const profile = options.profile ?? demoProfile();
  const log = createLogger(config.logLevel, sink);
  const identity = options.identity ?? testIdentity();
  const app = createApp({ db, clock, identity, config, log, profile, pepper });
  const close = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, db, clock, pepper, profile, config, app, logs, close };
}

/** `POST` with a JSON body through `app.request()`. */
export function postJson(
  ctx: TestContext,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    ctx.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** Mints a self-service ticket as `user`, optionally bound to `key`. */
export async function mintAs(
  ctx: TestContext,
  user: TestUser,
  key?: DeviceKey,
): Promise<MintResponse> {
  const jkt = key ? await thumbprintOf(key) : undefined;
  const res = await postJson(
    ctx,
    '/v1/tickets',
    { device: { platform: 'linux', hostname: 'host-1' }, jkt },
    { authorization: `Bearer token-${user}` },
  );
  if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as MintResponse;
}

/** RFC 7638 thumbprint of a device key. */
export async function thumbprintOf(key: DeviceKey): Promise<string> {
  return jwkThumbprint(await publicJwk(key));
}

/** Makes a device key pair, as the helper does (re-exported from `@latchkey/shared`). */
export { generateDeviceKey };

/** The URL `app.request(path)` is seen at. */
export function localUrl(path: string): string {
  return `http://localhost${path}`;
}

/** Redeems through the app with a fresh proof by `key` (made at the context's clock). */
export async function redeemWith(
  ctx: TestContext,
  ticket: string,
  key: DeviceKey,
  body: Record<string, unknown> = {},
): Promise<Response> {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const proof = await createProof(key, {
    method: 'POST',
    url: localUrl('/v1/tickets/redeem'),
    ticket,
    now,
  });
  return postJson(
    ctx,
    '/v1/tickets/redeem',
    { ticket, platform: 'linux', ...body },
    { [PROOF_HEADER]: proof },
  );
}

/** Reads the error code of an error reply. */
export async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { code?: string } };
  return body.error?.code ?? `no error code (status ${res.status})`;
}

/** The code of the AppError `work` throws; `undefined` when it returns. */
export function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

/** The audit events that match `filter`, oldest first (up to one full page). */
export function auditEvents(ctx: TestContext, filter: AuditFilter = {}): AuditEvent[] {
  return queryAudit(ctx.db, filter, { limit: MAX_PAGE_SIZE }).events;
}

/**
 * `it` with the fixtures most server tests start from, each made fresh for the test that names
 * it and closed after it:
 *
 * - `ctx`: the real app on a fresh database with a frozen clock ({@link testContext});
 * - `contextWith(options)`: the same with a test's own configuration, profile or identity;
 * - `key`: a new device key (P-256, not extractable).
 *
 * @example it('a redeemed ticket cannot be redeemed again', async ({ ctx, key }) => { ... })
 */
export const it = test
  .extend('contextWith', ({ onTestFinished }) => (options: TestContextOptions = {}) => {
    const ctx = testContext(options);
    onTestFinished(() => ctx.close());
    return ctx;
  })
  .extend('ctx', ({ contextWith }) => contextWith())
  .extend('key', () => generateDeviceKey(false));
