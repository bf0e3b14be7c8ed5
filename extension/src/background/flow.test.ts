import { PROOF_HEADER, jwkThumbprint, ticketHash } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import type { DeviceView, StepName } from '../lib/flow-view.js';
import { runEnrollment, StepError, type FlowReporter } from './flow.js';
import { SIGNIN_SESSION_KEY } from './oidc.js';
import {
  AUTH_CODE,
  CONFIG,
  ISSUER,
  REDIRECT_URI,
  SERVER,
  TICKET,
  TICKET_ID,
  errorReply,
  fakeWorld,
  json,
  happyHelper,
  type HelperScript,
} from './test-fakes.js';

/** Checks a proof's ES256 signature with the key in its header; returns its key and claims. */
async function verifyProof(jwt: string) {
  const [header, payload, signature] = jwt.split('.').map((part) => Buffer.from(part, 'base64url'));
  const { jwk } = JSON.parse(String(header));
  const key = await crypto.subtle.importKey(
    'jwk',
    jwk,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const signed = new TextEncoder().encode(jwt.split('.').slice(0, 2).join('.'));
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    signature as Uint8Array<ArrayBuffer>,
    signed,
  );
  expect(valid).toBe(true);
  return { jkt: await jwkThumbprint(jwk), payload: JSON.parse(String(payload)) };
}

function recorder() {
  const steps: StepName[] = [];
  const progress: string[] = [];
  const devices: DeviceView[] = [];
  const report: FlowReporter = {
    step: (step) => steps.push(step),
    progress: (step) => progress.push(step),
    device: (device) => devices.push(device),
  };
  return { report, steps, progress, devices };
}

async function failure(run: Promise<unknown>): Promise<StepError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

/** Everything the extension stored, as one string, to search for secrets. */
function storedText(world: Awaited<ReturnType<typeof fakeWorld>>): string {
  return JSON.stringify([...world.session.items, ...world.local.items]);
}

/** A helper that says hello like the happy one, then answers `enroll` with `reply`. */
function helperAnswering(reply: (id: unknown) => unknown): HelperScript {
  return (request, side) => {
    if (request.type === 'hello') return happyHelper(request, side);
    side.reply({ type: 'progress', id: request.id, step: 'redeeming' });
    side.reply(reply(request.id));
  };
}

