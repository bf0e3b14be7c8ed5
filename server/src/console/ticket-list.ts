import { TicketListQuery, type TicketPage, type TicketSummary } from '@latchkey/shared';
import { AppError } from '../errors.js';
import type { AppDeps } from '../routes/env.js';
import { listTickets } from '../tickets/list.js';
import type { ConsoleContext } from './guard.js';
import { html, type SafeHtml } from './html.js';
import { scrollTable } from './table.js';

/** Outstanding tickets per console page. */
const PAGE_SIZE = 50;

/** What the list shows: whose tickets (all when unset) and from which position. */
export interface Listing {
  user?: string | undefined;
  cursor?: string | undefined;
}

/** The listing a page's query names; empty values mean no filter. */
export function listingOf(c: ConsoleContext): Listing {
  return { user: c.req.query('user')?.trim() || undefined, cursor: c.req.query('cursor') };
}

function href(values: Listing): string {
  const defined = Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]);
  const query = new URLSearchParams(defined).toString();
  return query ? `/console/tickets?${query}` : '/console/tickets';
}

function outstanding(deps: AppDeps, listing: Listing): TicketPage {
  const query = TicketListQuery.safeParse({ ...listing, status: 'outstanding', limit: PAGE_SIZE });
  if (!query.success) {
    const field = query.error.issues[0]?.path.join('.') || 'filter';
    throw new AppError('bad_request', { message: `The filter "${field}" is not valid.` });
  }
  return listTickets(deps, query.data);
}

function filterForm(listing: Listing): SafeHtml {
  return html`<form method="get" action="/console/tickets">
    <fieldset>
      <legend>Filter</legend>
      <div class="fields">
        <div class="field">
          <label for="list-user">User</label>
          <input
            id="list-user"
            name="user"
            value="${listing.user ?? ''}"
            maxlength="512"
            aria-describedby="list-user-hint"
          />
          <span class="hint" id="list-user-hint">Email, or iss|sub</span>
        </div>
      </div>
      <div class="actions">
        <button type="submit">Apply filter</button><a href="/console/tickets">Clear</a>
      </div>
    </fieldset>
  </form>`;
}

function device(ticket: TicketSummary): string {
  if (ticket.device === null) return 'not stated';
  const { hostname, platform } = ticket.device;
  if (hostname && platform) return `${hostname} (${platform})`;
  return hostname ?? platform ?? 'not stated';
}

function revokeForm(c: ConsoleContext, ticket: TicketSummary, owner: string, user?: string) {
  return html`<form method="post" action="/console/tickets/revoke">
    <input type="hidden" name="csrf" value="${c.get('session')?.csrf ?? ''}" />
    <input type="hidden" name="ticketId" value="${ticket.ticketId}" />
    ${user ? html`<input type="hidden" name="user" value="${user}" />` : ''}
    <button type="submit" class="danger" aria-label="Revoke ticket ${ticket.ticketId} of ${owner}">
      Revoke
    </button>
  </form>`;
}

function ticketRow(c: ConsoleContext, ticket: TicketSummary, listing: Listing): SafeHtml {
  const owner = ticket.owner.email ?? ticket.owner.id ?? 'unknown';
  return html`<tr data-ticket-id="${ticket.ticketId}">
    <th scope="row"><code>${ticket.ticketId}</code></th>
    <td class="wrap">${owner}</td>
    <td>${ticket.kind}</td>
    <td class="wrap">${ticket.createdAt}</td>
    <td class="wrap">${ticket.expiresAt}</td>
    <td class="wrap">${device(ticket)}</td>
    <td>${revokeForm(c, ticket, owner, listing.user)}</td>
  </tr>`;
}

function ticketTable(c: ConsoleContext, page: TicketPage, listing: Listing): SafeHtml {
  if (page.tickets.length === 0) return html`<p>No outstanding tickets match.</p>`;
  const heads = [
    'Ticket id',
    'Owner',
    'Kind',
    'Created (UTC)',
    'Expires (UTC)',
    'Device',
    'Action',
  ];
  return scrollTable({
    id: 'tickets-caption',
    caption: 'Outstanding tickets, newest first',
    heads,
    rows: page.tickets.map((ticket) => ticketRow(c, ticket, listing)),
  });
}

/**
 * The outstanding tickets section of the Tickets page: a filter by user, one page of tickets
 * (newest first) each with a Revoke form carrying the CSRF token, and links between pages.
 *
 * @throws AppError `bad_request` for a filter or cursor the API would refuse.
 */
export function outstandingSection(deps: AppDeps, c: ConsoleContext, listing: Listing): SafeHtml {
  const page = outstanding(deps, listing);
  const first = listing.cursor
    ? html`<a href="${href({ user: listing.user })}">First page</a>`
    : '';
  const next = page.nextCursor
    ? html`<a href="${href({ user: listing.user, cursor: page.nextCursor })}">Next page</a>`
    : '';
  return html`<h2>Outstanding tickets</h2>
    ${filterForm(listing)} ${ticketTable(c, page, listing)}
    <nav class="actions" aria-label="Ticket pages">${first}${next}</nav>`;
}
