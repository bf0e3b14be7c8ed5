import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../netskope/run-command.js';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  approveDeviceAtDemoIdp,
} from '../../../../server/src/identity/demo-idp/index.js';
import { EXTENSION_ID, extensionOrigin } from '@latchkey/shared';
import { spawn } from 'node:child_process';
import { HOST_BIN, SIMULATOR_DIR, frame, startHost } from '../testing/host-process.js';
import { type ServerStack, startServerStack } from '../testing/server-stack.js';
import { type SimTenant, simulatedRoot } from '../testing/simulated-client.js';

// The simulated tenant behind the server's development profile (tenant `demo`, encryption
// enforced).
const DEMO_TENANT: SimTenant = {
  name: 'demo',
  domain: 'goskope.com',
  orgKey: 'demo-org-key',
  clientRelease: 'R121',
  idpUser: 'alice@example.com',
  tokenSets: [
    {
      tsid: 'demo-token-set',
      authToken: 'demo-auth-token',
      encryptionToken: 'demo-encryption-token',
      enforced: true,
    },
  ],
};

let stack: ServerStack;
beforeAll(async () => {
  stack = await startServerStack();
});
afterAll(() => stack?.close());

async function mintFor(email: string): Promise<{ ticket: string; ticketId: string }> {
  const minted = await stack.cli(['ticket', 'create', '--email', email, '--json']);
  expect(minted.code).toBe(0);
  return JSON.parse(minted.stdout);
}

async function device(tenant: SimTenant) {
  const root = await simulatedRoot(tenant);
  const env = {
    ...process.env,
    LATCHKEY_HOST_CONFIG_DIR: join(root, '..', `${root.split('/').pop()}-helper`),
    LATCHKEY_NETSKOPE_ROOT: root,
    LATCHKEY_NETSKOPE_INSTALLER: join(SIMULATOR_DIR, 'NSClient.run'),
    LATCHKEY_ELEVATE: 'none',
    LATCHKEY_VERIFY_TIMEOUT_SECONDS: '5',
    NETSKOPE_SIM_ROOT: root,
  };
  const enroll = (ticket: string, serverUrl = stack.server.url) =>
    runCommand(process.execPath, [HOST_BIN, 'enroll', '--server', serverUrl, '--ticket', '-'], {
      env,
      input: `${ticket}\n`,
    });
  return { root, env, enroll };
}

describe('latchkey-host enroll against the real server', () => {
  it('redeems an admin ticket from stdin, enrolls as its owner; the server confirms', async () => {
    const { ticket, ticketId } = await mintFor('alice@example.com');
    const { root, env, enroll } = await device(DEMO_TENANT);

    const run = await enroll(ticket);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ticketId,
      resultStatus: 'confirmed',
      netskope: { status: 'enrolled', userEmail: 'alice@example.com' },
    });

    // the simulator itself says so
    const config = await runCommand(join(root, 'nsclient'), ['show-config'], { env });
    expect(config.stdout).toContain('User Email: alice@example.com');

    // the audit holds the redemption and the confirmed report, and no secret
    const events = (await stack.audit()).filter((event) => event.ticketId === ticketId);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ticket.redeemed', 'enrollment.reported']),
    );
    const report = events.find((event) => event.type === 'enrollment.reported');
    expect(JSON.stringify(report)).toContain('confirmed');
    expect(run.stdout + run.stderr).not.toMatch(/demo-encryption-token|lkt_/);
  });

  it('refuses the same ticket a second time with the server code ticket_already_used', async () => {
    const { ticket } = await mintFor('alice@example.com');
    const { enroll } = await device(DEMO_TENANT);
    expect((await enroll(ticket)).code).toBe(0);
    const replay = await enroll(ticket);
    expect(replay.code).toBe(5);
    expect(replay.stderr).toContain('redeem_refused [server: ticket_already_used]');
  });

  it('reports a mismatch when the client enrolls as anyone but the ticket owner', async () => {
    const { ticket, ticketId } = await mintFor('bob@example.com');
    const { enroll } = await device(DEMO_TENANT);
    const run = await enroll(ticket);
    expect(run.code).toBe(13);
    expect(JSON.parse(run.stdout)).toMatchObject({ ticketId, resultStatus: 'mismatch' });
  });

  it('forwards an installer failure in its own words, every material value redacted', async () => {
    const { ticket } = await mintFor('alice@example.com');
    const { env } = await device({ ...DEMO_TENANT, orgKey: 'another-org-key' });
    const args = [
      HOST_BIN,
      'enroll',
      '--server',
      stack.server.url,
      '--ticket',
      '-',
      '--mode',
      'upn',
    ];
    const run = await runCommand(process.execPath, args, { env, input: ticket });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('installer_failed');
    expect(run.stderr).toContain('the organization key is not valid');
    expect(run.stderr).toContain('-H [redacted] -o [redacted] -a [redacted] -e [redacted] -c');
    expect(run.stderr).not.toMatch(/demo-(org-key|auth-token|encryption-token)/);
  });

  it('says server_unreachable when nothing listens', async () => {
    const { enroll } = await device(DEMO_TENANT);
    const run = await enroll((await mintFor('alice@example.com')).ticket, 'http://127.0.0.1:9/');
    expect(run.code).toBe(4);
  });
});

