import {
  generateDeviceKey,
  type ConfigResponse,
  type DeviceKey,
  type NetskopeState,
} from '@latchkey/shared';
import { readPolicy } from '../lib/policy.js';
import type { FlowDeps } from './flow.js';
import type { ConnectNative, NativeChannel } from './native.js';

/** Fixtures for the background tests: a fake server and IdP behind `fetch`, a scripted helper. */

export const SERVER = 'https://latchkey.test';
export const ISSUER = 'https://idp.test';
export const REDIRECT_URI = 'https://blhigabkoiaiikkjiiciomkhdmmlekoj.chromiumapp.org/';
export const TICKET = 'lkt_0123456789abcdefghijABCDEFGH';
export const TICKET_ID = 'tid_0123456789abcdefghij';
export const AUTH_CODE = 'authorization-code-from-the-idp';
export const HELPER_JKT = 'A'.repeat(43);

export const CONFIG: ConfigResponse = {
  issuer: ISSUER,
  clientId: 'latchkey-extension',
  scopes: ['openid', 'email', 'profile', 'groups'],
  modes: ['idp', 'upn'],
  defaultMode: 'idp',
  chromeos: { enrollUrlTemplate: 'https://nsauth-{tenant}.{domain}/enroll?email={email}' },
  helper: { hostName: 'dev.latchkey.helper', downloadUrl: 'https://latchkey.test/helper' },
};

export const NETSKOPE_UNENROLLED: NetskopeState = {
  status: 'unenrolled',
  installed: true,
  version: '123.0.0',
  enrolled: false,
  explanation: 'The Netskope Client is installed but not enrolled.',
};

export const NETSKOPE_ENROLLED: NetskopeState = {
  ...NETSKOPE_UNENROLLED,
  status: 'enrolled',
  enrolled: true,
  userEmail: 'ada@example.com',
  explanation: 'The Netskope Client is enrolled as ada@example.com.',
};

/** One recorded HTTP request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Route = (request: SeenRequest) => Response | Promise<Response>;

/** A JSON reply. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The server's error reply for a code. */
export function errorReply(status: number, code: string): Response {
  return json(status, { error: { code, message: 'refused', requestId: 'req_1' } });
}

function defaultRoutes(): Record<string, Route> {
  return {
    [`GET ${ISSUER}/.well-known/openid-configuration`]: () =>
      json(200, { issuer: ISSUER, authorization_endpoint: `${ISSUER}/auth` }),
    [`GET ${SERVER}/v1/config`]: () => json(200, CONFIG),
    [`POST ${SERVER}/v1/tickets`]: () =>
      json(201, {
        ticket: TICKET,
        ticketId: TICKET_ID,
        expiresAt: '2099-01-01T00:00:00.000Z',
        correlationId: 'cor_1',
      }),
    [`POST ${SERVER}/v1/tickets/redeem`]: () =>
      json(200, {
        ticketId: TICKET_ID,
        correlationId: 'cor_1',
        mode: 'idp',
        platform: 'cros',
        user: { email: 'ada@example.com' },
        material: {
          tenant: 'acme',
          domain: 'goskope.com',
          enrollUrl: 'https://nsauth-acme.goskope.com/enroll?email=ada%40example.com',
        },
        released: ['tenant', 'domain', 'enrollUrl'],
      }),
    [`POST ${SERVER}/v1/tickets/${TICKET_ID}/result`]: () =>
      json(200, { ticketId: TICKET_ID, status: 'handed-off' }),
  };
}

/** What a scripted helper can do on its channel. */
export interface HelperSide {
  reply(message: unknown): void;
  disconnect(error?: string): void;
}

/** Scripts the helper: called with each request the extension posts. */
export type HelperScript = (request: Record<string, unknown>, side: HelperSide) => void;

