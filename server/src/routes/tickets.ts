import { Hono } from 'hono';
import {
  MintRequest,
  PROOF_HEADER,
  RedeemRequest,
  ResultRequest,
  TicketId,
  type MintResponse,
} from '@latchkey/shared';
import { appendAudit } from '../audit/record.js';
import { AppError } from '../errors.js';
import type { Principal } from '../identity/types.js';
import { principalName } from '../admin/auth.js';
import { mintTicket } from '../tickets/mint.js';
import { redeemTicket } from '../tickets/redeem.js';
import { reportResult } from '../tickets/result.js';
import { parseJson, requestUrl, type AppContext, type AppDeps, type AppEnv } from './env.js';
import { rateLimit } from './rate-limit.js';

function bearer(c: AppContext): string | undefined {
  return /^Bearer ([^\s]+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

async function signIn(deps: AppDeps, c: AppContext, body: MintRequest): Promise<Principal> {
  if (body.code !== undefined) {
    if (body.codeVerifier === undefined || body.redirectUri === undefined) {
      throw new AppError('bad_request', { message: 'codeVerifier and redirectUri are required.' });
    }
    const { code, codeVerifier, redirectUri, nonce } = body;
    return deps.identity.exchangeCode({ code, codeVerifier, redirectUri, nonce });
  }
  const token = bearer(c);
  if (token === undefined) throw new AppError('unauthenticated');
  return deps.identity.verifyIdToken(token, body.nonce ? { nonce: body.nonce } : undefined);
}

function refuseSignIn(deps: AppDeps, c: AppContext, error: AppError, principal?: Principal) {
  appendAudit(deps.db, deps.clock, {
    type: 'signin.refused',
    outcome: 'failure',
    actor: principal ? `user:${principalName(principal)}` : null,
    user: principal
      ? { email: principal.email?.toLowerCase() ?? null, id: `${principal.iss}|${principal.sub}` }
      : undefined,
    reason: error.code,
    context: c.get('context'),
  });
}

async function authenticate(deps: AppDeps, c: AppContext, body: MintRequest) {
  try {
    return await signIn(deps, c, body);
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') refuseSignIn(deps, c, error);
    throw error;
  }
}

function authorize(deps: AppDeps, c: AppContext, principal: Principal): void {
  const allowed = deps.config.allowedGroups;
  if (allowed.length === 0 || principal.groups.some((group) => allowed.includes(group))) return;
  const error = new AppError('not_in_allowed_group');
  refuseSignIn(deps, c, error, principal);
  throw error;
}

/** `POST /v1/tickets`: parse, sign in, check the group policy, mint, reply 201. */
function mint(deps: AppDeps) {
  return async (c: AppContext) => {
    const body = await parseJson(c, MintRequest);

    const principal = await authenticate(deps, c, body);
    const actor = `user:${principalName(principal)}`;
    c.set('actor', actor);

    authorize(deps, c, principal);

    const minted: MintResponse = mintTicket(deps, {
      kind: 'self-service',
      owner: { iss: principal.iss, sub: principal.sub, email: principal.email ?? null },
      ttlSeconds: deps.config.ticketTtlSeconds,
      jkt: body.jkt,
      device: body.device,
      actor,
      context: c.get('context'),
    });
    return c.json(minted, 201);
  };
}

/** `POST /v1/tickets/redeem`: parse, then the service checks the proof and consumes once. */
function redeem(deps: AppDeps) {
  return async (c: AppContext) => {
    const body = await parseJson(c, RedeemRequest);

    const redeemed = await redeemTicket(deps, {
      ...body,
      proofHeader: c.req.header(PROOF_HEADER),
      url: requestUrl(c, deps.config.publicUrl),
      context: c.get('context'),
    });
    c.set('actor', `device:${redeemed.ticketId}`);
    return c.json(redeemed, 200);
  };
}

/** `POST /v1/tickets/{id}/result`: the device's final report, proven by the bound key. */
function result(deps: AppDeps) {
  return async (c: AppContext) => {
    const ticketId = TicketId.safeParse(c.req.param('id'));
    if (!ticketId.success) throw new AppError('ticket_unknown');
    const body = await parseJson(c, ResultRequest);

    const reported = await reportResult(deps, {
      ...body,
      ticketId: ticketId.data,
      proofHeader: c.req.header(PROOF_HEADER),
      url: requestUrl(c, deps.config.publicUrl),
      context: c.get('context'),
    });
    return c.json(reported, 200);
  };
}

/**
 * `POST /v1/tickets` (mint for the signed-in user), `POST /v1/tickets/redeem` and
 * `POST /v1/tickets/{id}/result`. Mint and redeem are rate limited per source address.
 */
export function ticketRoutes(deps: AppDeps): Hono<AppEnv> {
  const limited = rateLimit(deps.clock, deps.config.rateLimitPerMinute);
  return new Hono<AppEnv>()
    .post('/v1/tickets', limited, mint(deps))
    .post('/v1/tickets/redeem', limited, redeem(deps))
    .post('/v1/tickets/:id/result', result(deps));
}