describe('enroll over native messaging', () => {
  it('streams redeem, install, verify, report, done; a concurrent enroll is busy', async () => {
    const { ticket, ticketId } = await mintFor('alice@example.com');
    const { env } = await device(DEMO_TENANT);
    const host = startHost([extensionOrigin(EXTENSION_ID)], env);
    const request = { type: 'enroll', ticket, serverUrl: stack.server.url };
    host.child.stdin.write(frame({ ...request, id: 'first' }));
    host.child.stdin.end(frame({ ...request, id: 'second' }));
    const replies = await host.replies(6);
    expect(replies.find((r) => r.id === 'second')).toMatchObject({ type: 'error', code: 'busy' });
    const first = replies.filter((r) => r.id === 'first');
    expect(first.map((r) => (r.type === 'progress' ? r.step : r.type))).toEqual([
      'redeeming',
      'installing',
      'verifying',
      'reporting',
      'done',
    ]);
    expect(first.at(-1)).toMatchObject({
      ticketId,
      resultStatus: 'confirmed',
      netskope: { userEmail: 'alice@example.com' },
    });
  });
});

describe('enroll --device-flow', () => {
  it('signs in with an IdP-approved user code, mints a key-bound ticket and enrolls', async () => {
    const { env } = await device(DEMO_TENANT);
    const child = spawn(
      process.execPath,
      [HOST_BIN, 'enroll', '--server', stack.server.url, '--device-flow'],
      { env },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const prompt = await new Promise<RegExpExecArray>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /open (\S+) and enter the code (\S+)/.exec(stderr);
        if (match) resolve(match);
      });
    });
    const [, verificationUri = '', userCode = ''] = prompt;
    const { login } = DEMO_USERS.alice;
    await approveDeviceAtDemoIdp({
      issuer: stack.idp.issuer,
      verificationUri,
      userCode,
      login,
      password: DEMO_PASSWORD,
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      resultStatus: 'confirmed',
      netskope: { userEmail: 'alice@example.com' },
    });
    expect(stdout + stderr).not.toMatch(/eyJ/);
  });
});

describe('a tenant that demands a token the deployment withholds', () => {
  let withholding: ServerStack;
  beforeAll(async () => {
    withholding = await startServerStack({
      tenant: 'demo',
      domain: 'goskope.com',
      addonHost: 'addon-demo.goskope.com',
      orgKey: 'demo-org-key',
      tokenSet: { id: 'demo-token-set', authToken: 'demo-auth-token', encryptionEnforced: false },
      modes: ['idp'],
      defaultMode: 'idp',
      chromeos: { enrollUrlTemplate: 'https://nsauth-{tenant}.{domain}/x?email={email}' },
    });
  });
  afterAll(() => withholding?.close());

  it('fails with token_required and the client words, and reports it to the server', async () => {
    const minted = await withholding.cli([
      'ticket',
      'create',
      '--email',
      'alice@example.com',
      '--json',
    ]);
    const { ticket, ticketId } = JSON.parse(minted.stdout);
    const { enroll } = await device(DEMO_TENANT);
    const run = await enroll(ticket, withholding.server.url);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('token_required');
    expect(run.stderr).toContain('IdP enrollment is required by admin');
    const report = (await withholding.audit()).find(
      (e) => e.ticketId === ticketId && e.type === 'enrollment.reported',
    );
    expect(report?.outcome).toBe('failure');
  });
});