/** A helper that says hello, reports every step and enrolls. */
export const happyHelper: HelperScript = (request, side) => {
  const id = request.id;
  if (request.type === 'hello') {
    side.reply({
      type: 'hello',
      id,
      jkt: HELPER_JKT,
      platform: 'linux',
      helperVersion: '0.1.0',
      netskope: NETSKOPE_UNENROLLED,
    });
    return;
  }
  for (const step of ['redeeming', 'installing', 'verifying', 'reporting']) {
    side.reply({ type: 'progress', id, step });
  }
  side.reply({
    type: 'done',
    id,
    ticketId: TICKET_ID,
    resultStatus: 'confirmed',
    netskope: NETSKOPE_ENROLLED,
  });
};

/** A native connector whose helper follows `script`; records every request. */
export function fakeNative(script: HelperScript) {
  const requests: Record<string, unknown>[] = [];
  let open = 0;
  const connect: ConnectNative = () => {
    const onMessage: ((message: unknown) => void)[] = [];
    const onDisconnect: ((error: string | undefined) => void)[] = [];
    let closed = false;
    open += 1;
    const side: HelperSide = {
      reply: (message) => !closed && onMessage.forEach((listener) => listener(message)),
      disconnect: (error) => !closed && onDisconnect.forEach((listener) => listener(error)),
    };
    const channel: NativeChannel = {
      post(message) {
        requests.push(message as Record<string, unknown>);
        queueMicrotask(() => script(message as Record<string, unknown>, side));
      },
      onMessage: (listener) => onMessage.push(listener),
      onDisconnect: (listener) => onDisconnect.push(listener),
      close() {
        if (!closed) open -= 1;
        closed = true;
      },
    };
    return channel;
  };
  return { connect, requests, openChannels: () => open };
}

/** A storage area kept in a Map. */
export function fakeStorage() {
  const items = new Map<string, unknown>();
  return {
    items,
    async get(keys: string[]) {
      return Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, items.get(k)]));
    },
    async set(values: Record<string, unknown>) {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
    },
    async remove(keys: string | string[]) {
      for (const key of Array.isArray(keys) ? keys : [keys]) items.delete(key);
    },
  };
}

/** The IdP's redirect for an authorization URL: the code with the same state and issuer. */
export function approve(url: string): string {
  const state = new URL(url).searchParams.get('state') ?? '';
  const query = `code=${AUTH_CODE}&state=${encodeURIComponent(state)}`;
  return `${REDIRECT_URI}?${query}&iss=${encodeURIComponent(ISSUER)}`;
}

/** A whole fake world for one flow run, with every part replaceable. */
export async function fakeWorld(options: { os?: string; script?: HelperScript } = {}) {
  const routes = defaultRoutes();
  const seen: SeenRequest[] = [];
  const managed = fakeStorage();
  const local = fakeStorage();
  const session = fakeStorage();
  const native = fakeNative(options.script ?? happyHelper);
  const key: DeviceKey = await generateDeviceKey(false);
  const authorizationUrls: string[] = [];
  const openedTabs: string[] = [];
  await local.set({ serverUrl: SERVER });

  const world = {
    routes,
    seen,
    managed,
    local,
    session,
    native,
    key,
    authorizationUrls,
    openedTabs,
    launch: (url: string): Promise<string> => Promise.resolve(approve(url)),
    deps: undefined as unknown as FlowDeps,
  };

  world.deps = {
    readPolicy: () => readPolicy({ managed: managed.get, local: local.get }),
    platformOs: async () => options.os ?? 'linux',
    fetch: async (input, init) => {
      const request = await record(input, init);
      seen.push(request);
      const route = routes[`${request.method} ${request.url}`];
      return route ? route(request) : json(404, { error: { code: 'not_found' } });
    },
    launchWebAuthFlow: (url) => {
      authorizationUrls.push(url);
      return world.launch(url);
    },
    redirectUri: REDIRECT_URI,
    session,
    connectNative: native.connect,
    keyStore: { load: async () => key },
    openTab: async (url) => {
      openedTabs.push(url);
    },
    extensionVersion: '0.1.0',
  };
  return world;
}

async function record(input: RequestInfo | URL, init?: RequestInit): Promise<SeenRequest> {
  const url = String(input);
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
  return { method: init?.method ?? 'GET', url, headers, body };
}
