import { AppError } from '../errors.js';

/** The subset of `fetch` the identity layer uses; tests and callers may inject their own. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** How long one request to the IdP may take before it counts as unreachable. */
export const IDP_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends one request to the IdP. A network failure or a timeout becomes `idp_unavailable`. The
 * detail names only what was asked for (`what`), never the URL's query or the request body.
 */
export async function idpRequest(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  what: string,
): Promise<Response> {
  try {
    return await fetchImpl(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(IDP_REQUEST_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new AppError('idp_unavailable', { detail: `${what}: request failed`, cause });
  }
}

/** GETs a JSON document; anything but a 2xx with a JSON object body is `idp_unavailable`. */
export async function fetchIdpJson(
  fetchImpl: FetchLike,
  url: string,
  what: string,
): Promise<Record<string, unknown>> {
  const response = await idpRequest(
    fetchImpl,
    url,
    { headers: { accept: 'application/json' } },
    what,
  );
  if (!response.ok) {
    throw new AppError('idp_unavailable', { detail: `${what}: HTTP ${response.status}` });
  }
  return readJsonObject(response, what);
}

/** Reads a JSON object body; a body that is not one is `idp_unavailable`. */
export async function readJsonObject(
  response: Response,
  what: string,
): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // The parser's message quotes the body, which may hold tokens: keep it out of the error.
    throw new AppError('idp_unavailable', { detail: `${what}: body is not JSON` });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('idp_unavailable', { detail: `${what}: body is not a JSON object` });
  }
  return body as Record<string, unknown>;
}
