import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { systemClock } from '../clock.js';
import { CookieJar } from '../identity/demo-idp/cookie-jar.js';
import { answerSignIn } from '../identity/demo-idp/demo-sign-in.js';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  IdpBrowser,
  startDemoIdp,
  type DemoIdp,
} from '../identity/demo-idp/index.js';
import { createOidcIdentity } from '../identity/index.js';
import { testContext, type TestContext } from '../testing/fixtures.js';

/** The console's address in tests: the default listen address, as a browser would see it. */
export const CONSOLE_BASE = 'http://127.0.0.1:8787';
/** An https public URL, for the cookie rules that only hold there. */
export const HTTPS_BASE = 'https://latchkey.test';
export const CONSOLE_CLIENT_ID = 'latchkey-console-test';

/** Starts the demo IdP with one public client that may return to either console address. */
export function startConsoleIdp(): Promise<DemoIdp> {
  return startDemoIdp({
    clients: [
      {
        clientId: CONSOLE_CLIENT_ID,
        redirectUris: [`${CONSOLE_BASE}/console/callback`, `${HTTPS_BASE}/console/callback`],
      },
    ],
    users: Object.values(DEMO_USERS),
  });
}

/** The real app on a fresh database, signing in against `idp`, admins in `latchkey-admins`. */
export function consoleContext(idp: DemoIdp, env: Record<string, string> = {}): TestContext {
  const identity = createOidcIdentity({
    issuer: idp.issuer,
    clientId: CONSOLE_CLIENT_ID,
    clock: systemClock,
  });
  return testContext({
    identity,
    env: {
      LATCHKEY_OIDC_ISSUER: idp.issuer,
      LATCHKEY_OIDC_CLIENT_ID: CONSOLE_CLIENT_ID,
      LATCHKEY_ALLOWED_GROUPS: 'netskope-enrollers',
      LATCHKEY_ADMIN_GROUP: 'latchkey-admins',
      ...env,
    },
  });
}

/** What a console sign-in ended with. */
export interface SignedIn {
  /** The reply to the callback. */
  response: Response;
  /** The callback URL the IdP sent the browser to (path and query). */
  callback: string;
}

/**
 * One admin's browser against the console through `app.request()`: a cookie jar, the
 * console's own `Origin` on POSTs, and a sign-in driven through the real demo IdP's pages.
 */
export class ConsoleBrowser {
  readonly jar = new CookieJar();

  constructor(
    readonly ctx: TestContext,
    readonly idp: DemoIdp,
    readonly base: string = CONSOLE_BASE,
  ) {}

  async get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a form; `origin` defaults to the console's own. */
  async post(
    path: string,
    form: Record<string, string>,
    origin?: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    const sent = origin === undefined ? new URL(this.base).origin : origin;
    if (sent !== null) headers['origin'] = sent;
    return this.send(path, { method: 'POST', headers, body: new URLSearchParams(form) });
  }

  async send(path: string, init: RequestInit): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(url);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await this.ctx.app.request(url.href, { ...init, headers });
    this.jar.store(response);
    return response;
  }

  /** Starts the console sign-in and answers the IdP's page; stops before the callback. */
  async authorize(login: string): Promise<string> {
    const started = await this.get('/console/login');
    expect(started.status).toBe(302);
    const browser = new IdpBrowser(this.idp.issuer);
    const signIn = await browser.open(started.headers.get('location') ?? '');
    if (signIn.kind !== 'page') throw new Error('the IdP showed no sign-in page');
    const landed = await answerSignIn(browser, signIn, { login, password: DEMO_PASSWORD });
    if (landed.kind !== 'left') throw new Error(`the IdP stopped at ${landed.url.pathname}`);
    return landed.url.pathname + landed.url.search;
  }

  /** Signs in as a demo user and returns the callback's reply. */
  async signIn(login: string): Promise<SignedIn> {
    const callback = await this.authorize(login);
    return { response: await this.get(callback), callback };
  }

  /** The CSRF token on the page at `path` (the sign-out form always carries it). */
  async csrf(path = '/console/audit'): Promise<string> {
    const page = await (await this.get(path)).text();
    const token = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${path}`);
    return token;
  }
}

/** The error code a console page shows, or undefined. */
export function pageErrorCode(page: string): string | undefined {
  return /data-error-code="([a-z_]+)"/.exec(page)?.[1];
}

/** A value no form would carry by chance. */
export function forgedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The parts a console test works with; read them inside a test or a hook, not at load time. */
export interface ConsoleSuite {
  /** The demo IdP, one for the whole test file. */
  readonly idp: DemoIdp;
  /** The real app on a fresh database, one per test. */
  readonly ctx: TestContext;
  /** An admin's browser against `ctx`, one per test. */
  readonly admin: ConsoleBrowser;
}

function ready<T>(part: T | undefined): T {
  if (part === undefined) throw new Error('the console test parts exist only inside a test');
  return part;
}

/**
 * Registers a console test file's hooks: the demo IdP for the whole file and, for each test, a
 * fresh {@link consoleContext} with a {@link ConsoleBrowser} signed in as `admin` (unless
 * `signedIn` is false), each closed after its use.
 *
 * @example const suite = useConsole(); // then `suite.admin.get('/console/audit')` in a test
 */
export function useConsole({ signedIn = true }: { signedIn?: boolean } = {}): ConsoleSuite {
  let idp: DemoIdp | undefined;
  let ctx: TestContext | undefined;
  let admin: ConsoleBrowser | undefined;
  beforeAll(async () => {
    idp = await startConsoleIdp();
  });
  afterAll(() => idp?.close());
  beforeEach(async () => {
    ctx = consoleContext(ready(idp));
    admin = new ConsoleBrowser(ctx, ready(idp));
    if (signedIn) await admin.signIn('admin');
  });
  afterEach(() => ctx?.close());
  return {
    get idp() {
      return ready(idp);
    },
    get ctx() {
      return ready(ctx);
    },
    get admin() {
      return ready(admin);
    },
  };
}
