/**
 * Parsers for the Netskope Client's own output, in the shapes NETSKOPE.md gives:
 * `nsclient show-config` prints gateway, organization and `User Email`; `nsdiag -f` prints
 * `Client status:: enable|disable|unenrolled` and `Tunnel status:: ...`. Separators of one or two
 * colons (or `=`) and any spacing are accepted, since the exact spacing is not documented.
 */

/** The phrase the client shows when the tenant demands a token the device lacks. */
export const IDP_REQUIRED_PHRASE = 'IdP enrollment is required by admin';

const LINE = /^\s*([A-Za-z][A-Za-z0-9 _-]*?)\s*(?:::|:|=)\s*(.*?)\s*$/;

/** Reads `Key: value` / `Key:: value` lines into a map keyed by the lower-cased key. */
export function parseKeyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (match?.[1] && !values.has(match[1].toLowerCase())) {
      values.set(match[1].toLowerCase(), match[2] ?? '');
    }
  }
  return values;
}

/** `Client status::` as the client states it. */
export type ClientStatus = 'enable' | 'disable' | 'unenrolled';

/** What `nsdiag -f` tells. */
export interface DiagFacts {
  clientStatus?: ClientStatus;
  tunnel?: string;
  version?: string;
}

/** Parses `nsdiag -f`. An unknown `Client status` value is left out rather than guessed. */
export function parseNsdiag(text: string): DiagFacts {
  const values = parseKeyValues(text);
  const status = values.get('client status')?.toLowerCase();
  const facts: DiagFacts = {};
  if (status === 'enable' || status === 'disable' || status === 'unenrolled')
    facts.clientStatus = status;
  const tunnel = values.get('tunnel status');
  if (tunnel) facts.tunnel = tunnel;
  const version = values.get('client version') ?? values.get('version');
  if (version) facts.version = version;
  return facts;
}

/** What `nsclient show-config` tells. */
export interface ConfigFacts {
  userEmail?: string;
  gateway?: string;
  organization?: string;
}

/** Parses `nsclient show-config`. */
export function parseShowConfig(text: string): ConfigFacts {
  const values = parseKeyValues(text);
  const facts: ConfigFacts = {};
  const email = values.get('user email');
  if (email && email.includes('@')) facts.userEmail = email;
  const gateway = values.get('gateway');
  if (gateway) facts.gateway = gateway;
  const organization = values.get('organization');
  if (organization) facts.organization = organization;
  return facts;
}

/**
 * The user email from `nsbranding.json`. Its field names are not documented; any string field
 * whose name contains "email" is taken. The file also holds the user key and org key, which are
 * never read out.
 */
export function parseBrandingEmail(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // An encrypted (`.enc`) or half-written file tells nothing.
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, field] of Object.entries(value)) {
    if (/email/i.test(name) && typeof field === 'string' && field.includes('@')) return field;
  }
  return undefined;
}

/**
 * True when the client is waiting on `IdP enrollment is required by admin`: the phrase appears
 * in the text and no later line says the client enrolled.
 */
export function saysIdpRequired(text: string): boolean {
  const at = text.lastIndexOf(IDP_REQUIRED_PHRASE);
  if (at < 0) return false;
  return !/enrollment (?:succeeded|successful|complete)/i.test(text.slice(at));
}
