import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connection.js';
import { consoleSessions } from '../db/schema.js';
import type { Principal } from '../identity/types.js';
import { hmacSecret, sameDigest, type Pepper } from '../pepper.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './settings.js';

/** What the session services need. */
export interface SessionDeps {
  db: Db;
  clock: Clock;
  pepper: Pepper;
}

/** A live console session, as a request sees it. */
export interface ConsoleSession {
  /** The audit actor, `admin:<email>`. */
  actor: string;
  userEmail: string | null;
  userId: string;
  /** The CSRF token every form of this session carries. */
  csrf: string;
}

/** Session ids are 256 random bits, base64url: 43 characters. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const sessionHmac = (pepper: Pepper, id: string) => hmacSecret(pepper, `console-session:${id}`);

/** The CSRF token bound to session `id`: an HMAC under the pepper, so it needs no storage. */
export function csrfToken(pepper: Pepper, id: string): string {
  return createHmac('sha256', pepper).update(`console-csrf:${id}`).digest('base64url');
}

/** Compares a submitted CSRF token with the session's, in constant time. */
export function sameCsrf(expected: string, submitted: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(submitted);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Opens a session for an admin who has just signed in; stores only the HMAC of its id and drops
 * sessions that can no longer be used.
 *
 * @returns the session id: it goes into the cookie and nowhere else.
 */
export function createSession(deps: SessionDeps, principal: Principal, actor: string): string {
  const id = randomBytes(32).toString('base64url');
  const now = deps.clock.now().getTime();
  pruneSessions(deps, now);
  deps.db.orm
    .insert(consoleSessions)
    .values({
      idHmac: sessionHmac(deps.pepper, id),
      actor,
      userEmail: principal.email?.toLowerCase() ?? null,
      userId: `${principal.iss}|${principal.sub}`,
      createdAt: now,
      lastSeenAt: now,
    })
    .run();
  return id;
}

function pruneSessions(deps: SessionDeps, now: number): void {
  deps.db.orm
    .delete(consoleSessions)
    .where(
      or(
        lt(consoleSessions.lastSeenAt, now - IDLE_TIMEOUT_MS),
        lt(consoleSessions.createdAt, now - ABSOLUTE_TIMEOUT_MS),
      ),
    )
    .run();
}

/**
 * Finds the live session a cookie names and marks it used now. A session idle for
 * {@link IDLE_TIMEOUT_MS} or older than {@link ABSOLUTE_TIMEOUT_MS} is deleted instead.
 *
 * @returns the session, or undefined for a malformed, unknown or expired id.
 */
export function useSession(deps: SessionDeps, id: string | undefined): ConsoleSession | undefined {
  if (id === undefined || !SESSION_ID.test(id)) return undefined;
  const hmac = sessionHmac(deps.pepper, id);
  const row = deps.db.orm
    .select()
    .from(consoleSessions)
    .where(eq(consoleSessions.idHmac, hmac))
    .get();
  if (!row || !sameDigest(row.idHmac, hmac)) return undefined;
  const now = deps.clock.now().getTime();
  const idle = now - row.lastSeenAt >= IDLE_TIMEOUT_MS;
  if (idle || now - row.createdAt >= ABSOLUTE_TIMEOUT_MS) {
    deps.db.orm.delete(consoleSessions).where(eq(consoleSessions.idHmac, hmac)).run();
    return undefined;
  }
  deps.db.orm
    .update(consoleSessions)
    .set({ lastSeenAt: now })
    .where(eq(consoleSessions.idHmac, hmac))
    .run();
  const { actor, userEmail, userId } = row;
  return { actor, userEmail, userId, csrf: csrfToken(deps.pepper, id) };
}

/** Ends the session a cookie names (sign-out). Unknown ids are ignored. */
export function endSession(deps: SessionDeps, id: string): void {
  if (!SESSION_ID.test(id)) return;
  const hmac = sessionHmac(deps.pepper, id);
  deps.db.orm.delete(consoleSessions).where(eq(consoleSessions.idHmac, hmac)).run();
}
