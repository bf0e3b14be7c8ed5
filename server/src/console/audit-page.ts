import { Hono } from 'hono';
import { AuditOutcome, AuditType, type AuditEvent, type AuditPage } from '@latchkey/shared';
import { AuditFilter } from '../audit/query.js';
import { queryAudit } from '../audit/query.js';
import { verifyAudit } from '../audit/verify.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../routes/env.js';
import type { ConsoleContext, ConsoleEnv, ConsoleGuards } from './guard.js';
import { html, type SafeHtml } from './html.js';
import { page, type Notice } from './layout.js';
import { scrollTable } from './table.js';

const FILTER_FIELDS = ['user', 'ticket', 'type', 'outcome', 'from', 'to'] as const;
const PAGE_SIZE = 50;

type RawFilter = Partial<Record<(typeof FILTER_FIELDS)[number], string>>;

/** A `datetime-local` value (no zone) is read as UTC; a full ISO 8601 time passes as is. */
function toIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return `${value}Z`;
  return value;
}

function rawFilter(c: ConsoleContext): RawFilter {
  const raw: RawFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = c.req.query(field)?.trim();
    if (value) raw[field] = value;
  }
  return raw;
}

/** The filter of the page's query, checked as the API checks it (`bad_request` naming a field). */
function parseFilter(raw: RawFilter): AuditFilter {
  const result = AuditFilter.safeParse({ ...raw, from: toIso(raw.from), to: toIso(raw.to) });
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.join('.') || 'filter';
  throw new AppError('bad_request', { message: `The filter "${field}" is not valid.` });
}

function query(values: Record<string, string | undefined>): string {
  const defined = Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]);
  return new URLSearchParams(defined).toString();
}

function option(value: string, selected: string | undefined, label = value): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>
    ${label}
  </option>`;
}

function textField(name: string, label: string, value: string | undefined, hint?: string) {
  const hintId = `${name}-hint`;
  return html`<div class="field">
    <label for="f-${name}">${label}</label>
    <input
      id="f-${name}"
      name="${name}"
      value="${value ?? ''}"
      ${hint ? html`aria-describedby="${hintId}"` : ''}
    />
    ${hint ? html`<span class="hint" id="${hintId}">${hint}</span>` : ''}
  </div>`;
}

function filterForm(raw: RawFilter): SafeHtml {
  const types = AuditType.options.map((type) => option(type, raw.type));
  const outcomes = AuditOutcome.options.map((outcome) => option(outcome, raw.outcome));
  return html`<form method="get" action="/console/audit">
    <fieldset>
      <legend>Filters</legend>
      <div class="fields">
        ${textField('user', 'User', raw.user, 'Email, or iss|sub')}
        ${textField('ticket', 'Ticket id', raw.ticket)}
        <div class="field">
          <label for="f-type">Type</label
          ><select id="f-type" name="type">
            ${option('', raw.type, 'Any')}${types}
          </select>
        </div>
        <div class="field">
          <label for="f-outcome">Outcome</label
          ><select id="f-outcome" name="outcome">
            ${option('', raw.outcome, 'Any')}${outcomes}
          </select>
        </div>
        ${textField('from', 'From (UTC, inclusive)', raw.from, 'e.g. 2026-12-01T00:00')}
        ${textField('to', 'To (UTC, exclusive)', raw.to, 'e.g. 2026-12-02T00:00')}
      </div>
      <div class="actions">
        <button type="submit">Apply filters</button><a href="/console/audit">Clear</a>
      </div>
    </fieldset>
  </form>`;
}

function eventRow(event: AuditEvent): SafeHtml {
  const ticket = event.ticketId
    ? html`<a href="/console/audit?${query({ ticket: event.ticketId })}"
        ><code>${event.ticketId}</code></a
      >`
    : '';
  return html`<tr>
    <td>${event.seq}</td>
    <td class="wrap">${event.time}</td>
    <td>${event.type}</td>
    <td class="wrap">${event.actor}</td>
    <td class="wrap">${event.userEmail ?? event.userId}</td>
    <td>${ticket}</td>
    <td>${event.outcome}</td>
    <td>${event.reason}</td>
    <td>${event.sourceIp}</td>
  </tr>`;
}

function eventTable(result: AuditPage): SafeHtml {
  if (result.events.length === 0) return html`<p>No events match.</p>`;
  const heads = [
    'Seq',
    'Time (UTC)',
    'Type',
    'Actor',
    'User',
    'Ticket',
    'Outcome',
    'Reason',
    'Source',
  ];
  return scrollTable({
    id: 'events-caption',
    caption: 'Audit events, oldest first',
    heads,
    rows: result.events.map(eventRow),
  });
}

function auditBody(raw: RawFilter, filter: AuditFilter, result: AuditPage): SafeHtml {
  const exportQuery = (format: string) => query({ format, ...filter });
  const next = result.nextCursor
    ? html`<a href="/console/audit?${query({ ...raw, cursor: result.nextCursor })}">Next page</a>`
    : '';
  return html`${filterForm(raw)}
    <div class="actions">
      <a href="/console/audit/export?${exportQuery('jsonl')}" download>Export JSONL</a>
      <a href="/console/audit/export?${exportQuery('csv')}" download>Export CSV</a>
      <form method="get" action="/console/audit/verify">
        <button type="submit">Verify chain</button>
      </form>
    </div>
    ${eventTable(result)}
    <nav class="actions" aria-label="Pages">${next}</nav>`;
}

function verifyNotice(deps: AppDeps): Notice {
  const result = verifyAudit(deps.db);
  if (result.ok) {
    const text = html`<span data-chain="ok">Chain intact</span>: ${result.checked} events checked.`;
    return { kind: 'ok', text };
  }
  const seq = result.firstBrokenSeq;
  const text = html`<span data-chain="broken">Chain broken</span>: the first broken sequence number
    is <strong data-first-broken-seq="${seq}">${seq}</strong>.`;
  return { kind: 'error', text };
}

function auditPage(deps: AppDeps, verify: boolean) {
  return (c: ConsoleContext) => {
    const raw = rawFilter(c);
    const filter = parseFilter(raw);
    const cursor = c.req.query('cursor');

    const result = queryAudit(deps.db, filter, { cursor, limit: PAGE_SIZE });
    const notice = verify ? verifyNotice(deps) : undefined;
    const body = auditBody(raw, filter, result);
    return c.html(
      page({ title: 'Audit', current: '/console/audit', session: c.get('session'), notice, body }),
      200,
    );
  };
}

/** `GET /console/audit` (filters and paging) and `GET /console/audit/verify` (the same page). */
export function auditPages(deps: AppDeps, guards: ConsoleGuards): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>()
    .get('/audit', guards.session, auditPage(deps, false))
    .get('/audit/verify', guards.session, auditPage(deps, true));
}
