import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

/**
 * A tiny OpenID issuer on 127.0.0.1 for ID token tests: it serves a discovery document and a
 * JWKS whose keys the test controls, and signs whatever claims the test asks for. Test support
 * only; the full provider for sign-in flows is the demo IdP.
 */
export interface TestIssuer {
  issuer: string;
  /** Makes a key pair; it is published only when `publish` says so. */
  createKey(alg?: string): Promise<TestKey>;
  /** Replaces the published key set. */
  publish(...keys: TestKey[]): void;
  /** While false, the JWKS endpoint answers 503. */
  setJwksAvailable(available: boolean): void;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** How many times the discovery document was fetched. */
  discoveryFetches(): number;
  /** Changes fields of the discovery document, e.g. to name another issuer. */
  overrideDiscovery(fields: Record<string, unknown>): void;
  /** What the token endpoint answers; default 400 `invalid_grant`. */
  setTokenResponse(status: number, body: unknown): void;
  sign(claims: JWTPayload, key: TestKey, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** A signing key of the test issuer. */
export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Starts a {@link TestIssuer} on a free loopback port. */
export async function startTestIssuer(): Promise<TestIssuer> {
  let published: TestKey[] = [];
  let available = true;
  let fetches = 0;
  let keyCount = 0;
  let discoveryCount = 0;
  let overrides: Record<string, unknown> = {};
  let token: { status: number; body: unknown } = { status: 400, body: { error: 'invalid_grant' } };
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      discoveryCount += 1;
      return json(res, 200, { ...discovery(issuer), ...overrides });
    }
    if (req.url === '/token') return json(res, token.status, token.body);
    if (req.url !== '/jwks') return json(res, 404, { error: 'not_found' });
    fetches += 1;
    if (!available) return json(res, 503, { error: 'unavailable' });
    json(res, 200, { keys: published.map((key) => key.publicJwk) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    async createKey(alg = 'ES256') {
      keyCount += 1;
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const kid = `test-key-${keyCount}`;
      return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
    },
    publish: (...keys) => {
      published = keys;
    },
    setJwksAvailable: (value) => {
      available = value;
    },
    jwksFetches: () => fetches,
    discoveryFetches: () => discoveryCount,
    overrideDiscovery: (fields) => {
      overrides = fields;
    },
    setTokenResponse: (status, body) => {
      token = { status, body };
    },
    sign: (claims, key, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
        .sign(key.privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function discovery(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
  };
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
