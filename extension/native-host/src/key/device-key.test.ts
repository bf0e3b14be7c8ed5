import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rename,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createProof } from '@latchkey/shared';
import { EmbeddedJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { configDir } from './config-dir.js';
import { KEY_FILE_NAME, loadOrCreateKey } from './device-key.js';
import { HelperError } from '../errors.js';

const freshDir = async () => join(await mkdtemp(join(tmpdir(), 'latchkey-key-')), 'latchkey');

describe('the device key', () => {
  it('is made once as a 0600 file in a 0700 folder and is the same key afterwards', async () => {
    const dir = await freshDir();
    const first = await loadOrCreateKey(dir);
    const again = await loadOrCreateKey(dir);
    expect(again.jkt).toBe(first.jkt);
    expect(first.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual([KEY_FILE_NAME]);
  });

  it('signs proofs that verify against its thumbprint', async () => {
    const loaded = await loadOrCreateKey(await freshDir());
    const proof = await createProof(loaded.key, {
      method: 'POST',
      url: 'http://127.0.0.1/v1/x',
      ticket: 't',
    });
    const { protectedHeader } = await jwtVerify(proof, EmbeddedJWK);
    expect(protectedHeader.jwk).toEqual(loaded.jwk);
  });

  it('yields one key when several processes start at once', async () => {
    const dir = await freshDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(dir)));
    expect(new Set(keys.map((k) => k.jkt)).size).toBe(1);
    expect(await readdir(dir)).toEqual([KEY_FILE_NAME]);
  });

  it('refuses a key file other users can read, and says how to fix it', async () => {
    const dir = await freshDir();
    const { path } = await loadOrCreateKey(dir);
    await chmod(path, 0o644);
    const refused = await loadOrCreateKey(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HelperError);
    expect((refused as HelperError).message).toContain('chmod 600');
    expect((refused as HelperError).message).not.toContain(
      JSON.parse(await readFile(path, 'utf8')).d,
    );
  });

  it('refuses a damaged key file without quoting it', async () => {
    const dir = await freshDir();
    const { path } = await loadOrCreateKey(dir);
    await writeFile(path, '{"kty":"EC","d":"c2VjcmV0');
    await expect(loadOrCreateKey(dir)).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('the config folder', () => {
  it('follows each platform and the override', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/latchkey');
    expect(configDir({}, 'linux', '/home/u')).toBe('/home/u/.config/latchkey');
    expect(configDir({}, 'mac', '/Users/u')).toBe('/Users/u/Library/Application Support/Latchkey');
    expect(configDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win', 'C:/Users/u')).toBe(
      'C:/Users/u/AppData/Roaming/Latchkey',
    );
    expect(configDir({ LATCHKEY_HOST_CONFIG_DIR: '/o' }, 'mac', '/Users/u')).toBe('/o');
  });
});

describe('what the device key is kept in', () => {
  it('refuses a key file that is a symbolic link, even to a private file', async () => {
    const dir = await freshDir();
    const { path, jkt } = await loadOrCreateKey(dir);
    const elsewhere = join(await mkdtemp(join(tmpdir(), 'latchkey-key-')), 'planted.json');
    await rename(path, elsewhere);
    await symlink(elsewhere, path);
    await expect(loadOrCreateKey(dir)).rejects.toMatchObject({ code: 'internal' });
    await unlink(path);
    await rename(elsewhere, path);
    expect((await loadOrCreateKey(dir)).jkt).toBe(jkt);
  });

  it('refuses a folder others may write to, before reading or making a key', async () => {
    const dir = await freshDir();
    await mkdir(dir, { mode: 0o700 });
    await chmod(dir, 0o777);
    await expect(loadOrCreateKey(dir)).rejects.toMatchObject({ code: 'internal' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('is never relative when HOME or XDG_CONFIG_HOME is unset, empty or relative', () => {
    const expected = join(userInfo().homedir, '.config', 'latchkey');
    for (const env of [{}, { HOME: '' }, { HOME: 'home' }, { HOME: '', XDG_CONFIG_HOME: 'cfg' }]) {
      expect(configDir(env, 'linux')).toBe(expected);
    }
  });
});
