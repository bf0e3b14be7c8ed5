import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from './config.js';

/** The server secret tickets and admin keys are HMAC'd under. Never stored in the database. */
export type Pepper = Buffer;

/** Shortest pepper accepted, in bytes. */
export const MIN_PEPPER_BYTES = 32;

const VARIABLE = 'LATCHKEY_PEPPER_FILE';

/**
 * Reads the pepper file. One trailing newline is ignored, so a base64 or hex line written by a
 * shell works. Refuses a file shorter than {@link MIN_PEPPER_BYTES}, and, when `strict`
 * (production), one that group or others can read or write.
 */
export function readPepper(path: string, strict: boolean): Pepper {
  if (!existsSync(path)) throw new ConfigError(VARIABLE, `${path} does not exist`);
  const mode = statSync(path).mode & 0o777;
  if (strict && (mode & 0o077) !== 0) {
    throw new ConfigError(VARIABLE, `${path} must be readable by its owner only (chmod 600)`);
  }
  const raw = readFileSync(path);
  // A line written by a shell ends in a newline that is not part of the secret.
  const end =
    raw.at(-1) === 0x0a ? (raw.at(-2) === 0x0d ? raw.length - 2 : raw.length - 1) : raw.length;
  const pepper = raw.subarray(0, end);
  if (pepper.length < MIN_PEPPER_BYTES) {
    throw new ConfigError(VARIABLE, `${path} must hold at least ${MIN_PEPPER_BYTES} bytes`);
  }
  return pepper;
}

/**
 * Development only: reads the pepper at `path`, generating 48 random bytes (base64, mode 0600)
 * the first time.
 */
export function ensureDevPepper(path: string): Pepper {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(48).toString('base64') + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return readPepper(path, false);
}

/** HMAC-SHA-256 of a secret under the pepper, hex. This is all the database ever holds. */
export function hmacSecret(pepper: Pepper, secret: string): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
