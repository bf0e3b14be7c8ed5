// Runs the OpenID provider that stands in for Okta: the real oidc-provider package, with the
// suite's test users and the redirect URIs of the extension and the admin console. Prints
// `{"issuer": ...}` once listening.
import { startDemoIdp } from '../../server/src/identity/demo-idp/index.js';
import { extensionRedirectUri } from '@latchkey/shared';
import { USERS } from './users.js';

const idp = await startDemoIdp({
  port: Number(process.env.E2E_IDP_PORT ?? 0),
  clients: [
    {
      clientId: 'latchkey-e2e',
      redirectUris: [extensionRedirectUri(), process.env.E2E_CONSOLE_REDIRECT!],
    },
  ],
  users: Object.values(USERS).map((user) => ({ ...user, groups: [...user.groups] })),
});
process.stdout.write(JSON.stringify({ issuer: idp.issuer }) + '\n');

const stop = () => void idp.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
