import { Hono } from 'hono';
import { AdminMintRequest, TicketId, type MintResponse } from '@latchkey/shared';
import { mintForUser } from '../admin/mint-for-user.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../routes/env.js';
import { revokeTicket, revokeUserTickets } from '../tickets/revoke.js';
import { formOf, type ConsoleContext, type ConsoleEnv, type ConsoleGuards } from './guard.js';
import { html, type SafeHtml } from './html.js';
import { page, type Notice } from './layout.js';
import { listingOf, outstandingSection, type Listing } from './ticket-list.js';

const MAX_USER_LENGTH = 512;

function csrfField(c: ConsoleContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${c.get('session')?.csrf ?? ''}" />`;
}

function field(id: string, label: string, input: SafeHtml, hint?: string): SafeHtml {
  return html`<div class="field">
    <label for="${id}">${label}</label>${input}
    ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}
  </div>`;
}

const MINT_EMAIL_INPUT = html`<input
  id="mint-email"
  name="email"
  type="email"
  required
  autocomplete="off"
/>`;
const MINT_NOTE_INPUT = html`<input id="mint-note" name="note" maxlength="500" />`;
const REVOKE_ID_INPUT = html`<input
  id="revoke-id"
  name="ticketId"
  required
  autocomplete="off"
  aria-describedby="revoke-id-hint"
/>`;
const REVOKE_REASON_INPUT = html`<input id="revoke-reason" name="reason" maxlength="200" />`;
const REVOKE_USER_INPUT = html`<input
  id="revoke-user"
  name="user"
  required
  autocomplete="off"
  aria-describedby="revoke-user-hint"
/>`;
const REVOKE_USER_REASON_INPUT = html`<input
  id="revoke-user-reason"
  name="reason"
  maxlength="200"
/>`;

function forms(deps: AppDeps, c: ConsoleContext): SafeHtml {
  const cap = deps.config.adminTicketTtlSeconds;
  const ttlInput = html`<input
    id="mint-ttl"
    name="ttl"
    type="number"
    min="1"
    max="${cap}"
    inputmode="numeric"
    aria-describedby="mint-ttl-hint"
  />`;
  const ttlHint = `Default and maximum ${cap}.`;
  return html`<h2>Mint a ticket for a user</h2>
    <form method="post" action="/console/tickets">
      <fieldset>
        <legend>New ticket</legend>
        ${csrfField(c)}
        <div class="fields">
          ${field('mint-email', 'Email', MINT_EMAIL_INPUT)}
          ${field('mint-ttl', 'Lifetime in seconds (optional)', ttlInput, ttlHint)}
          ${field('mint-note', 'Note (optional)', MINT_NOTE_INPUT)}
        </div>
        <div class="actions"><button type="submit">Mint ticket</button></div>
      </fieldset>
    </form>
    <h2>Revoke</h2>
    <form method="post" action="/console/tickets/revoke">
      <fieldset>
        <legend>One ticket</legend>
        ${csrfField(c)}
        <div class="fields">
          ${field('revoke-id', 'Ticket id', REVOKE_ID_INPUT, 'tid_…, as the audit names it')}
          ${field('revoke-reason', 'Reason (optional)', REVOKE_REASON_INPUT)}
        </div>
        <div class="actions"><button type="submit" class="danger">Revoke ticket</button></div>
      </fieldset>
    </form>
    <form method="post" action="/console/users/revoke">
      <fieldset>
        <legend>Every outstanding ticket of a user</legend>
        ${csrfField(c)}
        <div class="fields">
          ${field('revoke-user', 'User', REVOKE_USER_INPUT, 'Email, or iss|sub')}
          ${field('revoke-user-reason', 'Reason (optional)', REVOKE_USER_REASON_INPUT)}
        </div>
        <div class="actions"><button type="submit" class="danger">Revoke all</button></div>
      </fieldset>
    </form>`;
}

interface TicketsPageInput {
  notice?: Notice;
  /** Shown first: the one showing of a minted ticket. */
  top?: SafeHtml;
  listing?: Listing;
}

function ticketsPage(deps: AppDeps, c: ConsoleContext, input: TicketsPageInput = {}) {
  const { notice, top, listing = {} } = input;
  const body = html`${top}${outstandingSection(deps, c, listing)}${forms(deps, c)}`;
  return page({
    title: 'Tickets',
    current: '/console/tickets',
    session: c.get('session'),
    notice,
    body,
  });
}

