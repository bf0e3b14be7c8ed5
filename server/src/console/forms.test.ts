import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { isWellFormedTicket } from '@latchkey/shared';
import { listAdminKeys } from '../admin/keys.js';
import { queryAudit } from '../audit/query.js';
import { tickets } from '../db/schema.js';
import { hmacSecret } from '../pepper.js';
import { ConsoleBrowser, forgedToken, pageErrorCode, useConsole } from './test-support.js';

const suite = useConsole();
let csrf: string;
beforeEach(async () => {
  csrf = await suite.admin.csrf();
});

const ACTOR = 'admin:admin@example.com';
const eventsOf = (type: string) => queryAudit(suite.ctx.db, { type }, {}).events;
const ticketRows = () => suite.ctx.db.orm.select().from(tickets).all();
const shownTicket = (page: string) => /id="minted-ticket"[^>]* value="([^"]+)"/.exec(page)?.[1];

async function mint(email = 'carol@example.com'): Promise<{ page: string; ticket: string }> {
  const res = await suite.admin.post('/console/tickets', { csrf, email, note: 'laptop' });
  expect(res.status).toBe(201);
  const page = await res.text();
  return { page, ticket: shownTicket(page) ?? '' };
}

describe('console tickets', () => {
  it('mints for a named user, shows the ticket once, and stores only its HMAC', async () => {
    const { page, ticket } = await mint();

    expect(isWellFormedTicket(ticket)).toBe(true);
    expect(page).toContain('latchkey-host enroll --server http://127.0.0.1:8787 --ticket -');
    const [row] = ticketRows();
    expect(row?.secretHmac).toBe(hmacSecret(suite.ctx.pepper, ticket));
    expect(row?.createdBy).toBe(ACTOR);
    suite.ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(suite.ctx.config.databasePath).includes(ticket)).toBe(false);
    expect(suite.ctx.logs.join('\n')).not.toContain(ticket);
    expect(await (await suite.admin.get('/console/tickets')).text()).not.toContain(ticket);
    expect(eventsOf('ticket.issued')[0]?.actor).toBe(ACTOR);
  });

  it('caps the lifetime at the admin maximum, as the API does', async () => {
    const res = await suite.admin.post('/console/tickets', {
      csrf,
      email: 'a@example.com',
      ttl: '9999999',
    });

    expect(res.status).toBe(201);
    const [row] = ticketRows();
    expect((row?.expiresAt ?? 0) - (row?.createdAt ?? 0)).toBe(
      suite.ctx.config.adminTicketTtlSeconds * 1000,
    );
  });

  it('a bad email is bad_request and mints nothing', async () => {
    const res = await suite.admin.post('/console/tickets', { csrf, email: 'not an email' });

    expect(res.status).toBe(400);
    expect(pageErrorCode(await res.text())).toBe('bad_request');
    expect(ticketRows()).toHaveLength(0);
  });

  it('revokes one ticket by id, audited with the admin as actor', async () => {
    await mint();
    const id = ticketRows()[0]?.id ?? '';

    const res = await suite.admin.post('/console/tickets/revoke', {
      csrf,
      ticketId: id,
      reason: 'lost',
    });

    expect(res.status).toBe(200);
    expect(ticketRows()[0]?.revokedAt).not.toBeNull();
    const [revoked] = eventsOf('ticket.revoked');
    expect([revoked?.actor, revoked?.ticketId, revoked?.details['note']]).toEqual([
      ACTOR,
      id,
      'lost',
    ]);
  });

  it('an unknown ticket id is ticket_unknown, as in the API', async () => {
    const res = await suite.admin.post('/console/tickets/revoke', { csrf, ticketId: 'tid_nope' });

    expect(res.status).toBe(404);
    expect(pageErrorCode(await res.text())).toBe('ticket_unknown');
  });

  it("revokes every outstanding ticket of a user and leaves others' alone", async () => {
    await mint('carol@example.com');
    await mint('carol@example.com');
    await mint('dave@example.com');

    const res = await suite.admin.post('/console/users/revoke', {
      csrf,
      user: 'Carol@Example.com',
    });

    expect(res.status).toBe(200);
    const revoked = ticketRows().filter((row) => row.revokedAt !== null);
    expect(revoked.map((row) => row.ownerEmail)).toEqual([
      'carol@example.com',
      'carol@example.com',
    ]);
    expect(eventsOf('ticket.revoked').every((event) => event.actor === ACTOR)).toBe(true);
  });
});

