import { describe, expect, it } from 'vitest';
import { REDACTED, scrub } from './redact.js';

describe('scrubbing installer output', () => {
  it('replaces every material value, a longer value before one it contains', () => {
    const text = 'run -o ORG -a ORG-AUTH -e ENC for acme';
    expect(
      scrub(text, {
        tenant: 'acme',
        domain: 'd',
        orgKey: 'ORG',
        authToken: 'ORG-AUTH',
        encryptionToken: 'ENC',
      }),
    ).toBe(`run -o ${REDACTED} -a ${REDACTED} -e ${REDACTED} for ${REDACTED}`);
  });
});

describe('scrubbing values with pattern characters', () => {
  it('treats them literally', () => {
    expect(scrub('a+b.c and abxc', ['a+b.c'])).toBe(`${REDACTED} and abxc`);
  });
});
