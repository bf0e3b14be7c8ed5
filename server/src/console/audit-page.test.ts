import { describe, expect, it } from 'vitest';
import { appendAudit, localContext } from '../audit/record.js';
import { pageErrorCode, useConsole } from './test-support.js';

const suite = useConsole();

function addEvents(count: number, email: string): void {
  for (let n = 0; n < count; n += 1) {
    appendAudit(suite.ctx.db, suite.ctx.clock, {
      type: 'ticket.rejected',
      outcome: 'failure',
      actor: null,
      user: { email, id: null },
      reason: 'ticket_malformed',
      context: localContext(),
    });
  }
}

const seqs = (page: string) =>
  [...page.matchAll(/<tr>\s*<td>(\d+)<\/td>/g)].map((match) => Number(match[1]));
const nextLink = (page: string) =>
  /<a href="([^"]+)">Next page<\/a>/.exec(page)?.[1]?.replaceAll('&amp;', '&');

describe('console audit page', () => {
  it('filters by user and type and pages with a cursor', async () => {
    addEvents(60, 'carol@example.com');
    addEvents(3, 'dave@example.com');

    const first = await (
      await suite.admin.get('/console/audit?user=carol@example.com&type=ticket.rejected')
    ).text();
    const next = nextLink(first) ?? '';
    const second = await (await suite.admin.get(next)).text();

    expect(seqs(first)).toHaveLength(50);
    expect(seqs(second)).toHaveLength(10);
    expect(Math.min(...seqs(second))).toBeGreaterThan(Math.max(...seqs(first)));
    expect(nextLink(second)).toBeUndefined();
    expect(second).not.toContain('dave@example.com');
  });

  it('reads a from/to without a zone as UTC and refuses a bad one with bad_request', async () => {
    addEvents(2, 'carol@example.com');
    const later = new Date(suite.ctx.clock.now().getTime() + 60_000).toISOString().slice(0, 16);

    const none = await (await suite.admin.get(`/console/audit?from=${later}`)).text();
    const bad = await suite.admin.get('/console/audit?from=yesterday');

    expect(seqs(none)).toEqual([]);
    expect(bad.status).toBe(400);
    expect(pageErrorCode(await bad.text())).toBe('bad_request');
  });

  it('links exports that carry the filter and are audited', async () => {
    addEvents(2, 'carol@example.com');
    const page = await (await suite.admin.get('/console/audit?user=carol@example.com')).text();
    const csv = /href="(\/console\/audit\/export\?[^"]*format=csv[^"]*)"/.exec(page)?.[1] ?? '';

    const res = await suite.admin.get(csv.replaceAll('&amp;', '&'));

    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // A header line, then the two matching events.
    expect((await res.text()).trim().split('\r\n')).toHaveLength(3);
    const exported = await (
      await suite.admin.get('/console/audit?type=admin.audit_exported')
    ).text();
    expect(exported).toContain('admin:admin@example.com');
  });

  it('verifies the chain and names the first broken sequence number', async () => {
    addEvents(3, 'carol@example.com');
    const ok = await (await suite.admin.get('/console/audit/verify')).text();
    expect(ok).toContain('data-chain="ok"');

    suite.ctx.db.sqlite.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    suite.ctx.db.sqlite.prepare("UPDATE audit_events SET reason = 'edited' WHERE seq = 3").run();
    const broken = await (await suite.admin.get('/console/audit/verify')).text();

    expect(broken).toContain('data-chain="broken"');
    expect(/data-first-broken-seq="(\d+)"/.exec(broken)?.[1]).toBe('3');
  });

  it('escapes what the audit holds', async () => {
    appendAudit(suite.ctx.db, suite.ctx.clock, {
      type: 'ticket.rejected',
      outcome: 'failure',
      actor: null,
      reason: 'x',
      context: { requestId: null, sourceIp: null, userAgent: null },
      user: { email: '<script>alert(1)</script>', id: null },
    });

    const page = await (await suite.admin.get('/console/audit')).text();

    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
