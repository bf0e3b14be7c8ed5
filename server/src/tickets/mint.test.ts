import { describe, expect } from 'vitest';
import { localContext } from '../audit/record.js';
import { auditEvents, codeOf, it } from '../testing/fixtures.js';
import { MAX_TTL_SECONDS, mintTicket, type MintInput } from './mint.js';

function mintFor(kind: MintInput['kind'], ttlSeconds: number): MintInput {
  return {
    kind,
    owner: { iss: 'https://idp.test', sub: 'carol-sub', email: 'carol@example.com' },
    ttlSeconds,
    actor: 'test',
    context: localContext(),
  };
}

describe('ticket lifetimes', () => {
  it('no ticket outlives the cap of its kind, whatever its caller asks', ({ ctx }) => {
    const tooLong = [
      mintFor('self-service', MAX_TTL_SECONDS['self-service'] + 1),
      mintFor('admin', MAX_TTL_SECONDS.admin + 1),
      mintFor('admin', 0),
      mintFor('admin', 1.5),
    ];

    for (const input of tooLong) expect(codeOf(() => mintTicket(ctx, input))).toBe('bad_request');

    expect(auditEvents(ctx)).toEqual([]);
    expect(ctx.db.sqlite.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
  });

  it('a ticket may live exactly as long as its cap', ({ ctx }) => {
    const now = ctx.clock.now().getTime();
    const minted = mintTicket(ctx, mintFor('admin', MAX_TTL_SECONDS.admin));
    expect(Date.parse(minted.expiresAt) - now).toBe(MAX_TTL_SECONDS.admin * 1000);
  });
});
