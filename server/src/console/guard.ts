import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { auditAdminDenied } from '../admin/auth.js';
import { AppError } from '../errors.js';
import type { AppDeps, AppEnv } from '../routes/env.js';
import { sameCsrf, useSession, type ConsoleSession } from './sessions.js';
import type { ConsoleSettings } from './settings.js';

/** Hono's per-request variables inside the console: the API's, plus the session once known. */
export interface ConsoleEnv {
  Variables: AppEnv['Variables'] & { session: ConsoleSession | undefined };
}

export type ConsoleContext = Context<ConsoleEnv>;

type Enabled = Extract<ConsoleSettings, { enabled: true }>;

/** The console's content security policy: no script at all, styles from the server only. */
export const CONSOLE_CSP =
  "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
  "base-uri 'none'";

/**
 * Headers on every console reply: the CSP, no caching, no sniffing, no framing, no paths in
 * referrers.
 */
export function securityHeaders(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CONSOLE_CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    // Never a path in a Referer; and not `no-referrer`, under which browsers send
    // `Origin: null` with a form, which the CSRF guard would refuse.
    c.res.headers.set('Referrer-Policy', 'strict-origin');
    c.res.headers.set('X-Frame-Options', 'DENY');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

/**
 * Lets only requests with a live session through and records the admin as the actor. Without
 * one, a page request is sent to sign in and anything else is refused with `unauthenticated`.
 */
export function requireSession(deps: AppDeps, settings: Enabled): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = useSession(deps, getCookie(c, settings.sessionCookie));
    if (session === undefined) {
      if (getCookie(c, settings.sessionCookie) !== undefined) {
        deleteCookie(c, settings.sessionCookie, { path: '/', secure: settings.secure });
      }
      if (c.req.method === 'GET') return c.redirect('/console/login', 303);
      throw new AppError('unauthenticated', { detail: 'no console session' });
    }
    c.set('session', session);
    c.set('actor', session.actor);
    await next();
  };
}

function refuse(deps: AppDeps, c: ConsoleContext, reason: string): never {
  auditAdminDenied(deps, reason, c.get('context'), c.get('session')?.actor ?? null);
  throw new AppError('forbidden', { detail: reason });
}

/**
 * Guards every state-changing console request (after {@link requireSession}): the `Origin`
 * must be the console's own (and `Sec-Fetch-Site`, when sent, `same-origin`), and the form's
 * `csrf` field must equal the session's token, compared in constant time. A refusal is
 * `forbidden`, audited as `admin.denied`, and changes nothing else.
 */
export function requireCsrf(deps: AppDeps, settings: Enabled): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    if (c.req.header('origin') !== settings.origin || (site && site !== 'same-origin')) {
      refuse(deps, c, 'console_origin_refused');
    }
    const form = await formOf(c);
    const session = c.get('session');
    if (session === undefined || !sameCsrf(session.csrf, form['csrf'] ?? '')) {
      refuse(deps, c, 'console_csrf_refused');
    }
    await next();
  };
}

/** The request's url-encoded form as plain strings (files are dropped). */
export async function formOf(c: ConsoleContext): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AppError('bad_request', { message: 'The form could not be read.' });
  }
  const body = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') form[name] = value.trim();
  }
  return form;
}

/** The two guards a console route mounts: `session` on every page, `csrf` too on every form. */
export interface ConsoleGuards {
  session: MiddlewareHandler<ConsoleEnv>;
  csrf: MiddlewareHandler<ConsoleEnv>;
}

/** Builds {@link requireSession} and {@link requireCsrf} once for all console routes. */
export function consoleGuards(deps: AppDeps, settings: Enabled): ConsoleGuards {
  return { session: requireSession(deps, settings), csrf: requireCsrf(deps, settings) };
}
