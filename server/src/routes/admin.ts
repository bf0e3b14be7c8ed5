import { Hono, type MiddlewareHandler } from 'hono';
import { AdminMintRequest, RevokeRequest, TicketId, TicketListQuery } from '@latchkey/shared';
import { z } from 'zod';
import { authenticateAdmin } from '../admin/auth.js';
import { mintForUser } from '../admin/mint-for-user.js';
import { AppError } from '../errors.js';
import { listTickets } from '../tickets/list.js';
import { revokeTicket, revokeUserTickets } from '../tickets/revoke.js';
import { parseJson, type AppContext, type AppDeps, type AppEnv } from './env.js';
import { parseQuery } from './query.js';

/** Admin guard: an admin key or an admin-group ID token, else 401/403 and `admin.denied`. */
export function requireAdmin(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const authDeps = { ...deps, adminGroup: deps.config.adminGroup };
  return async (c, next) => {
    const actor = await authenticateAdmin(
      authDeps,
      c.req.header('authorization'),
      c.get('context'),
    );
    c.set('actor', actor);
    await next();
  };
}

/** Revoke bodies are optional: no body at all means no note. */
async function revokeBody(c: AppContext): Promise<z.infer<typeof RevokeRequest>> {
  const hasBody = c.req.header('content-length') !== '0' && c.req.header('content-type');
  return hasBody ? parseJson(c, RevokeRequest) : {};
}

/** `POST /v1/admin/tickets`: mint for a named user, lifetime capped by configuration. */
function adminMint(deps: AppDeps) {
  return async (c: AppContext) => {
    const body = await parseJson(c, AdminMintRequest);

    const minted = mintForUser(deps, body, {
      actor: c.get('actor') ?? 'admin',
      context: c.get('context'),
    });
    return c.json(minted, 201);
  };
}

/** `GET /v1/tickets`: filters `user`, `status`, `kind`; `cursor` and `limit` paging. */
function list(deps: AppDeps) {
  return (c: AppContext) => {
    const query = parseQuery(c, TicketListQuery);

    return c.json(listTickets(deps, query), 200);
  };
}

/** `POST /v1/tickets/{id}/revoke`. */
function revokeOne(deps: AppDeps) {
  return async (c: AppContext) => {
    const ticketId = TicketId.safeParse(c.req.param('id'));
    if (!ticketId.success) throw new AppError('ticket_unknown');
    const body = await revokeBody(c);

    const revoked = revokeTicket(deps, ticketId.data, {
      actor: c.get('actor') ?? 'admin',
      note: body.reason,
      context: c.get('context'),
    });
    return c.json({ revoked }, 200);
  };
}

/** `POST /v1/users/{user}/revoke`. */
function revokeUser(deps: AppDeps) {
  return async (c: AppContext) => {
    const user = c.req.param('user') ?? '';
    if (user.length === 0 || user.length > 512) throw new AppError('bad_request');
    const body = await revokeBody(c);

    const revoked = revokeUserTickets(deps, user, {
      actor: c.get('actor') ?? 'admin',
      note: body.reason,
      context: c.get('context'),
    });
    return c.json({ revoked }, 200);
  };
}

/**
 * Admin-only ticket routes: `GET /v1/tickets` (list, newest first, never a ticket or its HMAC),
 * `POST /v1/admin/tickets` (mint for a named user), `POST /v1/tickets/{id}/revoke` and
 * `POST /v1/users/{user}/revoke`, where `{user}` is an email or `iss|sub`, URL-encoded.
 */
export function adminRoutes(deps: AppDeps): Hono<AppEnv> {
  const admin = requireAdmin(deps);
  return new Hono<AppEnv>()
    .get('/v1/tickets', admin, list(deps))
    .post('/v1/admin/tickets', admin, adminMint(deps))
    .post('/v1/tickets/:id/revoke', admin, revokeOne(deps))
    .post('/v1/users/:user/revoke', admin, revokeUser(deps));
}
