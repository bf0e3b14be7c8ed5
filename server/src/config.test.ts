import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { demoProfile } from './netskope/profile.js';
import { openRuntime } from './runtime.js';
import { readPepper } from './pepper.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function production(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const home = mkdtempSync(join(dir, 'prod-'));
  const pepper = join(home, 'pepper');
  writeFileSync(pepper, randomBytes(32).toString('hex'), { mode: 0o600 });
  const profile = join(home, 'profile.json');
  writeFileSync(profile, JSON.stringify(demoProfile()));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    LATCHKEY_DATABASE: join(home, 'db.sqlite'),
    LATCHKEY_OIDC_ISSUER: 'https://idp.example.com',
    LATCHKEY_OIDC_CLIENT_ID: 'latchkey',
    LATCHKEY_PEPPER_FILE: pepper,
    LATCHKEY_PROFILE_FILE: profile,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

/** The variable a refused configuration names. */
function refusedVariable(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return error.variable;
    throw error;
  }
  return 'accepted';
}

describe('configuration', () => {
  it('starts in development with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.databasePath).toBe(resolve('.data/latchkey.db'));
    expect(config.pepperFile).toBe(resolve('.data/pepper'));
    expect(config.demoIdp).toEqual({ port: 8788 });
    expect(config.oidc).toMatchObject({
      issuer: 'http://127.0.0.1:8788',
      clientId: 'latchkey-extension',
    });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.ticketTtlSeconds).toBe(600);
    expect(config.adminTicketTtlSeconds).toBe(86400);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(production());
    expect(config.production).toBe(true);
    expect(config.demoIdp).toBeUndefined();
    const runtime = openRuntime(config);
    runtime.db.close();
  });

  it.each([
    'LATCHKEY_DATABASE',
    'LATCHKEY_OIDC_ISSUER',
    'LATCHKEY_OIDC_CLIENT_ID',
    'LATCHKEY_PEPPER_FILE',
    'LATCHKEY_PROFILE_FILE',
  ])('refuses to start in production without %s', (variable) => {
    expect(refusedVariable(() => loadConfig(production({ [variable]: undefined })))).toBe(variable);
  });

  it('refuses an http issuer off loopback, in any mode', () => {
    const env = production({ LATCHKEY_OIDC_ISSUER: 'http://idp.example.com' });
    expect(refusedVariable(() => loadConfig(env))).toBe('LATCHKEY_OIDC_ISSUER');
    const dev = { LATCHKEY_OIDC_ISSUER: 'http://idp.example.com', LATCHKEY_OIDC_CLIENT_ID: 'x' };
    expect(refusedVariable(() => loadConfig(dev))).toBe('LATCHKEY_OIDC_ISSUER');
    expect(loadConfig({ ...dev, LATCHKEY_OIDC_ISSUER: 'http://127.0.0.1:9000' }).demoIdp).toBe(
      undefined,
    );
  });

  it.each([
    ['LATCHKEY_TICKET_TTL_SECONDS', '3601'],
    ['LATCHKEY_TICKET_TTL_SECONDS', '0'],
    ['LATCHKEY_ADMIN_TICKET_TTL_SECONDS', '604801'],
    ['LATCHKEY_LISTEN', 'localhost'],
    ['LATCHKEY_LOG_LEVEL', 'loud'],
    ['LATCHKEY_PUBLIC_URL', 'not a url'],
  ])('names %s when it is %s', (variable, value) => {
    expect(refusedVariable(() => loadConfig({ [variable]: value }))).toBe(variable);
  });

  it('refuses a plain http public URL off loopback in production', () => {
    const env = production({ LATCHKEY_PUBLIC_URL: 'http://latchkey.example.com' });
    expect(refusedVariable(() => loadConfig(env))).toBe('LATCHKEY_PUBLIC_URL');
  });

  it('refuses a pepper file that is short, readable by others, or missing', () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'x'.repeat(31), { mode: 0o600 });
    const open = join(dir, 'open');
    writeFileSync(open, `${randomBytes(16).toString('hex')}\n`, { mode: 0o644 });
    expect(refusedVariable(() => readPepper(short, true))).toBe('LATCHKEY_PEPPER_FILE');
    expect(refusedVariable(() => readPepper(open, true))).toBe('LATCHKEY_PEPPER_FILE');
    expect(refusedVariable(() => readPepper(join(dir, 'none'), true))).toBe('LATCHKEY_PEPPER_FILE');
    expect(readPepper(open, false)).toHaveLength(32);
  });

  it('refuses a production start with an unsafe pepper or a broken profile', () => {
    const env = production();
    chmodSync(env['LATCHKEY_PEPPER_FILE'] as string, 0o640);
    expect(refusedVariable(() => openRuntime(loadConfig(env)))).toBe('LATCHKEY_PEPPER_FILE');

    const broken = production();
    writeFileSync(broken['LATCHKEY_PROFILE_FILE'] as string, '{"tenant": "x"}');
    expect(refusedVariable(() => openRuntime(loadConfig(broken)))).toBe('LATCHKEY_PROFILE_FILE');
  });
});
