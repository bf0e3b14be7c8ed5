import Database from 'better-sqlite3';
import { describe, expect } from 'vitest';
import { localContext, appendAudit } from './record.js';
import { verifyAudit } from './verify.js';
import { queryAudit } from './query.js';
import { csvCell, exportAudit } from './export.js';
import { it, type TestContext } from '../testing/fixtures.js';

function append(ctx: TestContext, count: number, details: Record<string, unknown> = {}) {
  for (let i = 0; i < count; i += 1) {
    appendAudit(ctx.db, ctx.clock, {
      type: i % 2 ? 'ticket.issued' : 'ticket.rejected',
      outcome: i % 2 ? 'success' : 'failure',
      actor: 'test',
      user: { email: `user${i % 3}@example.com`, id: null },
      details: { i, ...details },
      context: localContext(`req-${i}`),
    });
    ctx.clock.advance(1000);
  }
}

/** Edits a row the way an attacker with file access would: triggers dropped first. */
function tamper(ctx: TestContext, sql: string) {
  const raw = new Database(ctx.config.databasePath);
  raw.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  raw.exec(sql);
  raw.close();
}

describe('the audit chain', () => {
  it('verifies an untouched chain', ({ ctx }) => {
    append(ctx, 25);
    expect(verifyAudit(ctx.db)).toEqual({ ok: true, checked: 25, firstBrokenSeq: null });
  });

  it('names the first tampered row', ({ ctx }) => {
    append(ctx, 10);
    tamper(ctx, `UPDATE audit_events SET reason = 'edited' WHERE seq = 7`);
    expect(verifyAudit(ctx.db)).toMatchObject({ ok: false, firstBrokenSeq: 7 });
  });

  it('finds a row whose hash was recomputed after an edit, at the next row', ({ ctx }) => {
    append(ctx, 10);
    tamper(ctx, `UPDATE audit_events SET hash = '${'f'.repeat(64)}', details = '{}' WHERE seq = 4`);
    expect(verifyAudit(ctx.db).firstBrokenSeq).toBe(4);
  });

  it('finds a deleted row at the row after it', ({ ctx }) => {
    append(ctx, 10);
    tamper(ctx, 'DELETE FROM audit_events WHERE seq = 5');
    expect(verifyAudit(ctx.db).firstBrokenSeq).toBe(6);
  });

  it('refuses UPDATE and DELETE through the server connection', ({ ctx }) => {
    append(ctx, 2);
    expect(() => ctx.db.sqlite.exec(`UPDATE audit_events SET reason = 'x'`)).toThrow(/append-only/);
    expect(() => ctx.db.sqlite.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    expect(verifyAudit(ctx.db).ok).toBe(true);
  });

  it('fails the change it records when the event cannot be written', ({ ctx }) => {
    const write = () =>
      appendAudit(ctx.db, ctx.clock, {
        type: 'ticket.issued',
        outcome: 'success',
        actor: 'test',
        details: { cyclic: BigInt(1) },
        context: localContext(),
      });
    expect(write).toThrow();
    expect(verifyAudit(ctx.db).checked).toBe(0);
  });
});

describe('audit queries', () => {
  it('filters and pages with an opaque cursor', ({ ctx }) => {
    append(ctx, 30);
    const filter = { user: 'USER1@example.com' };
    const first = queryAudit(ctx.db, filter, { limit: 4 });
    const second = queryAudit(ctx.db, filter, { limit: 4, cursor: first.nextCursor ?? '' });
    const all = queryAudit(ctx.db, filter, { limit: 100 });

    expect(all.events).toHaveLength(10);
    expect([...first.events, ...second.events].map((e) => e.seq)).toEqual(
      all.events.slice(0, 8).map((e) => e.seq),
    );
    expect(all.nextCursor).toBeNull();
  });

  it('filters by type, outcome and time range', ({ ctx }) => {
    const start = ctx.clock.now();
    append(ctx, 10);
    const from = new Date(start.getTime() + 2000).toISOString();
    const to = new Date(start.getTime() + 6000).toISOString();
    const events = queryAudit(ctx.db, { type: 'ticket.issued', outcome: 'success', from, to }, {});
    expect(events.events.map((e) => e.seq)).toEqual([4, 6]);
  });

  it('exports CSV with quotes escaped and formulas defused', ({ ctx }) => {
    appendAudit(ctx.db, ctx.clock, {
      type: 'ticket.rejected',
      outcome: 'failure',
      actor: '=HYPERLINK("http://evil")',
      context: { requestId: null, sourceIp: null, userAgent: '+cmd' },
    });
    const csv = [...exportAudit(ctx.db, {}, 'csv')].join('');
    expect(csv.split('\r\n')[0]).toMatch(/^seq,time,type/);
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`"'+cmd"`);
  });

  it('exports and verifies a chain longer than one read batch, every event once, in order', ({
    ctx,
  }) => {
    append(ctx, 1201);

    const lines = [...exportAudit(ctx.db, {}, 'jsonl')];

    const seqs = lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 1201 }, (_, i) => i + 1));
    expect(verifyAudit(ctx.db)).toEqual({ ok: true, checked: 1201, firstBrokenSeq: null });
  });

  it('exports one JSON object per line', ({ ctx }) => {
    append(ctx, 3);
    const lines = [...exportAudit(ctx.db, {}, 'jsonl')];
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([1, 2, 3]);
  });
});
