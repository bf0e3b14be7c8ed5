import { describe, expect, it } from 'vitest';
import { checkServerUrl, hostPermissionFor } from './server-url.js';

describe('server URLs', () => {
  it.each([
    ['https://latchkey.example.com/', 'https://latchkey.example.com'],
    [' https://latchkey.example.com/base/ ', 'https://latchkey.example.com/base'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('accepts %s as %s', (input, url) => {
    expect(checkServerUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', 'empty'],
    ['latchkey.example.com', 'invalid'],
    ['ftp://latchkey.example.com', 'invalid'],
    ['http://latchkey.example.com', 'insecure'],
    ['http://10.0.0.1', 'insecure'],
    ['https://user:pw@latchkey.example.com', 'credentials'],
    ['https://latchkey.example.com/?x=1', 'invalid'],
  ])('refuses %j as %s', (input, problem) => {
    expect(checkServerUrl(input)).toEqual({ ok: false, problem });
  });

  it('asks for the server’s host on every port', () => {
    expect(hostPermissionFor('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(hostPermissionFor('https://latchkey.example.com/base')).toBe(
      'https://latchkey.example.com/*',
    );
  });
});
