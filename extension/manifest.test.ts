import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_ID, extensionIdFromKey } from '@latchkey/shared';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'latchkey-extension-build-'));
let manifest: Record<string, unknown>;

// The real production build, into a temporary folder, so the checks see what ships.
beforeAll(async () => {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir },
  });
  manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
}, 120_000);

describe('the built manifest', () => {
  it('carries the key that fixes the extension id', async () => {
    expect(await extensionIdFromKey(manifest.key as string)).toBe(EXTENSION_ID);
  });

  it('asks for exactly identity, storage and nativeMessaging, and no host up front', () => {
    expect(manifest.permissions).toEqual(['identity', 'storage', 'nativeMessaging']);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual([
      'https://*/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
    ]);
    expect(manifest.content_scripts).toBeUndefined();
  });

  it('is closed to web pages and other extensions', () => {
    const external = manifest.externally_connectable as { ids?: unknown[]; matches?: unknown[] };
    expect(external.matches ?? []).toEqual([]);
    expect(external.ids ?? []).toEqual([]);
  });

  it('has a strict content security policy for its pages', () => {
    const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    const directives = Object.fromEntries(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|wasm-unsafe-eval/);
  });

  it('puts the popup and options page at the root of the build', () => {
    expect((manifest.action as { default_popup: string }).default_popup).toBe('popup.html');
    expect((manifest.options_ui as { page: string }).page).toBe('options.html');
    expect(existsSync(join(outDir, 'popup.html'))).toBe(true);
    expect(existsSync(join(outDir, 'options.html'))).toBe(true);
  });

  it('points at a managed policy schema that requires nothing but describes serverUrl', () => {
    const path = (manifest.storage as { managed_schema: string }).managed_schema;
    const schema = JSON.parse(readFileSync(join(outDir, path), 'utf8'));
    expect(schema.type).toBe('object');
    expect(schema.properties.serverUrl.type).toBe('string');
    expect(Object.keys(schema.properties).sort()).toEqual([
      'defaultMode',
      'forceChromeOsHandoff',
      'helperInstallCommand',
      'serverUrl',
    ]);
  });

  it('has no inline script in its pages', () => {
    for (const page of ['popup.html', 'options.html']) {
      const html = readFileSync(join(outDir, page), 'utf8');
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    }
  });
});