describe('console admin keys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = await (await suite.admin.post('/console/keys', { csrf, name: 'ops' })).text();
    const key = /id="created-key"[^>]* value="([^"]+)"/.exec(created)?.[1] ?? '';
    expect(key).toMatch(/^lka_[0-9a-f]{48}$/);
    const [info] = listAdminKeys(suite.ctx.db);

    expect(await (await suite.admin.get('/console/keys')).text()).not.toContain(key);
    const res = await suite.admin.post('/console/keys/revoke', { csrf, id: info?.id ?? '' });

    expect(res.status).toBe(200);
    expect(listAdminKeys(suite.ctx.db)[0]?.revokedAt).not.toBeNull();
    expect(eventsOf('admin.key_created')[0]?.actor).toBe(ACTOR);
    expect(eventsOf('admin.key_revoked')[0]?.actor).toBe(ACTOR);
    const again = await suite.admin.post('/console/keys/revoke', { csrf, id: info?.id ?? '' });
    expect(pageErrorCode(await again.text())).toBe('not_found');
  });
});

describe('console forms refuse forgery', () => {
  const attempts = () =>
    [
      ['/console/tickets', { email: 'mallory@example.com' }],
      ['/console/keys', { name: 'backdoor' }],
      ['/console/users/revoke', { user: 'carol@example.com' }],
    ] as const;

  it('a missing or forged CSRF token is forbidden and changes nothing', async () => {
    await mint();
    const before = { tickets: ticketRows(), keys: listAdminKeys(suite.ctx.db) };

    for (const [path, form] of attempts()) {
      for (const token of [undefined, forgedToken(), `${csrf}x`]) {
        const res = await suite.admin.post(
          path,
          token === undefined ? form : { ...form, csrf: token },
        );
        expect(res.status).toBe(403);
        expect(pageErrorCode(await res.text())).toBe('forbidden');
      }
    }

    expect({ tickets: ticketRows(), keys: listAdminKeys(suite.ctx.db) }).toEqual(before);
    const reasons = eventsOf('admin.denied').map((event) => event.reason);
    expect(reasons).toEqual(Array(9).fill('console_csrf_refused'));
  });

  it("another session's token does not work", async () => {
    const other = new ConsoleBrowser(suite.ctx, suite.idp);
    await other.signIn('admin');
    const theirs = await other.csrf();

    const res = await suite.admin.post('/console/keys', { csrf: theirs, name: 'x' });

    expect(res.status).toBe(403);
    expect(listAdminKeys(suite.ctx.db)).toHaveLength(0);
  });

  it('a cross-origin or origin-less POST is forbidden even with the right token', async () => {
    for (const origin of ['https://evil.example', 'null', null]) {
      const res = await suite.admin.post('/console/keys', { csrf, name: 'x' }, origin);
      expect(res.status).toBe(403);
    }

    expect(listAdminKeys(suite.ctx.db)).toHaveLength(0);
    const reasons = eventsOf('admin.denied').map((event) => event.reason);
    expect(reasons).toEqual(Array(3).fill('console_origin_refused'));
  });

  it('a form without a session is unauthenticated and changes nothing', async () => {
    const stranger = new ConsoleBrowser(suite.ctx, suite.idp);

    const res = await stranger.post('/console/keys', { csrf, name: 'x' });

    expect(res.status).toBe(401);
    expect(listAdminKeys(suite.ctx.db)).toHaveLength(0);
  });
});
