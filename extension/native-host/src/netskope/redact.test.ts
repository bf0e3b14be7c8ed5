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

describe('scrubbing values the output did not print whole on one line', () => {
  const material = { tenant: 'acme', domain: 'goskope.com', encryptionToken: 'ENC-0123456789' };

  it('removes a value wrapped over lines, with or without indentation', () => {
    expect(scrub('token ENC-01234\n56789 rejected', material)).toBe(`token ${REDACTED} rejected`);
    expect(scrub('token ENC-0\r\n    123456789.', material)).toBe(`token ${REDACTED}.`);
  });

  it('removes the start of a value the output ends in, as a size limit cuts it', () => {
    expect(scrub('running -e ENC-0123', material)).toBe(`running -e ${REDACTED}`);
  });

  it('leaves text alone that merely shares a few characters with a value', () => {
    expect(scrub('see ENC and acm', material)).toBe('see ENC and acm');
  });
});
