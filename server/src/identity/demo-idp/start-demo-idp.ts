import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extensionRedirectUri } from '@latchkey/shared';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { demoConfiguration, DEMO_SIGNING_ALG, type DemoClient } from './configuration.js';
import { interactionHandler } from './interactions.js';
import { DEMO_USERS, type DemoUser } from './users.js';

/** The client id the demo IdP registers for the extension when no clients are given. */
export const DEMO_CLIENT_ID = 'latchkey';

/** Options of {@link startDemoIdp}. */
export interface DemoIdpOptions {
  /** Default 127.0.0.1. Keep it on loopback: the issuer is plain http. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default: one public client, {@link DEMO_CLIENT_ID}, redirecting to the extension. */
  clients?: DemoClient[];
  /** Default: {@link DEMO_USERS}. */
  users?: DemoUser[];
}

/** What {@link DemoIdp.signIdToken} puts into a token it signs. */
export interface SignIdTokenInput {
  user: DemoUser;
  clientId: string;
  /** The issue time; default now. Pass the server's clock in tests that freeze time. */
  now?: Date;
  nonce?: string;
  /** Default 300 seconds. */
  lifetimeSeconds?: number;
}

/** A running demo IdP. */
export interface DemoIdp {
  /** `http://<host>:<port>`, exactly as its discovery document names it. */
  issuer: string;
  port: number;
  /**
   * Signs an ID token with the IdP's own key, as if the user had signed in: for tests of
   * `Authorization: Bearer` without driving a browser flow.
   */
  signIdToken(input: SignIdTokenInput): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts an OpenID provider (oidc-provider) on plain http for development and tests: its own
 * sign-in page for the given users, automatic consent, Authorization Code with PKCE and the
 * device flow. A new ES256 signing key is made at every start. Never expose it beyond loopback.
 *
 * @example
 * const idp = await startDemoIdp({ clients: [{ clientId: 'latchkey', redirectUris }] });
 * // ... idp.issuer ...
 * await idp.close();
 */
export async function startDemoIdp(options: DemoIdpOptions = {}): Promise<DemoIdp> {
  const users = options.users ?? Object.values(DEMO_USERS);
  const clients = options.clients ?? [
    { clientId: DEMO_CLIENT_ID, redirectUris: [extensionRedirectUri()] },
  ];
  const { privateKey, signingKey } = await makeSigningKey();
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  const port = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const issuer = `http://${urlHost(options.host ?? '127.0.0.1')}:${port}`;

  const provider = new Provider(issuer, demoConfiguration({ clients, users, signingKey }));
  const interactions = interactionHandler(provider, users);
  const callback = provider.callback();
  handle = (req, res) => {
    interactions(req, res)
      .then((handled) => (handled ? undefined : callback(req, res)))
      .catch(() => res.writeHead(500).end());
  };

  return {
    issuer,
    port,
    signIdToken: (input) => signIdToken(privateKey, signingKey.kid ?? '', issuer, input),
    close: () => closeServer(server),
  };
}

async function makeSigningKey(): Promise<{ privateKey: CryptoKey; signingKey: JWK }> {
  const { privateKey } = await generateKeyPair(DEMO_SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `demo-${Date.now().toString(36)}`;
  return { privateKey, signingKey: { ...jwk, kid, alg: DEMO_SIGNING_ALG, use: 'sig' } };
}

function signIdToken(key: CryptoKey, kid: string, issuer: string, input: SignIdTokenInput) {
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    email: input.user.email,
    email_verified: true,
    groups: [...input.user.groups],
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
  })
    .setProtectedHeader({ alg: DEMO_SIGNING_ALG, kid })
    .setIssuer(issuer)
    .setSubject(input.user.sub)
    .setAudience(input.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.lifetimeSeconds ?? 300))
    .sign(key);
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
