import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/netskope/run-command.js';
import { SIMULATOR_DIR } from '../src/testing/host-process.js';
import { type SimTenant, enforcedTenant, simulatedRoot } from '../src/testing/simulated-client.js';

const ENC = 'enc-token-9Lx3';
const AUTH = 'auth-token-Zp4w';
const ORG = 'org-key-7Hq2';

async function install(tenant: SimTenant, args: string[]) {
  const root = await simulatedRoot(tenant);
  const env = { ...process.env, NETSKOPE_SIM_ROOT: root };
  const result = await runCommand(join(SIMULATOR_DIR, 'NSClient.run'), args, { env });
  const diag = existsSync(join(root, 'nsdiag'))
    ? (await runCommand(join(root, 'nsdiag'), ['-f'], { env })).stdout
    : '';
  const config = existsSync(join(root, 'nsclient'))
    ? (await runCommand(join(root, 'nsclient'), ['show-config'], { env })).stdout
    : '';
  return { root, env, code: result.code, output: result.stdout + result.stderr, diag, config };
}

const idp = (extra: string[] = []) => ['-i', '-t', 'acme', '-d', 'goskope.com', ...extra, '-c'];
const upn = (extra: string[]) => [
  '-H',
  'acme.goskope.com',
  '-o',
  ORG,
  '-u',
  'bob@example.com',
  ...extra,
  '-c',
];

describe('the simulated installer in IdP mode', () => {
  it('enrolls as the IdP user when the enforced encryption token is supplied', async () => {
    const run = await install(enforcedTenant(), idp(['-e', ENC]));
    expect(run.code).toBe(0);
    expect(run.diag).toContain('Client status:: enable');
    expect(run.config).toContain('User Email: alice@example.com');
  });

  it('installs, stays at "IdP enrollment is required by admin" without it, exits 1', async () => {
    const run = await install(enforcedTenant(), idp());
    expect(run.code).toBe(1);
    expect(run.output).toContain('IdP enrollment is required by admin');
    expect(run.diag).toContain('Client status:: unenrolled');
    expect(run.config).not.toContain('User Email');
  });

  it('treats a wrong encryption token like a missing one', async () => {
    const run = await install(enforcedTenant(), idp(['-e', 'enc-token-wrong']));
    expect(run.code).toBe(1);
    expect(run.output).toContain('IdP enrollment is required by admin');
  });

  it('refuses a tenant or domain it does not know, installing nothing', async () => {
    const run = await install(enforcedTenant(), [
      '-i',
      '-t',
      'other',
      '-d',
      'goskope.com',
      '-e',
      ENC,
    ]);
    expect(run.code).toBe(1);
    expect(existsSync(join(run.root, 'nsconfig.json'))).toBe(false);
  });
});

describe('Not Enforced token sets and the client release', () => {
  const notEnforced = (clientRelease: string) =>
    enforcedTenant({
      clientRelease,
      tokenSets: [{ tsid: 'ts-2', authToken: AUTH, encryptionToken: ENC, enforced: false }],
    });

  it('are ignored from R120.1 on', async () => {
    expect((await install(notEnforced('R120.1'), idp())).code).toBe(0);
    expect((await install(notEnforced('R121'), idp())).code).toBe(0);
  });

  it('block enrollment on R120 and earlier unless their token is supplied', async () => {
    const blocked = await install(notEnforced('R120'), idp());
    expect(blocked.code).toBe(1);
    expect(blocked.output).toContain('IdP enrollment is required by admin');
    expect((await install(notEnforced('R119'), idp(['-e', ENC]))).code).toBe(0);
  });
});

describe('the simulated installer in UPN and email mode', () => {
  it('requires the enforced encryption token in UPN mode', async () => {
    expect((await install(enforcedTenant(), upn(['-a', AUTH]))).code).toBe(1);
    const run = await install(enforcedTenant(), upn(['-a', AUTH, '-e', ENC]));
    expect(run.code).toBe(0);
    expect(run.config).toContain('User Email: bob@example.com');
  });

  it('requires a matching authentication token in UPN and email mode', async () => {
    expect((await install(enforcedTenant(), upn(['-e', ENC]))).code).toBe(1);
    expect((await install(enforcedTenant(), upn(['-a', 'auth-wrong', '-e', ENC]))).code).toBe(1);
    const email = ['-H', 'acme.goskope.com', '-o', ORG, '-m', 'carol@example.com'];
    expect((await install(enforcedTenant(), [...email, '-c'])).code).toBe(1);
    const run = await install(enforcedTenant(), [...email, '-a', AUTH, '-c']);
    expect(run.code).toBe(0);
    expect(run.config).toContain('User Email: carol@example.com');
  });

  it('refuses a wrong org key', async () => {
    const run = await install(enforcedTenant(), [
      '-H',
      'acme.goskope.com',
      '-o',
      'org-wrong',
      '-u',
      'b@x.y',
      '-a',
      AUTH,
      '-e',
      ENC,
    ]);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/organization key/);
  });

  it('refuses the addon- host for -H', async () => {
    const run = await install(enforcedTenant(), [
      '-H',
      'addon-acme.goskope.com',
      '-o',
      ORG,
      '-u',
      'b@x.y',
      '-a',
      AUTH,
      '-e',
      ENC,
    ]);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/not the addon- host/);
  });

  it('stops with a usage error on an unknown flag, installing nothing', async () => {
    const run = await install(enforcedTenant(), ['-i', '-z']);
    expect(run.code).toBe(2);
    expect(existsSync(join(run.root, 'nsconfig.json'))).toBe(false);
  });
});

describe('the simulated client commands', () => {
  it('answer show-status and switch between enable and disable', async () => {
    const run = await install(enforcedTenant(), idp(['-e', ENC]));
    const nsclient = join(run.root, 'nsclient');
    expect((await runCommand(nsclient, ['show-status'], { env: run.env })).stdout).toContain(
      'Client status: enable',
    );
    expect((await runCommand(nsclient, ['disable'], { env: run.env })).code).toBe(0);
    expect((await runCommand(join(run.root, 'nsdiag'), ['-f'], { env: run.env })).stdout).toContain(
      'Client status:: disable',
    );
  });
});
