import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar.js';

/**
 * Drives the demo IdP's pages with plain fetch and a cookie jar, the way a browser would, so
 * tests can sign in without one. Test support only.
 */

/** A fresh PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** One form of a page: where it posts and the values it already carries. */
export interface ParsedForm {
  action: URL;
  fields: Record<string, string>;
}

/** Reads the form with `id` (or the first form) of `html`: its action and its inputs' values. */
export function parseForm(html: string, pageUrl: URL, id?: string): ParsedForm {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = forms.find((match) => id === undefined || attribute(match[1] ?? '', 'id') === id);
  if (form === undefined) throw new Error(`no form ${id ?? ''} on ${pageUrl.pathname}`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/g)) {
    const name = attribute(input[1] ?? '', 'name');
    if (name !== undefined) fields[name] = attribute(input[1] ?? '', 'value') ?? '';
  }
  const action = attribute(form[1] ?? '', 'action') ?? pageUrl.href;
  return { action: new URL(decodeEntities(action), pageUrl), fields };
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** A page reached in the browser session, or the first redirect that leaves the IdP. */
export type Landing =
  { kind: 'page'; url: URL; status: number; html: string } | { kind: 'left'; url: URL };

/** One browser session at the IdP. */
export class IdpBrowser {
  readonly jar = new CookieJar();

  constructor(readonly issuer: string) {}

  /** GETs `url`, following redirects while they stay at the IdP. */
  open(url: string | URL): Promise<Landing> {
    return this.#follow(new URL(url), { method: 'GET' });
  }

  /** Submits `form` with `values` added, following redirects while they stay at the IdP. */
  submit(form: ParsedForm, values: Record<string, string> = {}): Promise<Landing> {
    const body = new URLSearchParams({ ...form.fields, ...values });
    return this.#follow(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }

  async #follow(start: URL, init: RequestInit): Promise<Landing> {
    let url = start;
    let request = init;
    for (let hop = 0; hop < 20; hop += 1) {
      if (url.origin !== new URL(this.issuer).origin) return { kind: 'left', url };
      const response = await this.#send(url, request);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        return { kind: 'page', url, status: response.status, html: await response.text() };
      }
      url = new URL(location, url);
      request = { method: 'GET' };
    }
    throw new Error('too many redirects');
  }

  async #send(url: URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(url);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }
}