describe('native hand-off', () => {
  it('walks every step and hands the ticket only to the helper', async () => {
    const world = await fakeWorld();
    const { report, steps, progress, devices } = recorder();

    const outcome = await runEnrollment(world.deps, report);

    expect(outcome).toMatchObject({
      kind: 'enrolled',
      ticketId: TICKET_ID,
      userEmail: 'ada@example.com',
    });
    expect(steps).toEqual(['signin', 'ticket', 'handoff', 'enrolled']);
    expect(progress).toEqual(['redeeming', 'installing', 'verifying', 'reporting']);
    expect(devices.at(-1)?.netskope?.status).toBe('enrolled');
    const enroll = world.native.requests.find((request) => request.type === 'enroll');
    expect(enroll).toMatchObject({ ticket: TICKET, serverUrl: SERVER, mode: 'idp' });
    expect(world.native.openChannels()).toBe(0);
  });

  it('sends the code, verifier, redirect URI, nonce and helper key to the mint', async () => {
    const world = await fakeWorld();
    await runEnrollment(world.deps, recorder().report);

    const mint = world.seen.find((r) => r.method === 'POST' && r.url === `${SERVER}/v1/tickets`);
    const authorization = new URL(world.authorizationUrls[0] ?? '');
    expect(mint?.body).toMatchObject({
      code: AUTH_CODE,
      redirectUri: REDIRECT_URI,
      nonce: authorization.searchParams.get('nonce'),
      jkt: 'A'.repeat(43),
      device: { platform: 'linux', helperVersion: '0.1.0', extensionVersion: '0.1.0' },
    });
    expect((mint?.body as { codeVerifier: string }).codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('leaves no transient value in storage after success', async () => {
    const world = await fakeWorld();
    await runEnrollment(world.deps, recorder().report);

    const authorization = new URL(world.authorizationUrls[0] ?? '');
    const mint = world.seen.find((r) => r.url === `${SERVER}/v1/tickets`);
    const stored = storedText(world);
    expect(world.session.items.has(SIGNIN_SESSION_KEY)).toBe(false);
    for (const secret of [
      TICKET,
      AUTH_CODE,
      authorization.searchParams.get('state') ?? '',
      authorization.searchParams.get('nonce') ?? '',
      (mint?.body as { codeVerifier: string }).codeVerifier,
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect([...world.local.items.keys()]).toEqual(['serverUrl']);
  });

  it('uses the policy mode over the server default', async () => {
    const world = await fakeWorld();
    await world.local.set({ defaultMode: 'upn' });
    await runEnrollment(world.deps, recorder().report);
    expect(world.native.requests.find((r) => r.type === 'enroll')?.mode).toBe('upn');
  });
});

describe('failures before sign-in', () => {
  it('refuses to start without a server', async () => {
    const world = await fakeWorld();
    world.local.items.clear();
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect([error.step, error.error.code]).toEqual(['signin', 'not_configured']);
  });

  it('names the install command and download when the helper is missing', async () => {
    const world = await fakeWorld({
      script: (_request, side) => side.disconnect('Specified native messaging host not found.'),
    });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('helper_not_installed');
    expect(error.error.info).toMatchObject({
      installCommand: 'latchkey-host install',
      downloadUrl: 'https://latchkey.test/helper',
    });
    expect(world.authorizationUrls).toHaveLength(0);
  });

  it('leaves out a download link that is not a web address', async () => {
    const world = await fakeWorld({
      script: (_request, side) => side.disconnect('Specified native messaging host not found.'),
    });
    world.routes[`GET ${SERVER}/v1/config`] = () =>
      json(200, { ...CONFIG, helper: { ...CONFIG.helper, downloadUrl: 'javascript:alert(1)' } });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('helper_not_installed');
    expect(error.error.info.downloadUrl).toBeUndefined();
  });

  it('shows the install command policy gives', async () => {
    const world = await fakeWorld({
      script: (_request, side) => side.disconnect('Specified native messaging host not found.'),
    });
    await world.local.set({ helperInstallCommand: 'sudo apt install latchkey-host' });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.info.installCommand).toBe('sudo apt install latchkey-host');
  });

  it('reports a helper registered for another extension as origin_refused', async () => {
    const world = await fakeWorld({
      script: (_request, side) =>
        side.disconnect('Access to the specified native messaging host is forbidden.'),
    });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('origin_refused');
  });

  it('reports an unreachable server', async () => {
    const world = await fakeWorld();
    world.routes[`GET ${SERVER}/v1/config`] = () =>
      Promise.reject(new TypeError('Failed to fetch'));
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect([error.step, error.error.code]).toEqual(['signin', 'server_unreachable']);
  });

  it('reports an IdP whose discovery document cannot be read', async () => {
    const world = await fakeWorld();
    world.routes[`GET ${ISSUER}/.well-known/openid-configuration`] = () => errorReply(500, 'x');
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('idp_unavailable');
  });
});

describe('sign-in failures', () => {
  const cases: [string, (url: string) => Promise<string>, string][] = [
    [
      'cancelled',
      () => Promise.reject(new Error('The user did not approve access.')),
      'signin_cancelled',
    ],
    [
      'refused by the IdP',
      (url) => {
        const state = new URL(url).searchParams.get('state') ?? '';
        return Promise.resolve(`${REDIRECT_URI}?error=access_denied&state=${state}`);
      },
      'signin_refused',
    ],
    [
      'answered with another state',
      () => Promise.resolve(`${REDIRECT_URI}?code=${AUTH_CODE}&state=forged`),
      'signin_state_mismatch',
    ],
  ];

  it.each(cases)(
    'a sign-in %s fails as its code and clears the session',
    async (_name, launch, code) => {
      const world = await fakeWorld();
      world.launch = launch;
      const error = await failure(runEnrollment(world.deps, recorder().report));
      expect([error.step, error.error.code]).toEqual(['signin', code]);
      expect(world.session.items.has(SIGNIN_SESSION_KEY)).toBe(false);
      expect(world.seen.some((r) => r.url === `${SERVER}/v1/tickets`)).toBe(false);
    },
  );
});

describe('ticket failures', () => {
  it.each(['not_in_allowed_group', 'code_exchange_failed', 'idp_unavailable', 'rate_limited'])(
    'a mint refused with %s fails at the ticket step with that code',
    async (code) => {
      const world = await fakeWorld();
      world.routes[`POST ${SERVER}/v1/tickets`] = () => errorReply(403, code);
      const error = await failure(runEnrollment(world.deps, recorder().report));
      expect([error.step, error.error.code]).toEqual(['ticket', code]);
      expect(world.native.requests.some((r) => r.type === 'enroll')).toBe(false);
      expect(world.session.items.has(SIGNIN_SESSION_KEY)).toBe(false);
    },
  );

  it('treats a reply that is not the server’s as server_unreachable', async () => {
    const world = await fakeWorld();
    world.routes[`POST ${SERVER}/v1/tickets`] = () => new Response('<html>', { status: 502 });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('server_unreachable');
  });
});

describe('hand-off failures', () => {
  it.each(['ticket_expired', 'ticket_superseded', 'ticket_already_used', 'ticket_revoked'])(
    'a helper relaying the server’s %s shows that code',
    async (serverCode) => {
      const world = await fakeWorld({
        script: helperAnswering((id) => ({
          type: 'error',
          id,
          code: 'redeem_refused',
          message: 'refused',
          serverCode,
        })),
      });
      const error = await failure(runEnrollment(world.deps, recorder().report));
      expect([error.step, error.error.code]).toEqual(['handoff', serverCode]);
      expect(error.error.info.helperCode).toBe('redeem_refused');
    },
  );

  it.each([
    ['installer_failed', 'exit status 3: disk full'],
    ['token_required', 'IdP enrollment is required by admin'],
    ['elevation_refused', undefined],
  ])('a helper error %s keeps its code and the installer’s words', async (code, detail) => {
    const world = await fakeWorld({
      script: helperAnswering((id) => ({ type: 'error', id, code, message: 'failed', detail })),
    });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect([error.step, error.error.code, error.error.info.detail]).toEqual([
      'handoff',
      code,
      detail,
    ]);
  });

  it('reports a helper that exits mid-way as helper_failed', async () => {
    const world = await fakeWorld({
      script: (request, side) =>
        request.type === 'hello'
          ? happyHelper(request, side)
          : side.disconnect('Native host has exited.'),
    });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect([error.step, error.error.code]).toEqual(['handoff', 'helper_failed']);
  });

  it('reports an enrollment the client did not confirm', async () => {
    const world = await fakeWorld({
      script: helperAnswering((id) => ({
        type: 'done',
        id,
        ticketId: TICKET_ID,
        resultStatus: 'failed',
        netskope: { status: 'stuck', installed: true, enrolled: false, explanation: 'stuck' },
      })),
    });
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect(error.error.code).toBe('enrollment_unconfirmed');
  });

  it('leaves no transient value in storage after a failure', async () => {
    const world = await fakeWorld({
      script: helperAnswering((id) => ({
        type: 'error',
        id,
        code: 'installer_failed',
        message: 'x',
      })),
    });
    await failure(runEnrollment(world.deps, recorder().report));
    expect(world.session.items.size).toBe(0);
    expect(storedText(world)).not.toContain(TICKET);
    expect(storedText(world)).not.toContain(AUTH_CODE);
  });
});

describe('ChromeOS hand-off', () => {
  it('redeems with its own key, opens the entry URL and reports handed-off', async () => {
    const world = await fakeWorld({ os: 'cros' });
    const { report, steps } = recorder();

    const outcome = await runEnrollment(world.deps, report);

    expect(steps).toEqual(['signin', 'ticket', 'handoff', 'enrolled']);
    expect(outcome).toMatchObject({ kind: 'handed-off', resultStatus: 'handed-off' });
    expect(world.openedTabs).toEqual([
      'https://nsauth-acme.goskope.com/enroll?email=ada%40example.com',
    ]);
    expect(world.native.requests).toHaveLength(0);
    const redeem = world.seen.find((r) => r.url === `${SERVER}/v1/tickets/redeem`);
    const result = world.seen.find((r) => r.url === `${SERVER}/v1/tickets/${TICKET_ID}/result`);
    expect(redeem?.body).toMatchObject({ ticket: TICKET, platform: 'cros' });
    expect(result?.body).toEqual({ ticket: TICKET, outcome: 'handed-off' });
    const mint = world.seen.find((r) => r.url === `${SERVER}/v1/tickets`);
    for (const request of [redeem, result]) {
      const proof = await verifyProof(request?.headers[PROOF_HEADER.toLowerCase()] ?? '');
      expect(proof.jkt).toBe((mint?.body as { jkt: string }).jkt);
      expect(proof.payload).toMatchObject({
        htm: 'POST',
        htu: request?.url,
        ath: await ticketHash(TICKET),
      });
    }
  });

  it('is used on any platform when policy forces it', async () => {
    const world = await fakeWorld({ os: 'linux' });
    await world.local.set({ forceChromeOsHandoff: true });
    const outcome = await runEnrollment(world.deps, recorder().report);
    expect(outcome.kind).toBe('handed-off');
    expect(world.native.requests).toHaveLength(0);
  });

  it('fails at the hand-off when the server refuses the redemption', async () => {
    const world = await fakeWorld({ os: 'cros' });
    world.routes[`POST ${SERVER}/v1/tickets/redeem`] = () => errorReply(410, 'ticket_expired');
    const error = await failure(runEnrollment(world.deps, recorder().report));
    expect([error.step, error.error.code]).toEqual(['handoff', 'ticket_expired']);
    expect(world.openedTabs).toHaveLength(0);
  });
});
