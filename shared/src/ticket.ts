import { bytesToBigInt, decodeBase62, encodeBase62 } from './base62.js';
import { crc32 } from './crc32.js';

/**
 * The enrollment ticket format.
 *
 * `lkt_` + 22 base62 characters from 16 CSPRNG bytes (128 bits) + 6 base62 characters holding
 * the CRC-32 of everything before them. The checksum lets every part refuse a mistyped or
 * truncated ticket before any database work; it is not a secret and proves nothing.
 *
 * Secret scanners can match tickets with {@link TICKET_PATTERN}:
 * `\blkt_[0-9A-Za-z]{28}\b`.
 */
export const TICKET_PREFIX = 'lkt_';
const SECRET_LENGTH = 22;
const CHECKSUM_LENGTH = 6;
const SECRET_BYTES = 16;

/** The exact shape of a ticket, anchored. */
export const TICKET_REGEX = /^lkt_[0-9A-Za-z]{28}$/;

/** The pattern to give secret scanners (unanchored, word-bounded). */
export const TICKET_PATTERN = String.raw`\blkt_[0-9A-Za-z]{28}\b`;

/** The public ticket id: `tid_` + 20 base62 characters. Safe to log and show. */
export const TICKET_ID_REGEX = /^tid_[0-9A-Za-z]{20}$/;

/** Why {@link checkTicket} refused a string. */
export type TicketFormatProblem = 'prefix' | 'length' | 'charset' | 'checksum';

function checksum(body: string): string {
  return encodeBase62(BigInt(crc32(body)), CHECKSUM_LENGTH);
}

function randomBase62(bytes: number, width: number): string {
  const buffer = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buffer);
  return encodeBase62(bytesToBigInt(buffer), width);
}

/** Makes a new ticket from the platform CSPRNG. */
export function generateTicket(): string {
  const body = TICKET_PREFIX + randomBase62(SECRET_BYTES, SECRET_LENGTH);
  return body + checksum(body);
}

/** Makes a new public ticket id (112 random bits, so ids cannot be guessed either). */
export function generateTicketId(): string {
  return 'tid_' + randomBase62(14, 20);
}

/**
 * Checks a string's shape and checksum without touching any store.
 *
 * @returns `undefined` when the ticket is well formed, otherwise the first problem found.
 */
export function checkTicket(candidate: string): TicketFormatProblem | undefined {
  if (!candidate.startsWith(TICKET_PREFIX)) return 'prefix';
  if (candidate.length !== TICKET_PREFIX.length + SECRET_LENGTH + CHECKSUM_LENGTH) return 'length';
  if (!TICKET_REGEX.test(candidate)) return 'charset';
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  const given = decodeBase62(candidate.slice(-CHECKSUM_LENGTH));
  return given === BigInt(crc32(body)) ? undefined : 'checksum';
}

/** True when the string is a well-formed ticket with a valid checksum. */
export function isWellFormedTicket(candidate: string): boolean {
  return checkTicket(candidate) === undefined;
}
