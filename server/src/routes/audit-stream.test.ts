import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { appendAudit, localContext } from '../audit/record.js';
import { lastAuditSeq, queryAudit } from '../audit/query.js';
import { systemClock } from '../clock.js';
import { openDatabase } from '../db/connection.js';
import { errorCode } from '../testing/fixtures.js';
import { it, postLive, type LiveServer } from '../testing/live-server.js';
import { openStream, type StreamedEvent } from '../testing/sse-reader.js';

const BIN = fileURLToPath(new URL('../../bin/latchkey.js', import.meta.url));

/** Appends `count` events straight to the server's database, as a batch job would. */
function appendRows(live: LiveServer, count: number, type: 'ticket.rejected' = 'ticket.rejected') {
  for (let i = 0; i < count; i += 1) {
    appendAudit(live.server.runtime.db, systemClock, {
      type,
      outcome: 'failure',
      actor: 'test',
      reason: 'ticket_malformed',
      details: { i },
      context: localContext(),
    });
  }
  return lastAuditSeq(live.server.runtime.db);
}

function stream(live: LiveServer, query: string, headers: Record<string, string> = {}) {
  return openStream(live.url, `/v1/audit/stream${query}`, {
    authorization: live.adminAuth,
    ...headers,
  });
}

const seqs = (events: StreamedEvent[]) => events.map((e) => e.event.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function adminMint(live: LiveServer, email: string) {
  return postLive(live, '/v1/admin/tickets', { email }, { authorization: live.adminAuth });
}

describe('GET /v1/audit/stream', () => {
  it('sends the backlog, then rows appended meanwhile and live, in order and each once', async ({
    live,
  }) => {
    appendRows(live, 450);
    const reader = await stream(live, '?after=0');
    expect(reader.response.status).toBe(200);
    expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const first = await reader.nextEvent();
    const appended = appendRows(live, 300);
    const backlog = await reader.eventsUntil((e) => e.event.seq === appended);
    expect((await adminMint(live, 'carol@example.com')).status).toBe(201);
    const live1 = await reader.eventsUntil((e) => e.type === 'ticket.issued');

    const all = [first, ...backlog, ...live1];
    expect(seqs(all)).toEqual(range(1, lastAuditSeq(live.server.runtime.db)));
    expect(all.every((e) => e.id === String(e.event.seq) && e.type === e.event.type)).toBe(true);
    expect(all.filter((e) => e.type === 'admin.audit_streamed')).toHaveLength(1);
    reader.disconnect();
  });

  it('starts at the end by default, with its own connection event first', async ({ live }) => {
    const head = appendRows(live, 5);

    const reader = await stream(live, '');
    const first = await reader.nextEvent();

    expect(first.event).toMatchObject({ seq: head + 1, type: 'admin.audit_streamed' });
    expect(first.event.actor).toMatch(/^admin-key:key_/);
    reader.disconnect();
  });

  it('resumes with Last-Event-ID after a disconnect, losing nothing appended meanwhile', async ({
    live,
  }) => {
    appendRows(live, 10);
    const before = await stream(live, '?after=0');
    const seen = await before.eventsUntil((e) => e.event.seq === 6);
    before.disconnect();

    const appended = appendRows(live, 20);
    const resumed = await stream(live, '?after=0', { 'last-event-id': '6' });
    const rest = await resumed.eventsUntil(
      (e) => e.type === 'admin.audit_streamed' && e.event.seq > appended,
    );

    expect(seqs([...seen, ...rest])).toEqual(range(1, rest.at(-1)?.event.seq ?? 0));
    expect(seqs(rest)[0]).toBe(7);
    resumed.disconnect();
  });

  it('applies the type, outcome, user and ticket filters', async ({ live }) => {
    appendRows(live, 3);
    const byUser = await stream(
      live,
      '?after=0&type=ticket.issued&outcome=success&user=carol@example.com',
    );

    await adminMint(live, 'bob@example.com');
    const carol = (await (await adminMint(live, 'carol@example.com')).json()) as {
      ticketId: string;
    };
    await postLive(
      live,
      `/v1/tickets/${carol.ticketId}/revoke`,
      {},
      { authorization: live.adminAuth },
    );
    const byTicket = await stream(live, `?after=0&ticket=${carol.ticketId}`);

    const first = await byUser.nextEvent();
    expect(first.event).toMatchObject({ type: 'ticket.issued', userEmail: 'carol@example.com' });
    const ticketEvents = await byTicket.eventsUntil((e) => e.type === 'ticket.revoked');
    expect(ticketEvents.map((e) => e.type)).toEqual(['ticket.issued', 'ticket.revoked']);
    expect(ticketEvents.every((e) => e.event.ticketId === carol.ticketId)).toBe(true);

    await adminMint(live, 'bob@example.com');
    await adminMint(live, 'carol@example.com');
    const next = await byUser.nextEvent();
    expect(next.event).toMatchObject({ type: 'ticket.issued', userEmail: 'carol@example.com' });
    expect(next.event.seq).toBeGreaterThan(first.event.seq + 2);
    byUser.disconnect();
    byTicket.disconnect();
  });

  it('refuses non-admins with 401 or 403 and audits each refusal', async ({ live }) => {
    const anonymous = await stream(live, '?after=0', { authorization: '' });
    const user = await stream(live, '?after=0', { authorization: 'Bearer token-bob' });

    expect(anonymous.response.status).toBe(401);
    expect(await errorCode(anonymous.response)).toBe('unauthenticated');
    expect(user.response.status).toBe(403);
    expect(await errorCode(user.response)).toBe('forbidden');
    const denied = queryAudit(live.server.runtime.db, { type: 'admin.denied' }, {}).events;
    expect(denied.map((e) => e.reason)).toEqual(['no_credentials', 'not_in_admin_group']);
    const streamed = queryAudit(live.server.runtime.db, { type: 'admin.audit_streamed' }, {});
    expect(streamed.events).toHaveLength(0);
  });

  it('refuses a bad start with bad_request and opens no stream', async ({ live }) => {
    const head = appendRows(live, 2);

    const cases = [
      await stream(live, `?after=${head + 5}`),
      await stream(live, '?after=1&from=now'),
      await stream(live, '?after=-1'),
      await stream(live, '', { 'last-event-id': 'abc' }),
    ];

    for (const refused of cases) expect(await errorCode(refused.response)).toBe('bad_request');
    expect(lastAuditSeq(live.server.runtime.db)).toBe(head);
  });

  it('delivers rows a second database connection writes, through the poll', async ({ live }) => {
    const reader = await stream(live, '');
    await reader.nextEvent();
    const other = openDatabase(live.server.runtime.db.sqlite.name);

    appendAudit(other, systemClock, {
      type: 'signin.refused',
      outcome: 'failure',
      actor: 'other-connection',
      context: localContext(),
    });
    other.close();

    expect((await reader.nextEvent()).event).toMatchObject({ actor: 'other-connection' });
    reader.disconnect();
  });

  it('delivers rows the CLI writes from another process', async ({ live }) => {
    const reader = await stream(live, '?type=admin.key_created');
    const env = {
      PATH: process.env.PATH,
      HOME: live.dir,
      LATCHKEY_FROM_SOURCE: '1',
      LATCHKEY_DATABASE: live.server.runtime.db.sqlite.name,
    };

    await new Promise<void>((resolve, reject) => {
      const args = [BIN, 'admin-key', 'create', '--name', 'from-cli', '--json'];
      execFile(process.execPath, args, { env }, (error) => (error ? reject(error) : resolve()));
    });

    const created = await reader.nextEvent();
    expect(created.event).toMatchObject({
      type: 'admin.key_created',
      actor: expect.stringMatching(/^cli:/),
    });
    expect(created.event.details).toMatchObject({ name: 'from-cli' });
    reader.disconnect();
  });
});
