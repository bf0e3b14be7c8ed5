import {
  ConfigResponse,
  MintResponse,
  PROOF_HEADER,
  RedeemResponse,
  ResultResponse,
  isServerErrorCode,
  type MintRequest,
  type RedeemRequest,
  type ResultRequest,
} from '@latchkey/shared';
import { FlowError } from './flow-error.js';

/** The Latchkey server's HTTP API as the extension uses it. */
export interface ServerClient {
  /** The server URL, normalised without a trailing slash. */
  readonly baseUrl: string;
  config(): Promise<ConfigResponse>;
  mint(body: MintRequest): Promise<MintResponse>;
  redeem(body: RedeemRequest, proof: ProofFor): Promise<RedeemResponse>;
  reportResult(ticketId: string, body: ResultRequest, proof: ProofFor): Promise<ResultResponse>;
  /** The absolute URL of an API path, as proofs must name it. */
  url(path: string): string;
}

/** The part of a zod schema the client needs. */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** Makes the proof header for a request, given its method and absolute URL. */
export type ProofFor = (method: string, url: string) => Promise<string>;

/**
 * A client for one server. Redirects are never followed. A network failure or a redirect becomes
 * `server_unreachable`; an error reply keeps
 * the server's code; a reply that does not match the contract becomes `internal`.
 */
export function createServerClient(fetchFn: typeof fetch, baseUrl: string): ServerClient {
  const url = (path: string) => `${baseUrl}${path}`;

  async function call<T>(
    schema: Schema<T>,
    path: string,
    init: { method?: string; body?: unknown; proof?: ProofFor } = {},
  ): Promise<T> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.proof) headers[PROOF_HEADER] = await init.proof(method, url(path));

    const response = await send(fetchFn, url(path), {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw await replyError(response);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new FlowError('internal', { detail: 'unexpected server reply' });
    return parsed.data;
  }

  return {
    baseUrl,
    url,
    config: () => call(ConfigResponse, '/v1/config'),
    mint: (body) => call(MintResponse, '/v1/tickets', { method: 'POST', body }),
    redeem: (body, proof) =>
      call(RedeemResponse, '/v1/tickets/redeem', { method: 'POST', body, proof }),
    reportResult: (ticketId, body, proof) =>
      call(ResultResponse, `/v1/tickets/${encodeURIComponent(ticketId)}/result`, {
        method: 'POST',
        body,
        proof,
      }),
  };
}

async function send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    // A redirect would resend the code, the verifier, the ticket or a proof to where it points.
    return await fetchFn(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (cause) {
    throw new FlowError('server_unreachable', { cause });
  }
}

async function replyError(response: Response): Promise<FlowError> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: unknown } } | undefined;
  const code = body?.error?.code;
  if (typeof code === 'string' && isServerErrorCode(code)) return new FlowError(code);
  // Not a Latchkey reply (a proxy page, a wrong URL): the server is not where policy says.
  return new FlowError('server_unreachable', { detail: `HTTP ${response.status}` });
}
