import { IdpBrowser, parseForm, type Landing } from './sign-in-driver.js';

/** An Authorization Code request as the extension sends it. */
export interface AuthorizationRequest {
  issuer: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  /** Default `openid email profile groups`. */
  scope?: string;
  nonce?: string;
  state?: string;
}

/** Who answers the sign-in page: a user's credentials, or "Cancel". */
export type SignInAnswer = { login: string; password: string } | 'cancel';

/** The authorization URL of `request` at the demo IdP (its authorization endpoint is `/auth`). */
export function authorizationUrl(request: AuthorizationRequest): URL {
  const url = new URL('/auth', request.issuer);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope ?? 'openid email profile groups',
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    ...(request.state === undefined ? {} : { state: request.state }),
  }).toString();
  return url;
}

/**
 * Runs the browser part of the Authorization Code flow at the demo IdP: opens the authorization
 * URL, answers the sign-in page, follows the redirects, and returns the URL the IdP finally sent
 * the browser to (the redirect URI with `code` or `error`). Throws when the flow stops at a page.
 */
export async function authorizeAtDemoIdp(
  request: AuthorizationRequest,
  answer: SignInAnswer,
): Promise<URL> {
  const browser = new IdpBrowser(request.issuer);
  const signIn = expectPage(await browser.open(authorizationUrl(request)));
  const landing = await answerSignIn(browser, signIn, answer);
  if (landing.kind === 'left') return landing.url;
  throw new Error(`the flow stopped at ${landing.url.pathname} with status ${landing.status}`);
}

/** Answers a sign-in page: submits the credentials, or presses "Cancel". */
export function answerSignIn(
  browser: IdpBrowser,
  signIn: Extract<Landing, { kind: 'page' }>,
  answer: SignInAnswer,
): Promise<Landing> {
  const form = parseForm(signIn.html, signIn.url);
  if (answer !== 'cancel') return browser.submit(form, answer);
  const cancel = /formaction="([^"]+)"/.exec(signIn.html)?.[1];
  if (cancel === undefined) throw new Error('the sign-in page has no Cancel button');
  return browser.submit({ action: new URL(cancel, signIn.url), fields: {} });
}

/**
 * Approves a device authorization (RFC 8628) as its user would: opens the verification page,
 * enters the user code, confirms, signs in, and returns the last page (the success page).
 */
export async function approveDeviceAtDemoIdp(options: {
  issuer: string;
  verificationUri: string;
  userCode: string;
  login: string;
  password: string;
}): Promise<Extract<Landing, { kind: 'page' }>> {
  const browser = new IdpBrowser(options.issuer);
  const input = expectPage(await browser.open(options.verificationUri));
  const inputForm = parseForm(input.html, input.url, 'op.deviceInputForm');
  const confirm = expectPage(await browser.submit(inputForm, { user_code: options.userCode }));
  const confirmForm = parseForm(confirm.html, confirm.url, 'op.deviceConfirmForm');
  const signIn = expectPage(await browser.submit(confirmForm));
  const { login, password } = options;
  return expectPage(await answerSignIn(browser, signIn, { login, password }));
}

function expectPage(landing: Landing): Extract<Landing, { kind: 'page' }> {
  if (landing.kind === 'page') return landing;
  throw new Error(`expected a page at the IdP, was sent to ${landing.url.origin}`);
}
