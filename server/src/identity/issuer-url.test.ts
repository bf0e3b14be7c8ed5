import { describe, expect, it } from 'vitest';
import { assertIssuerUrlAllowed, isIssuerUrlAllowed } from './issuer-url.js';

describe('an issuer URL', () => {
  it.each([
    'https://example.okta.com',
    'https://example.okta.com/oauth2/default',
    'http://127.0.0.1:9000',
    'http://127.10.0.1',
    'http://localhost:3000',
    'http://[::1]:8080',
  ])('is allowed: %s', (url) => {
    expect(isIssuerUrlAllowed(url)).toBe(true);
    expect(() => assertIssuerUrlAllowed(url)).not.toThrow();
  });

  it.each([
    'http://idp.example.com',
    'http://128.0.0.1',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'ftp://idp.example.com',
    'https://user:pass@idp.example.com',
    'https://idp.example.com/?tenant=1',
    'https://idp.example.com/#x',
    'idp.example.com',
  ])('is refused: %s', (url) => {
    expect(isIssuerUrlAllowed(url)).toBe(false);
    expect(() => assertIssuerUrlAllowed(url)).toThrow();
  });
});
