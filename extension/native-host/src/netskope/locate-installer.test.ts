import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateInstaller } from './locate-installer.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

const options = { platform: 'linux' as const, tenant: 'acme' };

describe('downloading the Linux installer', () => {
  it('keeps it executable by this user only, in a private folder its cleanup removes', async () => {
    const server = createServer((_request, response) => response.end('#!/bin/sh\nexit 0\n'));
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const port = (server.address() as AddressInfo).port;

    const located = await locateInstaller({
      ...options,
      downloadUrlTemplate: `http://127.0.0.1:${port}/{tenant}/get`,
      fetch: globalThis.fetch,
    });

    expect(await readFile(located.path, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect((await stat(located.path)).mode & 0o777).toBe(0o700);
    expect((await stat(dirname(located.path))).mode & 0o777).toBe(0o700);
    await located.cleanup();
    expect(existsSync(dirname(located.path))).toBe(false);
  });

  it('refuses an installer a redirect fetched over plain http', async () => {
    // The tenant's download service, faked: it answers from a plain-http address.
    const fetchFn = async (): Promise<Response> => {
      const response = new Response('#!/bin/sh\necho replaced\n');
      Object.defineProperty(response, 'url', { value: 'http://cdn.example.test/NSClient.run' });
      return response;
    };

    const locating = locateInstaller({
      ...options,
      downloadUrlTemplate: 'https://download-{tenant}.example.test/dlr/linux/get',
      fetch: fetchFn,
    });

    await expect(locating).rejects.toMatchObject({ code: 'installer_not_found' });
  });
});
