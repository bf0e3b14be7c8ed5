import { Hono, type ErrorHandler } from 'hono';
import { AppError } from '../errors.js';
import { logAppError } from '../routes/error-log.js';
import { exportHandler } from '../routes/audit.js';
import type { AppDeps } from '../routes/env.js';
import { rateLimit } from '../routes/rate-limit.js';
import { auditPages } from './audit-page.js';
import { consoleGuards, securityHeaders, type ConsoleEnv } from './guard.js';
import { keyPages } from './keys-page.js';
import { errorPage } from './layout.js';
import { consoleSettings } from './settings.js';
import { signInRoutes } from './sign-in.js';
import { CONSOLE_CSS } from './style.js';
import { ticketPages } from './tickets-page.js';

function consoleError(deps: AppDeps): ErrorHandler<ConsoleEnv> {
  return (thrown, c) => {
    const error = logAppError(deps.log, c.get('requestId'), thrown);
    c.set('errorCode', error.code);
    return c.html(errorPage(error, c.get('session')), error.status as 400);
  };
}

function disabled(): never {
  throw new AppError('not_found', {
    message: 'The console needs an https public URL (LATCHKEY_PUBLIC_URL), or a loopback address.',
  });
}

/**
 * The admin console, mounted at `/console`: server-rendered pages with no script, a strict CSP
 * and one stylesheet. Sign-in is the server's own Authorization Code + PKCE flow against the
 * configured IdP, open to the admin group only; sessions are server-side, every form carries a
 * CSRF token and must come from the console's own origin. Every action goes through the
 * services the admin API and CLI use and is audited with the admin as the actor.
 */
export function consoleRoutes(deps: AppDeps): Hono<ConsoleEnv> {
  const settings = consoleSettings(deps.config);
  const app = new Hono<ConsoleEnv>();
  app.use('*', securityHeaders());
  app.get('/style.css', (c) =>
    c.body(CONSOLE_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-cache',
    }),
  );
  app.onError(consoleError(deps));
  if (!settings.enabled) {
    deps.log.warn({ base: settings.base }, 'Console off: it needs an https LATCHKEY_PUBLIC_URL');
    app.all('*', disabled);
    return app;
  }

  const limited = rateLimit(deps.clock, deps.config.rateLimitPerMinute);
  app.use('/login', limited);
  app.use('/callback', limited);
  app.route('/', signInRoutes(deps, settings));

  const guards = consoleGuards(deps, settings);
  app.get('/', guards.session, (c) => c.redirect('/console/audit', 303));
  app.route('/', auditPages(deps, guards));
  app.get('/audit/export', guards.session, exportHandler(deps));
  app.route('/', ticketPages(deps, settings.base, guards));
  app.route('/', keyPages(deps, guards));
  return app;
}
