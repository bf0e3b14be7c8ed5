const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Encodes a non-negative integer as exactly `width` base62 digits, most significant first.
 *
 * @example encodeBase62(61n, 2) === '0z'
 */
export function encodeBase62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  if (rest !== 0n) throw new RangeError(`value does not fit in ${width} base62 digits`);
  return out;
}

/** Decodes base62 digits to an integer; returns `undefined` on a character outside the set. */
export function decodeBase62(text: string): bigint | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 62n + BigInt(digit);
  }
  return value;
}

/** Reads bytes as one big-endian unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
