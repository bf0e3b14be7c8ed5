import { z } from 'zod';
import type { ConfigResponse } from '@latchkey/shared';
import { HelperError } from '../errors.js';
import { isSafeServerUrl } from './server-url.js';

/** Why a device sign-in ended without a token (RFC 8628 section 3.5), or the IdP's own code. */
export class DeviceFlowError extends Error {
  constructor(
    readonly code: 'access_denied' | 'expired_token' | 'idp_error' | 'not_supported',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceFlowError';
  }
}

const Discovery = z.object({
  token_endpoint: z.string().url(),
  device_authorization_endpoint: z.string().url().optional(),
});
const Authorization = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string().optional(),
  expires_in: z.number(),
  interval: z.number().optional(),
});
const TokenReply = z.object({ id_token: z.string() });

/**
 * What the device flow needs: the IdP facts from `/v1/config`, HTTP, a clock, and a place to
 * tell the person.
 */
export interface DeviceFlowDeps {
  config: ConfigResponse;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Shows the person where to go and what code to enter. */
  prompt: (verificationUri: string, userCode: string, completeUri?: string) => void;
}

const SLOW_DOWN_STEP_S = 5;

/**
 * OAuth 2.0 Device Authorization Grant (RFC 8628) against the server's IdP: asks for a user
 * code, shows it, and polls the token endpoint at the given interval (plus 5 s on each
 * `slow_down`) until the person approves, declines (`access_denied`) or the code expires.
 *
 * @returns the ID token; it is passed to the server once and never stored or printed.
 */
export async function deviceSignIn(deps: DeviceFlowDeps): Promise<string> {
  const { config } = deps;
  const discovery = await getJson(
    deps,
    `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    Discovery,
  );
  const endpoint = config.deviceAuthorizationEndpoint ?? discovery.device_authorization_endpoint;
  if (!endpoint)
    throw new DeviceFlowError(
      'not_supported',
      'The identity provider does not offer device sign-in.',
    );
  const scope = config.scopes.length > 0 ? config.scopes.join(' ') : 'openid email';
  const authorization = await postForm(
    deps,
    endpoint,
    { client_id: config.clientId, scope },
    Authorization,
  );
  deps.prompt(
    authorization.verification_uri,
    authorization.user_code,
    authorization.verification_uri_complete,
  );
  return poll(deps, discovery.token_endpoint, authorization);
}

async function poll(
  deps: DeviceFlowDeps,
  tokenEndpoint: string,
  authorization: z.infer<typeof Authorization>,
): Promise<string> {
  const deadline = deps.now() + authorization.expires_in * 1000;
  let intervalS = authorization.interval ?? 5;
  for (;;) {
    await deps.sleep(intervalS * 1000);
    if (deps.now() >= deadline)
      throw new DeviceFlowError('expired_token', 'The sign-in code expired; start again.');
    const reply = await tokenRequest(deps, tokenEndpoint, authorization.device_code);
    if ('idToken' in reply) return reply.idToken;
    if (reply.error === 'authorization_pending') continue;
    if (reply.error === 'slow_down') {
      intervalS += SLOW_DOWN_STEP_S;
      continue;
    }
    if (reply.error === 'access_denied')
      throw new DeviceFlowError('access_denied', 'The sign-in was declined.');
    if (reply.error === 'expired_token')
      throw new DeviceFlowError('expired_token', 'The sign-in code expired; start again.');
    throw new DeviceFlowError(
      'idp_error',
      `The identity provider refused the sign-in (${reply.error}).`,
    );
  }
}

async function tokenRequest(
  deps: DeviceFlowDeps,
  endpoint: string,
  deviceCode: string,
): Promise<{ idToken: string } | { error: string }> {
  const response = await send(deps, endpoint, {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    device_code: deviceCode,
    client_id: deps.config.clientId,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  if (response.ok) {
    const parsed = TokenReply.safeParse(body);
    if (parsed.success) return { idToken: parsed.data.id_token };
    throw new DeviceFlowError(
      'idp_error',
      'The identity provider returned no ID token; is the openid scope allowed?',
    );
  }
  return {
    error: typeof body.error === 'string' ? body.error.slice(0, 64) : `http_${response.status}`,
  };
}

async function getJson<T>(deps: DeviceFlowDeps, url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await reach(deps, url, {
    method: 'GET',
    headers: { accept: 'application/json' },
  });
  return readReply(response, schema);
}

async function postForm<T>(
  deps: DeviceFlowDeps,
  url: string,
  form: Record<string, string>,
  schema: z.ZodType<T>,
): Promise<T> {
  return readReply(await send(deps, url, form), schema);
}

function send(deps: DeviceFlowDeps, url: string, form: Record<string, string>): Promise<Response> {
  return reach(deps, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
}

async function reach(deps: DeviceFlowDeps, url: string, init: RequestInit): Promise<Response> {
  if (!isSafeServerUrl(url))
    throw new DeviceFlowError('idp_error', `The identity provider address ${url} must use https.`);
  try {
    return await deps.fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new HelperError('server_unreachable', {
      message: 'The identity provider could not be reached.',
      cause: error,
    });
  }
}

async function readReply<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (response.ok && parsed.success) return parsed.data;
  const code = (body as { error?: unknown } | undefined)?.error;
  const reason = typeof code === 'string' ? code.slice(0, 64) : response.status;
  throw new DeviceFlowError('idp_error', `The identity provider refused the request (${reason}).`);
}
