import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditEvent } from '@latchkey/shared';
import { SERVER_BIN, TSX, E2E } from './paths.js';
import { freePort, run, startService, waitForHttp, type Service } from './processes.js';
import { ENROLLERS_GROUP, ADMINS_GROUP } from './users.js';

/** The simulated Netskope tenant every scenario enrolls into. */
export const TENANT = {
  name: 'acme',
  domain: 'goskope.com',
  orgKey: 'org-key-acme-e2e',
  tokenSet: { tsid: 'ts-e2e-1', authToken: 'auth-e2e-5f1c', encryptionToken: 'enc-e2e-9a7d' },
};

/**
 * How the server's enrollment profile treats the encryption token. `releases`: the profile marks
 * it enforced, so IdP redemptions carry it. `withholds`: the profile does not mark it enforced,
 * so IdP redemptions leave it out, while the tenant still enforces it.
 */
export type ProfileVariant = 'releases' | 'withholds';

export interface StackOptions {
  variant: ProfileVariant;
  ticketTtlSeconds: number;
}

/** The running server and OpenID provider, and what a test needs to talk to them. */
export interface Stack {
  serverUrl: string;
  issuer: string;
  adminKey: string;
  databasePath: string;
  serverEnv: NodeJS.ProcessEnv;
  /** The server's log output so far (pino JSON lines). */
  serverLog(): string;
  stop(): Promise<void>;
}

function profile(variant: ProfileVariant) {
  return {
    tenant: TENANT.name,
    domain: TENANT.domain,
    addonHost: `addon-${TENANT.name}.${TENANT.domain}`,
    orgKey: TENANT.orgKey,
    tokenSet: {
      id: TENANT.tokenSet.tsid,
      authToken: TENANT.tokenSet.authToken,
      encryptionToken: TENANT.tokenSet.encryptionToken,
      encryptionEnforced: variant === 'releases',
    },
    modes: ['idp'],
    defaultMode: 'idp',
    chromeos: {
      enrollUrlTemplate:
        'https://nsauth-{tenant}.{domain}/nsauth/client/authenticate?email={email}',
    },
  };
}

async function startIdp(
  dir: string,
  serverUrl: string,
): Promise<{ service: Service; issuer: string }> {
  const service = startService(TSX, [join(E2E, 'support', 'idp-main.ts')], {
    env: {
      ...process.env,
      E2E_IDP_PORT: String(await freePort()),
      E2E_CONSOLE_REDIRECT: `${serverUrl}/console/callback`,
    },
    cwd: E2E,
    logFile: join(dir, 'idp.log'),
  });
  const lines = createInterface({ input: service.process.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) return { service, issuer: JSON.parse(line).issuer as string };
  }
  throw new Error(`the OpenID provider did not start; see ${join(dir, 'idp.log')}`);
}

/** Starts the OpenID provider and the server (production mode) on a fresh SQLite file. */
export async function startStack(dir: string, options: StackOptions): Promise<Stack> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const idp = await startIdp(dir, serverUrl);
  const pepperFile = join(dir, 'pepper');
  const profileFile = join(dir, 'profile.json');
  writeFileSync(pepperFile, randomBytes(32), { mode: 0o600 });
  writeFileSync(profileFile, JSON.stringify(profile(options.variant)), { mode: 0o600 });
  const databasePath = join(dir, 'latchkey.db');
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LATCHKEY_DATABASE: databasePath,
    LATCHKEY_LISTEN: `127.0.0.1:${port}`,
    LATCHKEY_OIDC_ISSUER: idp.issuer,
    LATCHKEY_OIDC_CLIENT_ID: 'latchkey-e2e',
    LATCHKEY_PEPPER_FILE: pepperFile,
    LATCHKEY_PROFILE_FILE: profileFile,
    LATCHKEY_ALLOWED_GROUPS: ENROLLERS_GROUP,
    LATCHKEY_ADMIN_GROUP: ADMINS_GROUP,
    LATCHKEY_TICKET_TTL_SECONDS: String(options.ticketTtlSeconds),
  };
  const server = startService('node', [SERVER_BIN, 'serve'], {
    env: serverEnv,
    logFile: join(dir, 'server.log'),
  });
  await waitForHttp(`${serverUrl}/healthz`, server);
  const created = await run(
    'node',
    [SERVER_BIN, 'admin-key', 'create', '--name', 'e2e', '--json'],
    {
      env: serverEnv,
    },
  );
  if (created.code !== 0) throw new Error(`admin-key create failed: ${created.stderr}`);
  const adminKey = (JSON.parse(created.stdout) as { key: string }).key;
  return {
    serverUrl,
    issuer: idp.issuer,
    adminKey,
    databasePath,
    serverEnv,
    serverLog: () => readFileSync(join(dir, 'server.log'), 'utf8'),
    stop: async () => {
      await server.stop();
      await idp.service.stop();
    },
  };
}

/** Calls an admin endpoint with the suite's admin API key. */
export async function adminFetch(stack: Stack, path: string, init: RequestInit = {}) {
  return fetch(`${stack.serverUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.adminKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
}

/** Every audit event about one user, oldest first, through the admin API. */
export async function auditFor(stack: Stack, email: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ user: email, limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const response = await adminFetch(stack, `/v1/audit?${query}`);
    if (!response.ok) throw new Error(`GET /v1/audit answered ${response.status}`);
    const page = (await response.json()) as { events: AuditEvent[]; nextCursor: string | null };
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

/** Audit events of one ticket, oldest first. */
export async function auditForTicket(stack: Stack, ticketId: string): Promise<AuditEvent[]> {
  const response = await adminFetch(stack, `/v1/audit?ticket=${encodeURIComponent(ticketId)}`);
  if (!response.ok) throw new Error(`GET /v1/audit answered ${response.status}`);
  return ((await response.json()) as { events: AuditEvent[] }).events;
}
