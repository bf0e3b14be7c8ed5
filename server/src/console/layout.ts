import type { AppError } from '../errors.js';
import { html, type SafeHtml } from './html.js';
import type { ConsoleSession } from './sessions.js';

/** The console's sections, in navigation order. */
const SECTIONS = [
  { path: '/console/audit', label: 'Audit' },
  { path: '/console/tickets', label: 'Tickets' },
  { path: '/console/keys', label: 'Admin keys' },
] as const;

/** A short message above a page's content. */
export interface Notice {
  kind: 'ok' | 'error' | 'info';
  text: SafeHtml | string;
  /** The error code, for an error notice. */
  code?: string;
}

export interface PageInput {
  title: string;
  /** Which navigation entry is the current page. */
  current?: string;
  session?: ConsoleSession | undefined;
  notice?: Notice | undefined;
  body: SafeHtml;
  /** Extra `<head>` markup, e.g. a meta refresh. */
  head?: SafeHtml;
}

function header(session: ConsoleSession | undefined, current: string | undefined): SafeHtml {
  if (session === undefined) return html`<header><p class="brand">Latchkey console</p></header>`;
  const links = SECTIONS.map(
    ({ path, label }) =>
      html`<li>
        <a href="${path}" ${path === current ? html`aria-current="page"` : ''}>${label}</a>
      </li>`,
  );
  return html`<header>
    <p class="brand">Latchkey console</p>
    <nav aria-label="Console sections">
      <ul>
        ${links}
      </ul>
    </nav>
    <form method="post" action="/console/logout">
      <input type="hidden" name="csrf" value="${session.csrf}" />
      <span>Signed in as ${session.userEmail ?? session.userId}</span>
      <button type="submit">Sign out</button>
    </form>
  </header>`;
}

/** Renders one notice; errors are announced at once (`role="alert"`), the rest politely. */
export function notice(input: Notice | undefined): SafeHtml {
  if (input === undefined) return html``;
  const role = input.kind === 'error' ? 'alert' : 'status';
  const code = input.code ? html` <span class="hint">(code <code>${input.code}</code>)</span>` : '';
  return html`<div
    class="notice ${input.kind}"
    role="${role}"
    ${input.code ? html`data-error-code="${input.code}"` : ''}
  >
    <p>${input.text}${code}</p>
  </div>`;
}

/** A whole console page: one stylesheet, no script, a skip link, the navigation when signed in. */
export function page(input: PageInput): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${input.title} · Latchkey console</title>
        <link rel="stylesheet" href="/console/style.css" />
        ${input.head}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        ${header(input.session, input.current)}
        <main id="main">
          <h1>${input.title}</h1>
          ${notice(input.notice)} ${input.body}
        </main>
      </body>
    </html> `.value;
}

/** The page for a refused console action: the error's public message and its code. */
export function errorPage(error: AppError, session: ConsoleSession | undefined): string {
  const signIn =
    error.code === 'unauthenticated' || session === undefined
      ? html`<p><a href="/console/login">Sign in</a></p>`
      : html`<p><a href="/console/audit">Back to the console</a></p>`;
  return page({
    title: 'That did not work',
    session,
    notice: { kind: 'error', text: error.message, code: error.code },
    body: signIn,
  });
}
