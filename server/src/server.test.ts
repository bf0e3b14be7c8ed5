import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigResponse } from '@latchkey/shared';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-server-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('startServer', () => {
  it('starts in development with nothing configured, then closes cleanly', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => lines.push(line) });
    const config = loadConfig({
      LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
      LATCHKEY_LISTEN: '127.0.0.1:0',
      LATCHKEY_DEMO_IDP_PORT: '0',
    });

    const server = await startServer(config, { log });

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const settings = ConfigResponse.parse(await (await fetch(`${server.url}/v1/config`)).json());
    expect(settings.issuer).toBe(server.issuer);
    expect(settings.clientId).toBe('latchkey-extension');
    expect(statSync(join(dir, 'pepper')).mode & 0o777).toBe(0o600);
    expect(lines.filter((l) => l.includes('Development mode'))).toHaveLength(1);

    await server.close();
    expect(server.runtime.db.sqlite.open).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
