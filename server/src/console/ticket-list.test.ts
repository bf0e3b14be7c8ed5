import { describe, expect, it } from 'vitest';
import type { DeviceFacts } from '@latchkey/shared';
import { localContext } from '../audit/record.js';
import { queryAudit } from '../audit/query.js';
import { TEST_ISSUER } from '../testing/fixtures.js';
import { listTickets } from '../tickets/list.js';
import { mintTicket } from '../tickets/mint.js';
import { revokeTicket } from '../tickets/revoke.js';
import { CONSOLE_CSP } from './guard.js';
import { pageErrorCode, useConsole } from './test-support.js';

const suite = useConsole();

const ACTOR = 'admin:admin@example.com';

/** Mints a ticket for `email` as a device would state itself, at the context's clock. */
function mintFor(email: string, device?: DeviceFacts, ttlSeconds = 600): string {
  return mintTicket(suite.ctx, {
    kind: device ? 'self-service' : 'admin',
    owner: device ? { iss: TEST_ISSUER, sub: email, email } : { iss: null, sub: null, email },
    ttlSeconds,
    device,
    actor: 'test',
    context: localContext(),
  }).ticketId;
}

/** Each listed row's ticket id and markup, in page order. */
function rows(page: string): [string, string][] {
  return [...page.matchAll(/<tr data-ticket-id="(tid_[0-9A-Za-z]+)">([\s\S]*?)<\/tr>/g)].map(
    (match) => [match[1] ?? '', match[2] ?? ''],
  );
}

/** The named hidden fields of a row's Revoke form, as the browser would send them. */
function rowForm(row: string): Record<string, string> {
  const fields = [...row.matchAll(/<input type="hidden" name="([a-zA-Z]+)" value="([^"]*)"/g)];
  return Object.fromEntries(fields.map((match) => [match[1] ?? '', match[2] ?? '']));
}

async function ticketsPage(query = ''): Promise<string> {
  const res = await suite.admin.get(`/console/tickets${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
  return res.text();
}

describe('console ticket list', () => {
  it('lists an outstanding ticket in an accessible table, device text escaped', async () => {
    const id = mintFor('carol@example.com', { platform: 'mac', hostname: '<b>mac</b>' });

    const page = await ticketsPage();

    expect(rows(page).map(([listed]) => listed)).toEqual([id]);
    const [[, row] = ['', '']] = rows(page);
    expect(row).toContain(`<th scope="row"><code>${id}</code></th>`);
    expect(row).toContain('carol@example.com');
    expect(row).toContain('self-service');
    expect(row).toContain('&lt;b&gt;mac&lt;/b&gt; (mac)');
    expect(row).not.toContain('<b>');
    expect(page).toMatch(/<caption id="tickets-caption">\s*Outstanding tickets, newest first/);
    expect(page.match(/<th scope="col">/g)).toHaveLength(7);
    expect(page).not.toMatch(/<script/i);
  });

  it('revoking from a row is audited with the admin and drops the row', async () => {
    const kept = mintFor('dave@example.com');
    const id = mintFor('carol@example.com');
    const [, row = ''] = rows(await ticketsPage()).find(([listed]) => listed === id) ?? [];

    const form = rowForm(row);
    const res = await suite.admin.post('/console/tickets/revoke', form);

    expect(form['ticketId']).toBe(id);
    expect(res.status).toBe(200);
    const after = await res.text();
    expect(rows(after).map(([listed]) => listed)).toEqual([kept]);
    expect(rows(await ticketsPage()).map(([listed]) => listed)).toEqual([kept]);
    const revoked = queryAudit(suite.ctx.db, { type: 'ticket.revoked' }, {}).events;
    expect(revoked.map((event) => [event.actor, event.ticketId, event.reason])).toEqual([
      [ACTOR, id, 'revoked'],
    ]);
    expect(listTickets(suite.ctx, { status: 'revoked' }).tickets.map((t) => t.ticketId)).toEqual([
      id,
    ]);
  });

  it('shows only outstanding tickets, newest first, 50 a page', async () => {
    const expired = mintFor('old@example.com', undefined, 1);
    const revoked = mintFor('gone@example.com');
    revokeTicket(suite.ctx, revoked, { actor: 'test', context: localContext() });
    suite.ctx.clock.advance(1000);
    const live: string[] = [];
    for (let n = 0; n < 51; n += 1) {
      suite.ctx.clock.advance(1);
      live.unshift(mintFor(`user${n}@example.com`));
    }

    const first = await ticketsPage();
    const next = /<a href="([^"]+)">Next page<\/a>/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    const second = await suite.admin.get(next ?? '/console/tickets?no-next-link');

    const listed = [...rows(first), ...rows(await second.text())].map(([listed]) => listed);
    expect(rows(first)).toHaveLength(50);
    expect(listed).toEqual(live);
    expect(listed).not.toContain(expired);
    expect(listed).not.toContain(revoked);
  });

  it('filters by user, and a revoke from a filtered list keeps the filter', async () => {
    const carol = [mintFor('carol@example.com'), mintFor('carol@example.com')];
    const dave = mintFor('dave@example.com');

    const page = await ticketsPage('?user=Carol%40Example.com');

    expect(
      rows(page)
        .map(([listed]) => listed)
        .sort(),
    ).toEqual([...carol].sort());
    const [[, row = ''] = []] = rows(page);
    const after = await (await suite.admin.post('/console/tickets/revoke', rowForm(row))).text();
    expect(rows(after)).toHaveLength(1);
    expect(rows(after).map(([listed]) => listed)).not.toContain(dave);
    expect(after).toContain('value="Carol@Example.com"');
  });

  it('a bad filter or cursor is bad_request', async () => {
    for (const query of [`?user=${'a'.repeat(513)}`, '?cursor=forged.cursor']) {
      const res = await suite.admin.get(`/console/tickets${query}`);
      expect(res.status).toBe(400);
      expect(pageErrorCode(await res.text())).toBe('bad_request');
    }
  });
});
