import { describe, expect, it } from 'vitest';
import { chooseClientAuth } from './code-exchange.js';
import type { DiscoveryDocument } from './discovery.js';

function document(methods: string[]): DiscoveryDocument {
  return {
    issuer: 'https://idp.example.com',
    authorizationEndpoint: 'https://idp.example.com/auth',
    tokenEndpoint: 'https://idp.example.com/token',
    jwksUri: 'https://idp.example.com/jwks',
    deviceAuthorizationEndpoint: undefined,
    tokenEndpointAuthMethods: methods,
  };
}

describe('client authentication at the token endpoint', () => {
  it('is none (a public client) without a secret', () => {
    expect(chooseClientAuth(document(['client_secret_basic']), undefined)).toEqual({
      method: 'none',
    });
  });

  it('prefers client_secret_basic when the IdP supports it', () => {
    const methods = ['client_secret_post', 'client_secret_basic'];
    expect(chooseClientAuth(document(methods), 's').method).toBe('client_secret_basic');
  });

  it('uses client_secret_post when that is all the IdP supports', () => {
    expect(chooseClientAuth(document(['client_secret_post']), 's').method).toBe(
      'client_secret_post',
    );
  });

  it('refuses to go on when the IdP supports neither', () => {
    expect(() => chooseClientAuth(document(['private_key_jwt']), 's')).toThrow();
  });
});
