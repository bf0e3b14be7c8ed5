import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { mkdir, link, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type DeviceKey, generateDeviceKey, jwkThumbprint, publicJwk } from '@latchkey/shared';
import type { JWK } from 'jose';
import { HelperError } from '../errors.js';

/** The key file's name inside the config directory. */
export const KEY_FILE_NAME = 'device-key.json';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A loaded device key with its public JWK and RFC 7638 thumbprint. */
export interface LoadedKey {
  key: DeviceKey;
  jwk: JWK;
  jkt: string;
  path: string;
}

/**
 * Loads the helper's P-256 key from `<dir>/device-key.json`, making it on first run.
 *
 * The file is created with mode 0600 in a 0700 directory, written to a temporary name and then
 * hard-linked into place, so a second process racing the first either wins or loads the winner's
 * key; a half-written key file is never seen. A key file readable or writable by anyone but its
 * owner, a key file that is a symbolic link, and a folder others may write to are refused (on
 * Windows, where modes mean little, the profile's ACLs protect it).
 */
export async function loadOrCreateKey(
  dir: string,
  checkMode = process.platform !== 'win32',
): Promise<LoadedKey> {
  const path = join(dir, KEY_FILE_NAME);
  if (checkMode) await assertPrivateDir(dir);
  const existing = await readKeyFile(path, checkMode);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = await generateDeviceKey(true);
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key.privateKey);
  await writeOnce(
    path,
    JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }),
  );
  const loaded = await readKeyFile(path, checkMode);
  if (!loaded)
    throw new HelperError('internal', { message: 'The device key could not be stored.' });
  return loaded;
}

async function writeOnce(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    // Another helper process stored its key first; that one is used.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
}

async function readKeyFile(path: string, checkMode: boolean): Promise<LoadedKey | undefined> {
  let text: string;
  try {
    text = await readPrivate(path, checkMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const stored = parseStoredJwk(path, text);
  const privateKey = await globalThis.crypto.subtle.importKey('jwk', stored, ALGORITHM, false, [
    'sign',
  ]);
  const { d: _d, ...publicPart } = stored;
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', publicPart, ALGORITHM, true, [
    'verify',
  ]);
  const key = { privateKey, publicKey };
  const jwk = await publicJwk(key);
  return { key, jwk, jkt: await jwkThumbprint(jwk), path };
}

async function assertPrivateDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined); // Missing: made 0700 below.
  const uid = process.getuid?.();
  if (info && ((info.mode & 0o022) !== 0 || (uid !== undefined && info.uid !== uid))) {
    throw new HelperError('internal', {
      message:
        `The helper's folder ${dir} is not owned by this user or others may write to it, so ` +
        `another user could swap its key. Run: chmod 700 "${dir}"`,
    });
  }
}

/** Reads the key file through a handle opened without following a symbolic link. */
async function readPrivate(path: string, checkMode: boolean): Promise<string> {
  const noFollow = checkMode ? (constants.O_NOFOLLOW ?? 0) : 0;
  const handle = await open(path, constants.O_RDONLY | noFollow).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ELOOP' ? notAFile(path) : error;
  });
  try {
    if (checkMode) assertPrivate(path, await handle.stat());
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function notAFile(path: string): HelperError {
  return new HelperError('internal', {
    message: `The device key file ${path} is not a regular file (a link?), so it is not used.`,
  });
}

function assertPrivate(path: string, info: Stats): void {
  if (!info.isFile()) throw notAFile(path);
  if ((info.mode & 0o077) !== 0) {
    throw new HelperError('internal', {
      message:
        `The device key file ${path} can be read or changed by other users ` +
        `(mode ${(info.mode & 0o777).toString(8)}), so it is not used. Another user could have ` +
        `copied it. Delete it to make a new key, or run: chmod 600 "${path}"`,
    });
  }
}

function parseStoredJwk(path: string, text: string): JsonWebKey {
  try {
    const value = JSON.parse(text) as JsonWebKey;
    if (value.kty === 'EC' && value.crv === 'P-256' && value.d && value.x && value.y) return value;
  } catch {
    // Falls through to the error below; the parse error could quote key bytes.
  }
  throw new HelperError('internal', {
    message: `The device key file ${path} is damaged. Delete it to make a new key.`,
  });
}
