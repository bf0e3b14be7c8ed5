import {
  ConfigResponse,
  MintResponse,
  PROOF_HEADER,
  RedeemResponse,
  ResultResponse,
  createProof,
  type DeviceKey,
  type MintRequest,
  type RedeemRequest,
  type ResultRequest,
} from '@latchkey/shared';
import type { z } from 'zod';
import { HelperError } from '../errors.js';
import { apiUrl } from './server-url.js';

/** The server calls the helper makes, over a `fetch` passed in. */
export interface ServerApi {
  config(): Promise<ConfigResponse>;
  redeem(body: RedeemRequest): Promise<RedeemResponse>;
  report(ticketId: string, body: ResultRequest): Promise<ResultResponse>;
  mint(idToken: string, body: MintRequest): Promise<MintResponse>;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A client for the Latchkey server's v1 API. Redemption and the result report each carry a fresh
 * `Latchkey-Proof` signed by the device key. Redirects are never followed. Network failures and
 * redirects become `server_unreachable`;
 * refusals become `redeem_refused` with the server's own code in `serverCode`.
 */
export function serverApi(serverUrl: string, key: DeviceKey, fetchImpl: typeof fetch): ServerApi {
  const call = async <T>(path: string, schema: z.ZodType<T>, init: RequestInit): Promise<T> => {
    const url = apiUrl(serverUrl, path);
    let response: Response;
    try {
      // A redirect would resend the ticket, the proof or the ID token to wherever it points.
      response = await fetchImpl(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new HelperError('server_unreachable', { cause: error });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw refusal(response.status, body);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new HelperError('internal', {
        message: 'The server sent a reply the helper cannot read.',
      });
    return parsed.data;
  };
  const proven = async <T>(
    path: string,
    schema: z.ZodType<T>,
    ticket: string,
    body: unknown,
  ): Promise<T> => {
    const proof = await createProof(key, { method: 'POST', url: apiUrl(serverUrl, path), ticket });
    return call(path, schema, {
      method: 'POST',
      headers: jsonHeaders({ [PROOF_HEADER]: proof }),
      body: JSON.stringify(body),
    });
  };
  return {
    config: () => call('v1/config', ConfigResponse, { method: 'GET' }),
    redeem: (body) => proven('v1/tickets/redeem', RedeemResponse, body.ticket, body),
    report: (ticketId, body) =>
      proven(
        `v1/tickets/${encodeURIComponent(ticketId)}/result`,
        ResultResponse,
        body.ticket,
        body,
      ),
    mint: (idToken, body) =>
      call('v1/tickets', MintResponse, {
        method: 'POST',
        headers: jsonHeaders({ authorization: `Bearer ${idToken}` }),
        body: JSON.stringify(body),
      }),
  };
}

function jsonHeaders(extra: Record<string, string>): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', ...extra };
}

function refusal(status: number, body: unknown): HelperError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const serverCode = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message.slice(0, 300) : undefined;
  return new HelperError('redeem_refused', { serverCode, ...(message ? { message } : {}) });
}
