import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The CRX3 package format Chrome installs: `Cr24`, version 3, the length of a protobuf
 * `CrxFileHeader`, the header, then the ZIP archive.
 *
 * The header holds one `sha256_with_rsa` proof (field 2: public key as DER SubjectPublicKeyInfo,
 * signature) and `signed_header_data` (field 10000), a `SignedData` whose `crx_id` (field 1) is
 * the first 16 bytes of the SHA-256 of that public key. The signature is RSA PKCS#1 v1.5 with
 * SHA-256 over `"CRX3 SignedData\x00"`, the signed header data's length (uint32 LE), the signed
 * header data and the archive.
 */
const MAGIC = Buffer.from('Cr24', 'ascii');
const VERSION = 3;
const SIGNATURE_CONTEXT = Buffer.from('CRX3 SignedData\x00', 'binary');
const FIELD_SHA256_WITH_RSA = 2;
const FIELD_SIGNED_HEADER_DATA = 10000;
const FIELD_PUBLIC_KEY = 1;
const FIELD_SIGNATURE = 2;
const FIELD_CRX_ID = 1;

/** The DER SubjectPublicKeyInfo of a key (private or public). */
export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** The 16-byte CRX id of a DER public key. */
export function crxIdBytes(publicKey: Buffer): Buffer {
  return createHash('sha256').update(publicKey).digest().subarray(0, 16);
}

/** The extension id (32 letters a-p) of a DER public key, as Chrome derives it. */
export function extensionIdOf(publicKey: Buffer): string {
  return [...crxIdBytes(publicKey).toString('hex')]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join('');
}

/** Packs a ZIP archive into a CRX3 signed with an RSA private key. */
export function createCrx3(archive: Buffer, privateKey: KeyObject): Buffer {
  const publicKey = publicKeyDer(privateKey);
  const signedHeaderData = field(FIELD_CRX_ID, crxIdBytes(publicKey));
  const signature = sign('sha256', signedPayload(signedHeaderData, archive), privateKey);
  const proof = Buffer.concat([
    field(FIELD_PUBLIC_KEY, publicKey),
    field(FIELD_SIGNATURE, signature),
  ]);
  const header = Buffer.concat([
    field(FIELD_SHA256_WITH_RSA, proof),
    field(FIELD_SIGNED_HEADER_DATA, signedHeaderData),
  ]);
  const prefix = Buffer.alloc(12);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(VERSION, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, archive]);
}

/** What {@link verifyCrx3} found in a valid CRX3. */
export interface VerifiedCrx {
  extensionId: string;
  publicKey: Buffer;
  archive: Buffer;
}

/**
 * Checks a CRX3 as Chrome would for an RSA-signed package: the magic and version, a proof whose
 * signature verifies, and a `crx_id` that matches the proof's key. Throws on any failure.
 */
export function verifyCrx3(crx: Buffer): VerifiedCrx {
  if (!crx.subarray(0, 4).equals(MAGIC) || crx.readUInt32LE(4) !== VERSION) {
    throw new Error('not a CRX3 file');
  }
  const headerEnd = 12 + crx.readUInt32LE(8);
  const header = readFields(crx.subarray(12, headerEnd));
  const archive = crx.subarray(headerEnd);
  const signedHeaderData = header.get(FIELD_SIGNED_HEADER_DATA)?.[0];
  const proof = header.get(FIELD_SHA256_WITH_RSA)?.[0];
  if (!signedHeaderData || !proof) throw new Error('CRX3 header incomplete');

  const proofFields = readFields(proof);
  const publicKey = proofFields.get(FIELD_PUBLIC_KEY)?.[0];
  const signature = proofFields.get(FIELD_SIGNATURE)?.[0];
  const crxId = readFields(signedHeaderData).get(FIELD_CRX_ID)?.[0];
  if (!publicKey || !signature || !crxId) throw new Error('CRX3 proof incomplete');
  if (!crxId.equals(crxIdBytes(publicKey))) throw new Error('crx_id does not match the key');

  const key = createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
  if (!verify('sha256', signedPayload(signedHeaderData, archive), key, signature)) {
    throw new Error('CRX3 signature does not verify');
  }
  return { extensionId: extensionIdOf(publicKey), publicKey, archive };
}

function signedPayload(signedHeaderData: Buffer, archive: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedHeaderData.length, 0);
  return Buffer.concat([SIGNATURE_CONTEXT, length, signedHeaderData, archive]);
}

/** A length-delimited protobuf field. */
function field(number: number, value: Buffer): Buffer {
  return Buffer.concat([varint(number * 8 + 2), varint(value.length), value]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads length-delimited fields; other wire types are refused (CRX3 uses none). */
function readFields(buffer: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let cursor = 0;
  const next = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = buffer[cursor++];
      if (byte === undefined) throw new Error('truncated protobuf');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (cursor < buffer.length) {
    const tag = next();
    if (tag % 8 !== 2) throw new Error('unexpected protobuf wire type');
    const length = next();
    const value = buffer.subarray(cursor, cursor + length);
    if (value.length !== length) throw new Error('truncated protobuf');
    cursor += length;
    fields.set(Math.floor(tag / 8), [...(fields.get(Math.floor(tag / 8)) ?? []), value]);
  }
  return fields;
}

/** The update manifest (gupdate XML) Chrome polls for a self-hosted extension. */
export function updateManifestXml(extensionId: string, codebase: string, version: string): string {
  const attr = (value: string) =>
    value
      .replace(/&/g, '&amp;')
      .replace(/'/g, '&apos;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${attr(extensionId)}'>`,
    `    <updatecheck codebase='${attr(codebase)}' version='${attr(version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
