import { compactVerify, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  PROOF_TYPE,
  createProof,
  generateDeviceKey,
  jwkThumbprint,
  proofUrl,
  publicJwk,
  ticketHash,
} from './proof.js';
import { generateTicket } from './ticket.js';

describe('device key proofs', () => {
  it('signs a proof that verifies with its embedded key and carries no ticket', async () => {
    const key = await generateDeviceKey(false);
    const ticket = generateTicket();
    const proof = await createProof(key, {
      method: 'post',
      url: 'http://127.0.0.1:8787/v1/tickets/redeem?x=1#y',
      ticket,
      now: 1_700_000_000,
    });

    expect(proof).not.toContain(ticket);
    expect(decodeProtectedHeader(proof).typ).toBe(PROOF_TYPE);
    const { payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: PROOF_TYPE,
      currentDate: new Date(1_700_000_000_000),
    });
    expect(payload.htm).toBe('POST');
    expect(payload.htu).toBe('http://127.0.0.1:8787/v1/tickets/redeem');
    expect(payload.ath).toBe(await ticketHash(ticket));
    expect(typeof payload.jti).toBe('string');
  });

  it('a proof signed by another key does not verify against the first key', async () => {
    const [a, b] = await Promise.all([generateDeviceKey(false), generateDeviceKey(false)]);
    const proof = await createProof(b, { method: 'POST', url: 'http://h/x', ticket: 't' });
    await expect(compactVerify(proof, a.publicKey)).rejects.toThrow();
    expect(await jwkThumbprint(await publicJwk(a))).not.toBe(
      await jwkThumbprint(await publicJwk(b)),
    );
  });

  it('the thumbprint is the RFC 7638 value (its appendix example)', async () => {
    const jwk = {
      kty: 'RSA',
      e: 'AQAB',
      n:
        '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc' +
        '_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQ' +
        'R0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bF' +
        'TWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    };
    expect(await jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(proofUrl('https://a.example/p?q#f')).toBe('https://a.example/p');
  });
});
