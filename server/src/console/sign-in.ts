import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { admitAdmin, auditAdminDenied } from '../admin/auth.js';
import { appendAudit } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { AppError } from '../errors.js';
import type { Principal } from '../identity/types.js';
import type { AppDeps } from '../routes/env.js';
import { SCOPES } from '../routes/public.js';
import { requireCsrf, requireSession, type ConsoleContext, type ConsoleEnv } from './guard.js';
import { html } from './html.js';
import { page } from './layout.js';
import { beginLogin, takeLogin } from './login-state.js';
import { createSession, endSession } from './sessions.js';
import { LOGIN_TIMEOUT_MS, type ConsoleSettings } from './settings.js';

type Enabled = Extract<ConsoleSettings, { enabled: true }>;

function authorizationUrl(
  endpoint: string,
  settings: Enabled,
  clientId: string,
  login: ReturnType<typeof beginLogin>,
) {
  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: settings.redirectUri,
    scope: SCOPES.join(' '),
    state: login.state,
    nonce: login.nonce,
    code_challenge: login.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/** `GET /console/login`: a new pending sign-in, bound to this browser, then off to the IdP. */
function start(deps: AppDeps, settings: Enabled) {
  return async (c: ConsoleContext) => {
    const endpoint = (await deps.identity.metadata()).authorizationEndpoint;
    if (endpoint === undefined) throw new AppError('idp_unavailable', { detail: 'no /authorize' });

    const login = beginLogin(deps);
    // Lax, not Strict: the callback is a navigation that starts at the IdP.
    setCookie(c, settings.loginCookie, login.state, {
      path: '/',
      httpOnly: true,
      secure: settings.secure,
      sameSite: 'Lax',
      maxAge: LOGIN_TIMEOUT_MS / 1000,
    });
    return c.redirect(authorizationUrl(endpoint, settings, deps.config.oidc.clientId, login), 302);
  };
}

function sameState(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function refuse(deps: AppDeps, c: ConsoleContext, reason: string, code: AppError['code']): never {
  auditAdminDenied(deps, reason, c.get('context'));
  throw new AppError(code, { detail: reason });
}

/** Checks the callback's state against this browser's pending sign-in and uses it up. */
function takeState(deps: AppDeps, c: ConsoleContext, settings: Enabled) {
  const state = c.req.query('state') ?? '';
  const bound = getCookie(c, settings.loginCookie) ?? '';
  deleteCookie(c, settings.loginCookie, { path: '/', secure: settings.secure });
  const secrets = sameState(bound, state) ? takeLogin(deps, state) : undefined;
  if (secrets === undefined)
    return refuse(deps, c, 'console_login_state_refused', 'unauthenticated');
  return secrets;
}

async function exchange(deps: AppDeps, c: ConsoleContext, settings: Enabled): Promise<Principal> {
  const secrets = takeState(deps, c, settings);
  const code = c.req.query('code');
  if (c.req.query('error') !== undefined || code === undefined || code === '') {
    return refuse(deps, c, 'console_idp_refused', 'unauthenticated');
  }
  try {
    return await deps.identity.exchangeCode({
      code,
      redirectUri: settings.redirectUri,
      ...secrets,
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') {
      auditAdminDenied(deps, error.code, c.get('context'));
    }
    throw error;
  }
}

function refusalPage(principal: Principal): string {
  return page({
    title: 'Not an administrator',
    notice: {
      kind: 'error',
      code: 'forbidden',
      text:
        `You signed in as ${principal.email ?? principal.sub}, ` +
        'who is not in the Latchkey admin group.',
    },
    body: html`<p>
      Ask your identity team to add you to the admin group, or
      <a href="/console/login">sign in as someone else</a>.
    </p>`,
  });
}

function openSession(deps: AppDeps, c: ConsoleContext, principal: Principal, actor: string) {
  return immediate(deps.db, () => {
    const id = createSession(deps, principal, actor);
    appendAudit(deps.db, deps.clock, {
      type: 'admin.signed_in',
      outcome: 'success',
      actor,
      user: {
        email: principal.email?.toLowerCase() ?? null,
        id: `${principal.iss}|${principal.sub}`,
      },
      details: { via: 'console' },
      context: c.get('context'),
    });
    return id;
  });
}

/** `GET /console/callback`: state, code exchange, ID token, admin group, then a session. */
function callback(deps: AppDeps, settings: Enabled) {
  const authDeps = { ...deps, adminGroup: deps.config.adminGroup };
  return async (c: ConsoleContext) => {
    const principal = await exchange(deps, c, settings);

    let actor: string;
    try {
      actor = admitAdmin(authDeps, principal, c.get('context'));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'forbidden') throw error;
      c.set('errorCode', error.code);
      return c.html(refusalPage(principal), 403);
    }
    c.set('actor', actor);

    const id = openSession(deps, c, principal, actor);
    setCookie(c, settings.sessionCookie, id, {
      path: '/',
      httpOnly: true,
      secure: settings.secure,
      sameSite: 'Strict',
    });
    // A page, not a redirect: the browser then asks for the console from the console's own
    // origin, so it sends the SameSite=Strict cookie it has just been given.
    return c.html(
      page({
        title: 'Signed in',
        head: html`<meta http-equiv="refresh" content="0;url=/console/audit" />`,
        body: html`<p><a href="/console/audit">Continue to the console</a></p>`,
      }),
      200,
    );
  };
}

/** `POST /console/logout`: ends the session, audited, and forgets the cookie. */
function logout(deps: AppDeps, settings: Enabled) {
  return (c: ConsoleContext) => {
    const id = getCookie(c, settings.sessionCookie) ?? '';
    const session = c.get('session');

    immediate(deps.db, () => {
      endSession(deps, id);
      appendAudit(deps.db, deps.clock, {
        type: 'admin.signed_out',
        outcome: 'success',
        actor: session?.actor ?? null,
        details: { via: 'console' },
        context: c.get('context'),
      });
    });
    deleteCookie(c, settings.sessionCookie, { path: '/', secure: settings.secure });
    return c.redirect('/console/signed-out', 303);
  };
}

/** Sign-in, callback, sign-out and the signed-out page. */
export function signInRoutes(deps: AppDeps, settings: Enabled): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>()
    .get('/login', start(deps, settings))
    .get('/callback', callback(deps, settings))
    .post(
      '/logout',
      requireSession(deps, settings),
      requireCsrf(deps, settings),
      logout(deps, settings),
    )
    .get('/signed-out', (c) =>
      c.html(
        page({
          title: 'Signed out',
          body: html`<p>
            Your console session has ended. <a href="/console/login">Sign in again</a>
          </p>`,
        }),
        200,
      ),
    );
}
