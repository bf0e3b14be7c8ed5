/**
 * The extension's identity. The manifest carries this public key, so the extension id is known
 * before install: the IdP redirect URI (`https://<id>.chromiumapp.org/`) and the helper's
 * allowed origin (`chrome-extension://<id>/`) depend on it. An admin who packs with their own
 * key gets another id; see docs/extension-key.md.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuqvOth9qmi1S7c/PqGVoPK3AiYhWB8J1xjCHsJud/0we' +
  'PPVMemnVT79jiJ2t7r1nwg4Rdn2wkWg+jI5o3zTXaJ91hb/YH9jmZ6WiXkDBS6aG9ai1S6nDDVbviOpl3FlTQELD' +
  'xq+a0AOUGrKea2qGK0LFnotYnhKyTPXMx1iAetPm/gNNMy02ofcCZ84v5C3v745EOsxbqqtdz+0VRvBjcdkJpKoB' +
  'p7sjemsuOwk2nipPXyN6PHi8cdoxtODuzSlUYMrpMia4CysPQOK8yGSZzAtTIgClJ7EbPatUdNycywNLyR79UMau' +
  'cMSxyRtVzalm675tEidZBpsOI1HFrydY2QIDAQAB';

/** The id Chrome derives from {@link EXTENSION_PUBLIC_KEY}. */
export const EXTENSION_ID = 'blhigabkoiaiikkjiiciomkhdmmlekoj';

/** The origin Chrome passes to the native helper when this extension starts it. */
export function extensionOrigin(id: string = EXTENSION_ID): string {
  return `chrome-extension://${id}/`;
}

/** The redirect URI `identity.launchWebAuthFlow` uses for this extension. */
export function extensionRedirectUri(id: string = EXTENSION_ID): string {
  return `https://${id}.chromiumapp.org/`;
}

/** Derives an extension id from a base64 DER SubjectPublicKeyInfo, as Chrome does. */
export async function extensionIdFromKey(publicKeyBase64: string): Promise<string> {
  const der = Uint8Array.from(atob(publicKeyBase64), (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der));
  let id = '';
  for (const byte of digest.subarray(0, 16)) {
    id += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 15));
  }
  return id;
}
