import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcIdentity } from '../oidc-identity.js';
import type { Identity } from '../types.js';
import { approveDeviceAtDemoIdp } from './demo-sign-in.js';
import { startDemoIdp, type DemoIdp } from './start-demo-idp.js';
import { DEMO_PASSWORD, DEMO_USERS } from './users.js';

const CLIENT_ID = 'latchkey';
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let idp: DemoIdp;
let identity: Identity;

beforeAll(async () => {
  idp = await startDemoIdp({
    clients: [{ clientId: CLIENT_ID, redirectUris: ['https://example.chromiumapp.org/'] }],
  });
  identity = createOidcIdentity({
    issuer: idp.issuer,
    clientId: CLIENT_ID,
    clock: { now: () => new Date() },
  });
});
afterAll(() => idp.close());

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
}

async function startDeviceAuthorization(): Promise<DeviceAuthorization> {
  const { deviceAuthorizationEndpoint } = await identity.metadata();
  if (deviceAuthorizationEndpoint === undefined) throw new Error('no device endpoint advertised');
  const response = await fetch(deviceAuthorizationEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ client_id: CLIENT_ID, scope: 'openid email profile groups' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as DeviceAuthorization;
}

async function pollToken(
  deviceCode: string,
): Promise<{ status: number; body: Record<string, string> }> {
  const { tokenEndpoint } = await identity.metadata();
  const response = await fetch(tokenEndpoint ?? '', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: DEVICE_CODE_GRANT,
      device_code: deviceCode,
      client_id: CLIENT_ID,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('the device authorization grant', () => {
  it('signs a headless device in once the user approves it in a browser', async () => {
    const device = await startDeviceAuthorization();

    // poll before approval
    const pending = await pollToken(device.device_code);
    expect(pending.body['error']).toBe('authorization_pending');

    // approve
    const done = await approveDeviceAtDemoIdp({
      issuer: idp.issuer,
      verificationUri: device.verification_uri,
      userCode: device.user_code,
      login: DEMO_USERS.admin.login,
      password: DEMO_PASSWORD,
    });
    expect(done.status).toBe(200);

    // poll again: the ID token verifies
    const granted = await pollToken(device.device_code);
    expect(granted.status).toBe(200);
    const principal = await identity.verifyIdToken(granted.body['id_token'] ?? '');
    expect(principal).toEqual({
      iss: idp.issuer,
      sub: DEMO_USERS.admin.sub,
      email: 'admin@example.com',
      groups: ['latchkey-admins', 'netskope-enrollers'],
    });
  });

  it('does not sign the device in when the user gives a wrong password', async () => {
    const device = await startDeviceAuthorization();
    const page = await approveDeviceAtDemoIdp({
      issuer: idp.issuer,
      verificationUri: device.verification_uri,
      userCode: device.user_code,
      login: DEMO_USERS.alice.login,
      password: 'not-the-password',
    });
    expect(page.html).toContain('id="login-error"');
    const poll = await pollToken(device.device_code);
    expect(poll.body['error']).toBe('authorization_pending');
  });
});
