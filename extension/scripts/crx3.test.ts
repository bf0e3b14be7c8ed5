import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_PUBLIC_KEY, extensionIdFromKey } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import { verifyCrx3 } from './crx3.js';
import { packExtension } from './pack.js';
import { readZip } from './zip.js';

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Latchkey',
      version: '1.2.3',
      key: EXTENSION_PUBLIC_KEY,
    }),
  );
  writeFileSync(join(dir, 'popup.html'), '<!doctype html><title>Latchkey</title>');
  writeFileSync(join(dir, 'assets', 'popup.js'), 'console.log("x".repeat(1000));');
  return dir;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('CRX3 packing', () => {
  it('signs the archive so that the signature and the id verify', async () => {
    const packed = packExtension({ distDir: fakeDist(), privateKey });
    const verified = verifyCrx3(packed.crx);

    expect(verified.extensionId).toBe(packed.extensionId);
    expect(packed.extensionId).toMatch(/^[a-p]{32}$/);
    expect(await extensionIdFromKey(verified.publicKey.toString('base64'))).toBe(
      packed.extensionId,
    );
  });

  it('writes the admin’s public key into the packed manifest and keeps every file', () => {
    const packed = packExtension({ distDir: fakeDist(), privateKey });
    const files = readZip(verifyCrx3(packed.crx).archive);
    const manifest = JSON.parse(String(files.get('manifest.json')));

    expect([...files.keys()].sort()).toEqual(['assets/popup.js', 'manifest.json', 'popup.html']);
    expect(manifest.key).toBe(verifyCrx3(packed.crx).publicKey.toString('base64'));
    expect(manifest.key).not.toBe(EXTENSION_PUBLIC_KEY);
    expect(String(files.get('assets/popup.js'))).toBe('console.log("x".repeat(1000));');
  });

  it('refuses a package whose archive was changed after signing', () => {
    const crx = Buffer.from(packExtension({ distDir: fakeDist(), privateKey }).crx);
    crx.writeUInt8(crx.readUInt8(crx.length - 30) ^ 1, crx.length - 30);
    expect(() => verifyCrx3(crx)).toThrow(/signature|CRC|ZIP/);
  });

  it('writes an update manifest naming the id, codebase and version', () => {
    const codebase = 'https://latchkey.example.com/extension/latchkey.crx';
    const packed = packExtension({ distDir: fakeDist(), privateKey, codebase });
    expect(packed.updateXml).toContain(`<app appid='${packed.extensionId}'>`);
    expect(packed.updateXml).toContain(`<updatecheck codebase='${codebase}' version='1.2.3' />`);
  });
});
