import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import { consoleLogins } from '../db/schema.js';
import { hmacSecret, type Pepper } from '../pepper.js';
import type { SessionDeps } from './sessions.js';
import { LOGIN_TIMEOUT_MS } from './settings.js';

/** One console sign-in under way: what goes to the IdP and what comes back to the token call. */
export interface PendingLogin {
  /** 256 random bits; in the authorization URL and the login cookie, nowhere else. */
  state: string;
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

const STATE = /^[A-Za-z0-9_-]{43}$/;

function derive(pepper: Pepper, purpose: string, state: string): string {
  return createHmac('sha256', pepper).update(`${purpose}:${state}`).digest('base64url');
}

/** The PKCE verifier and nonce of a state: derived under the pepper, so never stored. */
export function loginSecrets(
  pepper: Pepper,
  state: string,
): { nonce: string; codeVerifier: string } {
  return {
    nonce: derive(pepper, 'console-nonce', state),
    codeVerifier: derive(pepper, 'console-pkce', state),
  };
}

/**
 * Starts a console sign-in: a random state whose HMAC is stored with a 10-minute expiry, and
 * the nonce and PKCE S256 pair derived from it. Expired rows are dropped on the way.
 */
export function beginLogin(deps: SessionDeps): PendingLogin {
  const state = randomBytes(32).toString('base64url');
  const now = deps.clock.now().getTime();
  deps.db.orm.delete(consoleLogins).where(lte(consoleLogins.expiresAt, now)).run();
  deps.db.orm
    .insert(consoleLogins)
    .values({
      stateHmac: hmacSecret(deps.pepper, `console-login:${state}`),
      expiresAt: now + LOGIN_TIMEOUT_MS,
    })
    .run();
  const secrets = loginSecrets(deps.pepper, state);
  const codeChallenge = createHash('sha256').update(secrets.codeVerifier).digest('base64url');
  return { state, ...secrets, codeChallenge };
}

/**
 * Uses up a pending sign-in: deletes its row, so the same state (a replayed callback) finds
 * nothing the second time.
 *
 * @returns the nonce and verifier, or undefined for a state that is malformed, unknown, used
 *   or expired.
 */
export function takeLogin(
  deps: SessionDeps,
  state: string,
): { nonce: string; codeVerifier: string } | undefined {
  if (!STATE.test(state)) return undefined;
  const hmac = hmacSecret(deps.pepper, `console-login:${state}`);
  const now = deps.clock.now().getTime();
  const deleted = deps.db.orm
    .delete(consoleLogins)
    .where(and(eq(consoleLogins.stateHmac, hmac), gt(consoleLogins.expiresAt, now)))
    .run();
  if (deleted.changes !== 1) return undefined;
  return loginSecrets(deps.pepper, state);
}
