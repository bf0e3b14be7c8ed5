import { Hono } from 'hono';
import { z } from 'zod';
import { exportAudit } from '../audit/export.js';
import { AuditFilter, MAX_PAGE_SIZE, queryAudit } from '../audit/query.js';
import { appendAudit } from '../audit/record.js';
import { verifyAudit } from '../audit/verify.js';
import { requireAdmin } from './admin.js';
import { streamHandler, type StreamDeps } from './audit-stream.js';
import type { AppContext, AppDeps, AppEnv } from './env.js';
import { parseQuery } from './query.js';

const PageQuery = AuditFilter.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});
const ExportQuery = AuditFilter.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') });

function streamOf(lines: Generator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/**
 * `GET /v1/audit/export` (and the console's export link): audits the export itself, then streams
 * every matching event.
 */
export function exportHandler(deps: AppDeps) {
  return (c: AppContext) => {
    const { format, ...filter } = parseQuery(c, ExportQuery);

    appendAudit(deps.db, deps.clock, {
      type: 'admin.audit_exported',
      outcome: 'success',
      actor: c.get('actor') ?? null,
      details: { format, filter },
      context: c.get('context'),
    });

    return new Response(streamOf(exportAudit(deps.db, filter, format)), {
      status: 200,
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        'Content-Disposition': `attachment; filename="latchkey-audit.${format}"`,
        'Latchkey-Request-Id': c.get('requestId'),
      },
    });
  };
}

/**
 * Admin-only audit routes: `GET /v1/audit` (filters `user`, `ticket`, `type`, `outcome`,
 * `from`, `to`; `cursor` and `limit` paging), `GET /v1/audit/export?format=jsonl|csv` (every
 * matching event, streamed), `GET /v1/audit/stream` (Server-Sent Events, live) and
 * `GET /v1/audit/verify`.
 */
export function auditRoutes(deps: StreamDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const admin = requireAdmin(deps);

  app.get('/v1/audit', admin, (c) => {
    const { cursor, limit, ...filter } = parseQuery(c, PageQuery);

    return c.json(queryAudit(deps.db, filter, { cursor, limit }), 200);
  });

  app.get('/v1/audit/export', admin, exportHandler(deps));

  app.get('/v1/audit/stream', admin, streamHandler(deps));

  app.get('/v1/audit/verify', admin, (c) => c.json(verifyAudit(deps.db), 200));

  return app;
}
