import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCode, testContext, type TestContext } from '../testing/fixtures.js';

const CRX = Buffer.from([0x43, 0x72, 0x32, 0x34, 3, 0, 0, 0, 0xff, 0x00]);
const UPDATES = "<?xml version='1.0' encoding='UTF-8'?>\n<gupdate protocol='2.0'></gupdate>\n";

let ctx: TestContext | undefined;
let dir: string | undefined;
afterEach(() => {
  ctx?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A context serving a folder with both files, plus a file that must never be served. */
function servingContext(): TestContext {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-extension-'));
  writeFileSync(join(dir, 'latchkey.crx'), CRX);
  writeFileSync(join(dir, 'updates.xml'), UPDATES);
  writeFileSync(join(dir, 'admin.pem'), 'PRIVATE KEY');
  return testContext({ env: { LATCHKEY_EXTENSION_DIR: dir } });
}

describe('extension hosting', () => {
  it('serves the CRX and the update manifest with their content types, without auth', async () => {
    ctx = servingContext();

    const crx = await ctx.app.request('/extension/latchkey.crx');
    const xml = await ctx.app.request('/extension/updates.xml');

    expect(crx.status).toBe(200);
    expect(crx.headers.get('content-type')).toBe('application/x-chrome-extension');
    expect(Buffer.from(await crx.arrayBuffer())).toEqual(CRX);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await xml.text()).toBe(UPDATES);
  });

  it('serves no other name, no listing and nothing outside the folder', async () => {
    ctx = servingContext();
    const paths = [
      '/extension/',
      '/extension',
      '/extension/admin.pem',
      '/extension/latchkey.crx/',
      '/extension/LATCHKEY.CRX',
      '/extension/../latchkey.db',
      '/extension/%2e%2e/latchkey.db',
      '/extension/..%2flatchkey.db',
      '/extension/%2e%2e%2fpepper',
      '/extension/latchkey.crx%00.xml',
    ];

    for (const path of paths) {
      const res = await ctx.app.request(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await errorCode(res)).toBe('not_found');
    }
  });

  it('is not found when LATCHKEY_EXTENSION_DIR is unset, or a file is missing', async () => {
    ctx = testContext();
    expect((await ctx.app.request('/extension/latchkey.crx')).status).toBe(404);
    expect((await ctx.app.request('/extension/updates.xml')).status).toBe(404);
    ctx.close();

    ctx = testContext({ env: { LATCHKEY_EXTENSION_DIR: join(ctx.dir, 'nowhere') } });
    const res = await ctx.app.request('/extension/updates.xml');
    expect(await errorCode(res)).toBe('not_found');
  });
});
