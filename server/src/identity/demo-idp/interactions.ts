import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { constantTimeEqual } from '../id-token.js';
import { loginPage, messagePage } from './html.js';
import { INTERACTION_PATH } from './configuration.js';
import type { DemoUser } from './users.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const ROUTE = new RegExp(`^${INTERACTION_PATH}/([A-Za-z0-9_-]+)(?:/(login|abort))?$`);
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Serves the demo IdP's interaction pages: the sign-in form (GET), its submission (POST
 * `/login`), "Cancel" (POST `/abort`, ending the flow with `access_denied`), and automatic
 * consent for whatever the client asked. Returns false for paths it does not own.
 */
export function interactionHandler(provider: Provider, users: readonly DemoUser[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const match = ROUTE.exec(new URL(req.url ?? '/', 'http://idp.invalid').pathname);
    if (match === null) return false;
    const action = match[2];
    try {
      const interaction = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && action === 'abort') await abort(provider, req, res);
      else if (req.method === 'POST' && action === 'login') {
        await login(provider, users, interaction, req, res);
      } else if (req.method === 'GET' && action === undefined) {
        await show(provider, interaction, req, res);
      } else send(res, 405, messagePage('Not allowed', 'This method is not allowed here.'));
    } catch {
      // Mostly an expired or unknown interaction: the browser has to start the sign-in again.
      if (res.headersSent) res.end();
      else send(res, 400, messagePage('Sign-in failed', 'This sign-in has expired. Start again.'));
    }
    return true;
  };
}

async function show(
  provider: Provider,
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (interaction.prompt.name === 'consent') return grantConsent(provider, interaction, req, res);
  send(
    res,
    200,
    loginPage({ action: actionPath(interaction), clientName: clientName(interaction) }),
  );
}

async function login(
  provider: Provider,
  users: readonly DemoUser[],
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const user = findUser(users, form.get('login') ?? '', form.get('password') ?? '');
  if (user === undefined) {
    const page = loginPage({
      action: actionPath(interaction),
      clientName: clientName(interaction),
      login: form.get('login') ?? '',
      error: 'The username or password is wrong.',
    });
    return send(res, 200, page);
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  );
}

async function abort(provider: Provider, req: IncomingMessage, res: ServerResponse) {
  await provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
    { mergeWithLastSubmission: false },
  );
}

/** Consent is implied: grant exactly the scopes and claims the prompt reports missing. */
async function grantConsent(
  provider: Provider,
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant =
    (interaction.grantId === undefined
      ? undefined
      : await provider.Grant.find(interaction.grantId)) ??
    new provider.Grant({
      accountId: interaction.session?.accountId,
      clientId: String(interaction.params['client_id']),
    });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    {
      mergeWithLastSubmission: true,
    },
  );
}

function findUser(users: readonly DemoUser[], login: string, password: string) {
  const user = users.find((candidate) => candidate.login === login);
  if (user === undefined || !constantTimeEqual(user.password, password)) return undefined;
  return user;
}

function actionPath(interaction: Interaction): string {
  return `${INTERACTION_PATH}/${interaction.uid}`;
}

function clientName(interaction: Interaction): string {
  return String(interaction.params['client_id'] ?? 'the application');
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  });
  res.end(html);
}
