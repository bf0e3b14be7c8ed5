import type { AdminMintRequest, MintResponse } from '@latchkey/shared';
import type { RequestContext } from '../audit/record.js';
import type { Config } from '../config.js';
import { mintTicket } from '../tickets/mint.js';
import type { TicketDeps } from '../tickets/deps.js';

/** What {@link mintForUser} needs: the ticket services' deps and the admin ticket settings. */
export interface MintForUserDeps extends TicketDeps {
  config: Pick<Config, 'adminTicketTtlSeconds' | 'oidc'>;
}

/**
 * Mints an admin ticket for a named user, for out-of-band delivery: the lifetime defaults to
 * `LATCHKEY_ADMIN_TICKET_TTL_SECONDS` and is capped by it; a `sub` names the user at the
 * configured issuer. The API (`POST /v1/admin/tickets`) and the console both mint through here.
 *
 * @returns the mint reply; its `ticket` is the only copy of the plaintext.
 */
export function mintForUser(
  deps: MintForUserDeps,
  request: AdminMintRequest,
  input: { actor: string; context: RequestContext },
): MintResponse {
  const cap = deps.config.adminTicketTtlSeconds;
  const issuer = request.sub ? deps.config.oidc.issuer : null;
  return mintTicket(deps, {
    kind: 'admin',
    owner: { iss: issuer, sub: request.sub ?? null, email: request.email },
    ttlSeconds: Math.min(request.ttlSeconds ?? cap, cap),
    jkt: request.jkt,
    note: request.note,
    actor: input.actor,
    context: input.context,
  });
}
