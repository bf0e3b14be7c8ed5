import { describe, expect, it } from 'vitest';
import { readPolicy, type StorageRead } from './policy.js';

const area =
  (values: Record<string, unknown>): StorageRead =>
  async (keys) =>
    Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]));

describe('the policy', () => {
  it('takes managed storage as a whole when it names a server', async () => {
    const policy = await readPolicy({
      managed: area({ serverUrl: 'https://managed.example/', defaultMode: 'upn' }),
      local: area({ serverUrl: 'https://local.example', forceChromeOsHandoff: true }),
    });
    expect(policy).toEqual({
      serverUrl: 'https://managed.example',
      defaultMode: 'upn',
      forceChromeOsHandoff: false,
      helperInstallCommand: undefined,
      managed: true,
    });
  });

  it('falls back to local settings when unmanaged or managed storage fails', async () => {
    const failing: StorageRead = () => Promise.reject(new Error('no managed storage'));
    const policy = await readPolicy({
      managed: failing,
      local: area({ serverUrl: 'http://127.0.0.1:8787' }),
    });
    expect(policy).toMatchObject({ serverUrl: 'http://127.0.0.1:8787', managed: false });
  });

  it('ignores an unsafe server URL and an unknown mode', async () => {
    const policy = await readPolicy({
      managed: area({ serverUrl: 'http://latchkey.example', defaultMode: 'magic' }),
      local: area({}),
    });
    expect(policy).toMatchObject({ serverUrl: undefined, defaultMode: undefined, managed: true });
  });
});
