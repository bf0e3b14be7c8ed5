import { z } from 'zod';
import { Thumbprint, TicketId } from '@latchkey/shared';
import { loadConfig } from '../config.js';
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

/**
 * `ticket create --email <e> [--sub <s>] [--ttl <seconds>] [--jkt <thumbprint>] [--note <t>]
 * [--json]`: mints an admin ticket and prints it once on stdout (its id and expiry on stderr).
 * `ticket revoke <ticket id> [--reason <text>]`.
 */
export async function ticketCommand(io: Io, action: string | undefined, args: TicketArgs) {
  const config = loadConfig(io.env);
  return withRuntime(io, (runtime) => {
    const deps = { ...runtime, clock };
    if (action === 'create') {
      const { email, ttlSeconds } = parseCreate(args, config.adminTicketTtlSeconds);
      const minted = mintTicket(deps, {
        kind: 'admin',
        owner: { iss: args.sub ? config.oidc.issuer : null, sub: args.sub ?? null, email },
        ttlSeconds,
        jkt: args.jkt,
        note: args.note,
        actor: cliActor(),
        context: runtime.context,
      });
      if (args.json) io.out(JSON.stringify(minted));
      else {
        io.out(minted.ticket);
        io.err(`Ticket ${minted.ticketId} for ${email}, expires ${minted.expiresAt}.`);
      }
      return 0;
    }
    if (action === 'revoke') {
      const id = TicketId.safeParse(args.positionals[0]);
      if (!id.success) throw new UsageError('ticket revoke needs a ticket id (tid_…)');
      const input = { actor: cliActor(), note: args.reason, context: runtime.context };
      const revoked = revokeTicket(deps, id.data, input);
      io.err(
        revoked.length ? `Ticket ${id.data} revoked.` : `Ticket ${id.data} was not outstanding.`,
      );
      return revoked.length ? 0 : 1;
    }
    throw new UsageError('ticket needs create or revoke');
  });
}
