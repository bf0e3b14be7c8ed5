import { z } from 'zod';
import {
  MAX_TICKET_PAGE_SIZE,
  Thumbprint,
  TicketId,
  TicketListQuery,
  type TicketSummary,
} from '@latchkey/shared';
import { loadConfig, type Config } from '../config.js';
import { listTickets } from '../tickets/list.js';
import { mintTicket } from '../tickets/mint.js';
import { revokeTicket } from '../tickets/revoke.js';
import { clock, cliActor, UsageError, withRuntime, type Io } from './io.js';

export interface TicketArgs {
  positionals: string[];
  email?: string;
  sub?: string;
  ttl?: string;
  jkt?: string;
  note?: string;
  reason?: string;
  user?: string;
  status?: string;
  kind?: string;
  json?: boolean;
}

function parseCreate(args: TicketArgs, cap: number) {
  const email = z.email().safeParse(args.email);
  if (!email.success) throw new UsageError('ticket create needs --email <address>');
  const ttl = args.ttl === undefined ? cap : Number(args.ttl);
  if (!Number.isInteger(ttl) || ttl < 1) throw new UsageError('--ttl expects whole seconds');
  if (args.jkt !== undefined && !Thumbprint.safeParse(args.jkt).success) {
    throw new UsageError('--jkt expects an RFC 7638 SHA-256 thumbprint (43 base64url characters)');
  }
  return { email: email.data, ttlSeconds: Math.min(ttl, cap) };
}

type Runtime = Parameters<Parameters<typeof withRuntime>[1]>[0];
type Deps = Runtime & { clock: typeof clock };

function create(io: Io, deps: Deps, args: TicketArgs, config: Config): number {
  const { email, ttlSeconds } = parseCreate(args, config.adminTicketTtlSeconds);
  const minted = mintTicket(deps, {
    kind: 'admin',
    owner: { iss: args.sub ? config.oidc.issuer : null, sub: args.sub ?? null, email },
    ttlSeconds,
    jkt: args.jkt,
    note: args.note,
    actor: cliActor(),
    context: deps.context,
  });
  if (args.json) io.out(JSON.stringify(minted));
  else {
    io.out(minted.ticket);
    io.err(`Ticket ${minted.ticketId} for ${email}, expires ${minted.expiresAt}.`);
  }
  return 0;
}

function revoke(io: Io, deps: Deps, args: TicketArgs): number {
  const id = TicketId.safeParse(args.positionals[0]);
  if (!id.success) throw new UsageError('ticket revoke needs a ticket id (tid_…)');
  const input = { actor: cliActor(), note: args.reason, context: deps.context };
  const revoked = revokeTicket(deps, id.data, input);
  io.err(revoked.length ? `Ticket ${id.data} revoked.` : `Ticket ${id.data} was not outstanding.`);
  return revoked.length ? 0 : 1;
}

function listLine(ticket: TicketSummary): string {
  const owner = ticket.owner.email ?? ticket.owner.id ?? '-';
  const device = ticket.device?.hostname ?? ticket.device?.platform ?? '-';
  const { ticketId, status, kind, createdAt, expiresAt } = ticket;
  return [ticketId, status, kind, owner, createdAt, expiresAt, device].join('\t');
}

function list(io: Io, deps: Deps, args: TicketArgs): number {
  const filter = TicketListQuery.safeParse({
    user: args.user,
    status: args.status,
    kind: args.kind,
    limit: MAX_TICKET_PAGE_SIZE,
  });
  if (!filter.success) {
    throw new UsageError(
      'ticket list takes --user <email or iss|sub>, --status outstanding|redeemed|revoked|expired' +
        ' and --kind self-service|admin',
    );
  }
  const found: TicketSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = listTickets(deps, { ...filter.data, cursor });
    found.push(...page.tickets);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (args.json) io.out(JSON.stringify(found));
  else for (const ticket of found) io.out(listLine(ticket));
  return 0;
}

/**
 * `ticket create --email <e> [--sub <s>] [--ttl <seconds>] [--jkt <thumbprint>] [--note <t>]
 * [--json]`: mints an admin ticket and prints it once on stdout (its id and expiry on stderr).
 * `ticket revoke <ticket id> [--reason <text>]`.
 * `ticket list [--user <u>] [--status <s>] [--kind <k>] [--json]`: every matching ticket, newest
 * first, one tab-separated line each (id, status, kind, owner, created, expires, device), or a
 * JSON array of `TicketSummary`; never a ticket or its HMAC. Reads the database directly.
 */
export async function ticketCommand(io: Io, action: string | undefined, args: TicketArgs) {
  const config = loadConfig(io.env);
  return withRuntime(io, (runtime) => {
    const deps = { ...runtime, clock };
    if (action === 'create') return create(io, deps, args, config);
    if (action === 'revoke') return revoke(io, deps, args);
    if (action === 'list') return list(io, deps, args);
    throw new UsageError('ticket needs create, revoke or list');
  });
}
