import { Hono } from 'hono';
import { except } from 'hono/combine';
import type { ErrorBody } from '@latchkey/shared';
import { createAuditFeed } from './audit/feed.js';
import { consoleRoutes } from './console/routes.js';
import { AppError } from './errors.js';
import { logAppError } from './routes/error-log.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { extensionRoutes } from './routes/extension.js';
import type { AppContext, AppDeps, AppEnv } from './routes/env.js';
import {
  allowedOrigins,
  limitBody,
  originGuard,
  requestLog,
  wakeAuditFeed,
} from './routes/middleware.js';
import { publicRoutes } from './routes/public.js';
import { ticketRoutes } from './routes/tickets.js';

export type { AppDeps, AppEnv } from './routes/env.js';

function errorReply(deps: AppDeps, c: AppContext, thrown: unknown): Response {
  const error = logAppError(deps.log, c.get('requestId'), thrown);
  c.set('errorCode', error.code);
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, requestId: c.get('requestId') ?? '' },
  };
  return c.json(body, error.status as 400);
}

/**
 * Builds the HTTP API from its dependencies; it opens nothing and starts nothing itself.
 * Every error reply is `{"error":{"code","message","requestId"}}`; unexpected errors become
 * `internal` with nothing leaked.
 *
 * @example const app = createApp({ db, clock, identity, config, log, profile, pepper });
 *          const res = await app.request('/healthz');
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const auditFeed = deps.auditFeed ?? createAuditFeed(deps.db);
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(deps.log, deps.config.trustProxy));
  app.use('*', wakeAuditFeed(auditFeed));
  // The console is not for the extension: it checks its own origin and CSRF token.
  app.use('*', except('/console/*', ...originGuard(allowedOrigins(deps.config.extensionIds))));
  app.use('*', limitBody());

  app.route('/console', consoleRoutes(deps));
  app.route('/', extensionRoutes(deps.config.extensionDir));

  app.route('/', publicRoutes(deps));
  app.route('/', ticketRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', auditRoutes({ ...deps, auditFeed }));

  app.notFound(() => {
    throw new AppError('not_found');
  });
  app.onError((error, c) => errorReply(deps, c, error));
  return app;
}
