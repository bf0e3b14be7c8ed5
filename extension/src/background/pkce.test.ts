import { describe, expect, it } from 'vitest';
import { createAuthorizationSecrets, pkceChallenge } from './pkce.js';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers the RFC allows, and fresh values every time', () => {
    const first = createAuthorizationSecrets();
    const second = createAuthorizationSecrets();
    expect(first.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(new Set([first.state, first.nonce, first.codeVerifier, second.state]).size).toBe(4);
  });
});
