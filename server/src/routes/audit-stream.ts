import { z } from 'zod';
import type { AuditFeed } from '../audit/feed.js';
import { AuditFilter } from '../audit/query.js';
import { appendAudit } from '../audit/record.js';
import { auditEventStream, streamStartSeq, type StreamStart } from '../audit/stream.js';
import { AppError } from '../errors.js';
import type { AppContext, AppDeps } from './env.js';
import { parseQuery } from './query.js';

/** The app's dependencies with the feed that wakes audit streams. */
export type StreamDeps = AppDeps & { auditFeed: AuditFeed };

const Seq = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

const StreamQuery = AuditFilter.pick({ user: true, ticket: true, type: true, outcome: true })
  .extend({ after: Seq.optional(), from: z.literal('now').optional() })
  .refine((query) => query.after === undefined || query.from === undefined, {
    path: ['from'],
    message: 'after and from=now cannot both be given',
  });

/**
 * Where the stream starts: `Last-Event-ID` (an EventSource reconnecting keeps its original URL,
 * so the header wins), else `?after=<seq>`, else the current end (`?from=now`, the default).
 */
function startOf(c: AppContext, after: number | undefined): StreamStart {
  const header = c.req.header('last-event-id');
  if (header !== undefined) {
    const parsed = Seq.safeParse(header.trim());
    if (!parsed.success) {
      throw new AppError('bad_request', { message: 'Last-Event-ID must be a sequence number.' });
    }
    return { after: parsed.data };
  }
  return after === undefined ? { from: 'now' } : { after };
}

function refuseTooMany(deps: StreamDeps, c: AppContext, actor: string): never {
  appendAudit(deps.db, deps.clock, {
    type: 'admin.audit_streamed',
    outcome: 'failure',
    actor,
    reason: 'too_many_streams',
    context: c.get('context'),
  });
  throw new AppError('too_many_streams', { detail: actor });
}

/**
 * `GET /v1/audit/stream`: Server-Sent Events, one per matching audit row (`id` its sequence
 * number, `event` its type, `data` the event as `GET /v1/audit` shows it), first every row after
 * the start, then each new one as it commits. Audited once per connection as
 * `admin.audit_streamed`; a credential holding too many streams gets `too_many_streams`.
 */
export function streamHandler(deps: StreamDeps) {
  return (c: AppContext) => {
    const { after, from: _from, ...filter } = parseQuery(c, StreamQuery);
    const start = streamStartSeq(deps.db, startOf(c, after));
    const actor = c.get('actor') ?? 'admin';

    const subscription = deps.auditFeed.open(actor);
    if (!subscription) return refuseTooMany(deps, c, actor);

    try {
      appendAudit(deps.db, deps.clock, {
        type: 'admin.audit_streamed',
        outcome: 'success',
        actor,
        details: { after: start, filter },
        context: c.get('context'),
      });
    } catch (error) {
      subscription.end();
      throw error;
    }

    const { heartbeatMs } = deps.auditFeed;
    const body = auditEventStream({ db: deps.db, filter, after: start, subscription, heartbeatMs });
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // One stream per connection: when it ends, so does the socket, and a shutdown waits for
        // no idle keep-alive. Proxies such as nginx are asked not to buffer it.
        Connection: 'close',
        'X-Accel-Buffering': 'no',
        'Latchkey-Request-Id': c.get('requestId'),
      },
    });
  };
}
