import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { EXTENSION_ID, extensionOrigin, PROOF_HEADER } from '@latchkey/shared';
import type { AuditFeed } from '../audit/feed.js';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

/** Largest request body accepted, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The address a request came from. Behind a trusted proxy it is the last `X-Forwarded-For`
 * entry: the one the proxy appended for the peer it saw. Earlier entries are whatever the client
 * sent and could name any address, so they are never used for the audit or the rate limit.
 */
function sourceIp(env: unknown, forwarded: string | undefined, trustProxy: boolean) {
  const last = forwarded?.split(',').at(-1)?.trim();
  if (trustProxy && last) return last;
  return (env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? null;
}

/**
 * Gives every request an id (echoed as `Latchkey-Request-Id`), its audit context, and one
 * structured log line at the end: requestId, method, route pattern (never the query), status,
 * durationMs, actor and error code.
 */
export function requestLog(log: Logger, trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('context', {
      requestId,
      sourceIp: sourceIp(c.env, c.req.header('x-forwarded-for'), trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
    });
    c.header('Latchkey-Request-Id', requestId);
    await next();
    log.info({
      requestId,
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      actor: c.get('actor'),
      code: c.get('errorCode'),
    });
  };
}

/** Origins that may call the API from a browser: the extension's, plus configured extra ids. */
export function allowedOrigins(extraIds: readonly string[]): Set<string> {
  return new Set([EXTENSION_ID, ...extraIds].map((id) => extensionOrigin(id).replace(/\/$/, '')));
}

/**
 * CORS for the extension only. A request that carries any other `Origin` is refused outright
 * (`forbidden`), so a web page cannot make the browser act on the API even without reading the
 * reply. Requests without `Origin` (the helper, the CLI, curl) pass.
 */
export function originGuard(origins: Set<string>): MiddlewareHandler<AppEnv>[] {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.has(origin)) {
      throw new AppError('forbidden', { detail: 'origin not allowed' });
    }
    await next();
  };
  const corsHandler = cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Authorization', PROOF_HEADER],
    exposeHeaders: ['Latchkey-Request-Id'],
    maxAge: 600,
  });
  return [guard, corsHandler];
}

/** Refuses bodies over {@link BODY_LIMIT_BYTES} with `payload_too_large`. */
export function limitBody(): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError('payload_too_large');
    },
  });
}

/**
 * Wakes open audit streams after each request. Every audit row this process writes is written
 * synchronously inside a request, so once the handler is done its transaction has committed.
 */
export function wakeAuditFeed(feed: AuditFeed): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    try {
      await next();
    } finally {
      feed.wake();
    }
  };
}