function mintRequest(form: Record<string, string>): AdminMintRequest {
  const result = AdminMintRequest.safeParse({
    email: form['email'],
    ttlSeconds: form['ttl'] ? Number(form['ttl']) : undefined,
    note: form['note'] || undefined,
  });
  if (result.success) return result.data;
  const name = result.error.issues[0]?.path.join('.') || 'form';
  throw new AppError('bad_request', { message: `The field "${name}" is not valid.` });
}

/** The one and only showing of a minted ticket, with the command that redeems it. */
function mintedPanel(minted: MintResponse, email: string, base: string): SafeHtml {
  const command = `latchkey-host enroll --server ${base} --ticket -`;
  return html`<section aria-labelledby="minted-title" class="notice ok">
    <h2 id="minted-title">Ticket for ${email}</h2>
    <p>
      <strong>Copy it now: it is not stored and will not be shown again.</strong> Ticket id
      <code>${minted.ticketId}</code>, expires ${minted.expiresAt}.
    </p>
    <div class="field">
      <label for="minted-ticket">Ticket</label>
      <input
        id="minted-ticket"
        class="secret"
        readonly
        value="${minted.ticket}"
        autocomplete="off"
        spellcheck="false"
      />
    </div>
    <p>
      On the device, run this and paste the ticket on standard input (then Ctrl-D), so it stays off
      the command line:
    </p>
    <pre><code>${command}</code></pre>
  </section>`;
}

function mint(deps: AppDeps, base: string) {
  return async (c: ConsoleContext) => {
    const request = mintRequest(await formOf(c));

    const minted = mintForUser(deps, request, {
      actor: c.get('actor') ?? 'admin',
      context: c.get('context'),
    });
    const panel = mintedPanel(minted, request.email, base);
    return c.html(ticketsPage(deps, c, { top: panel }), 201);
  };
}

function revokedNotice(revoked: string[], what: string): Notice {
  if (revoked.length === 0) {
    return { kind: 'info', text: `Nothing to revoke: ${what} had no outstanding ticket.` };
  }
  return { kind: 'ok', text: `Revoked ${revoked.length} ticket(s): ${revoked.join(', ')}.` };
}

function revokeOne(deps: AppDeps) {
  return async (c: ConsoleContext) => {
    const form = await formOf(c);
    const ticketId = TicketId.safeParse(form['ticketId']);
    if (!ticketId.success) throw new AppError('ticket_unknown');

    const revoked = revokeTicket(deps, ticketId.data, {
      actor: c.get('actor') ?? 'admin',
      note: form['reason']?.slice(0, 200) || undefined,
      context: c.get('context'),
    });
    // A revoke from a row of a filtered list keeps that filter.
    const listing = { user: form['user']?.slice(0, MAX_USER_LENGTH) || undefined };
    const notice = revokedNotice(revoked, ticketId.data);
    return c.html(ticketsPage(deps, c, { notice, listing }), 200);
  };
}

function revokeUser(deps: AppDeps) {
  return async (c: ConsoleContext) => {
    const form = await formOf(c);
    const user = form['user'] ?? '';
    if (user.length === 0 || user.length > MAX_USER_LENGTH) throw new AppError('bad_request');

    const revoked = revokeUserTickets(deps, user, {
      actor: c.get('actor') ?? 'admin',
      note: form['reason']?.slice(0, 200) || undefined,
      context: c.get('context'),
    });
    return c.html(ticketsPage(deps, c, { notice: revokedNotice(revoked, user) }), 200);
  };
}

/**
 * `GET /console/tickets` (outstanding tickets, newest first, `user` filter and `cursor` paging,
 * a Revoke button per row), `POST /console/tickets` (mint for a user; the ticket is shown once),
 * `POST /console/tickets/revoke` and `POST /console/users/revoke`, through the same services as
 * the admin API, behind the session guard (and the CSRF guard on forms).
 */
export function ticketPages(deps: AppDeps, base: string, guards: ConsoleGuards): Hono<ConsoleEnv> {
  const { session, csrf } = guards;
  return new Hono<ConsoleEnv>()
    .get('/tickets', session, (c) => c.html(ticketsPage(deps, c, { listing: listingOf(c) }), 200))
    .post('/tickets', session, csrf, mint(deps, base))
    .post('/tickets/revoke', session, csrf, revokeOne(deps))
    .post('/users/revoke', session, csrf, revokeUser(deps));
}
