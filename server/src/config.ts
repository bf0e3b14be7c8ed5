import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { assertIssuerUrlAllowed, isLoopbackHost } from './identity/issuer-url.js';

/** A configuration value was missing or unsafe. The message names the variable. */
export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, expected: string, options?: { cause?: unknown }) {
    super(`${variable}: ${expected}`, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** The server's settings, parsed once from the environment by {@link loadConfig}. */
export interface Config {
  production: boolean;
  databasePath: string;
  listen: { host: string; port: number };
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; groupsClaim: string };
  /** Set when the server must start its own demo OpenID provider (development only). */
  demoIdp: { port: number } | undefined;
  pepperFile: string;
  /** Unset in development means the built-in demo profile. */
  profileFile: string | undefined;
  /** Empty means every signed-in user may get a ticket. */
  allowedGroups: string[];
  adminGroup: string | undefined;
  ticketTtlSeconds: number;
  adminTicketTtlSeconds: number;
  /** The public base URL (behind a proxy); device proofs' `htu` is checked against it. */
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Extension ids besides the built-in one that may call the API from a browser. */
  extensionIds: string[];
  /** Mint and redeem requests per source address per minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Take the source address from `X-Forwarded-For` (only behind a proxy you run). */
  trustProxy: boolean;
  /** Folder holding `latchkey.crx` and `updates.xml` to serve under `/extension/`; unset: none. */
  extensionDir: string | undefined;
}

const DEMO_IDP_PORT = 8788;
const DEMO_CLIENT_ID = 'latchkey-extension';

const text = (expects: string) => z.string({ error: expects }).trim().min(1, { error: expects });
const int = (min: number, max: number, expects: string) =>
  z.coerce.number({ error: expects }).int({ error: expects }).min(min, expects).max(max, expects);
const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
const flag = z.enum(['true', 'false', '1', '0'], { error: 'expects true or false' });

/** Every variable the server reads, with what it expects. */
export const Env = z.object({
  NODE_ENV: z.string().optional(),
  LATCHKEY_DATABASE: text('expects a SQLite file path').optional(),
  LATCHKEY_LISTEN: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'expects host:port, e.g. 127.0.0.1:8787')
    .default('127.0.0.1:8787'),
  LATCHKEY_OIDC_ISSUER: text('expects the IdP issuer URL').optional(),
  LATCHKEY_OIDC_CLIENT_ID: text('expects the OIDC client id').optional(),
  LATCHKEY_OIDC_CLIENT_SECRET: text('expects the OIDC client secret').optional(),
  LATCHKEY_PEPPER_FILE: text('expects the path of the pepper file').optional(),
  LATCHKEY_PROFILE_FILE: text('expects the path of the enrollment profile JSON').optional(),
  LATCHKEY_ALLOWED_GROUPS: list,
  LATCHKEY_ADMIN_GROUP: text('expects a group name').optional(),
  LATCHKEY_GROUPS_CLAIM: text('expects an ID-token claim name').default('groups'),
  LATCHKEY_TICKET_TTL_SECONDS: int(1, 3600, 'expects whole seconds, 1 to 3600').default(600),
  LATCHKEY_ADMIN_TICKET_TTL_SECONDS: int(1, 604800, 'expects whole seconds, 1 to 604800').default(
    86400,
  ),
  LATCHKEY_PUBLIC_URL: z.url({ error: 'expects an absolute http(s) URL' }).optional(),
  LATCHKEY_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expects fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  LATCHKEY_EXTENSION_IDS: list,
  LATCHKEY_RATE_LIMIT_PER_MINUTE: int(
    0,
    1_000_000,
    'expects a whole number, 0 to turn off',
  ).default(120),
  LATCHKEY_TRUST_PROXY: flag.default('false'),
  LATCHKEY_DEMO_IDP_PORT: int(0, 65535, 'expects a port number').default(DEMO_IDP_PORT),
  LATCHKEY_EXTENSION_DIR: text(
    'expects the folder holding latchkey.crx and updates.xml',
  ).optional(),
});
type Env = z.infer<typeof Env>;

function parseEnv(env: NodeJS.ProcessEnv): Env {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = Env.safeParse(blankless);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
}

function required<T>(value: T | undefined, variable: string, expects: string): T {
  if (value === undefined) throw new ConfigError(variable, `is required in production; ${expects}`);
  return value;
}

function checkIssuer(issuer: string): string {
  try {
    assertIssuerUrlAllowed(issuer);
  } catch (error) {
    const expects =
      'expects an https:// URL (http:// only on a loopback host), no query or fragment';
    throw new ConfigError('LATCHKEY_OIDC_ISSUER', expects, { cause: error });
  }
  return issuer;
}

function checkPublicUrl(url: string | undefined, production: boolean): string | undefined {
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  const safe = parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname) || !production;
  if (!safe || !/^https?:$/.test(parsed.protocol)) {
    throw new ConfigError('LATCHKEY_PUBLIC_URL', 'expects an https:// URL (http:// on loopback)');
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/$/, '')}`;
}

function parseListen(listen: string): Config['listen'] {
  const at = listen.lastIndexOf(':');
  const port = Number(listen.slice(at + 1));
  if (port > 65535) throw new ConfigError('LATCHKEY_LISTEN', 'expects a port from 0 to 65535');
  return { host: listen.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port };
}

function oidcSettings(env: Env, production: boolean): Pick<Config, 'oidc' | 'demoIdp'> {
  const groupsClaim = env.LATCHKEY_GROUPS_CLAIM;
  if (env.LATCHKEY_OIDC_ISSUER === undefined && !production) {
    const issuer = `http://127.0.0.1:${env.LATCHKEY_DEMO_IDP_PORT}`;
    const clientId = env.LATCHKEY_OIDC_CLIENT_ID ?? DEMO_CLIENT_ID;
    return {
      oidc: { issuer, clientId, clientSecret: undefined, groupsClaim },
      demoIdp: { port: env.LATCHKEY_DEMO_IDP_PORT },
    };
  }
  const issuer = required(env.LATCHKEY_OIDC_ISSUER, 'LATCHKEY_OIDC_ISSUER', 'the IdP issuer URL');
  const clientId = required(env.LATCHKEY_OIDC_CLIENT_ID, 'LATCHKEY_OIDC_CLIENT_ID', 'a client id');
  return {
    oidc: {
      issuer: checkIssuer(issuer),
      clientId,
      clientSecret: env.LATCHKEY_OIDC_CLIENT_SECRET,
      groupsClaim,
    },
    demoIdp: undefined,
  };
}

/**
 * Parses the environment once. Without `NODE_ENV=production` every value has a development
 * default (a database under `./.data/`, a generated pepper beside it, the demo profile and a
 * demo IdP on 127.0.0.1:8788); in production a missing or unsafe value throws a
 * {@link ConfigError} naming the variable. Reads no files: the pepper and profile are loaded by
 * `readPepper` and `loadProfile` so their errors name their variables too.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(env);
  const production = parsed.NODE_ENV === 'production';
  const databasePath = resolve(
    production
      ? required(parsed.LATCHKEY_DATABASE, 'LATCHKEY_DATABASE', 'a SQLite file path')
      : (parsed.LATCHKEY_DATABASE ?? join('.data', 'latchkey.db')),
  );
  const pepperFile = production
    ? required(parsed.LATCHKEY_PEPPER_FILE, 'LATCHKEY_PEPPER_FILE', 'a file of 32+ random bytes')
    : (parsed.LATCHKEY_PEPPER_FILE ?? join(dirname(databasePath), 'pepper'));
  const profileFile = production
    ? required(parsed.LATCHKEY_PROFILE_FILE, 'LATCHKEY_PROFILE_FILE', 'the enrollment profile')
    : parsed.LATCHKEY_PROFILE_FILE;
  const { oidc, demoIdp } = oidcSettings(parsed, production);
  return {
    production,
    databasePath,
    listen: parseListen(parsed.LATCHKEY_LISTEN),
    oidc,
    demoIdp,
    pepperFile: resolve(pepperFile),
    profileFile: profileFile === undefined ? undefined : resolve(profileFile),
    allowedGroups:
      demoIdp && parsed.LATCHKEY_ALLOWED_GROUPS.length === 0
        ? ['netskope-enrollers']
        : parsed.LATCHKEY_ALLOWED_GROUPS,
    adminGroup: parsed.LATCHKEY_ADMIN_GROUP ?? (demoIdp ? 'latchkey-admins' : undefined),
    ticketTtlSeconds: parsed.LATCHKEY_TICKET_TTL_SECONDS,
    adminTicketTtlSeconds: parsed.LATCHKEY_ADMIN_TICKET_TTL_SECONDS,
    publicUrl: checkPublicUrl(parsed.LATCHKEY_PUBLIC_URL, production),
    logLevel: parsed.LATCHKEY_LOG_LEVEL,
    extensionIds: parsed.LATCHKEY_EXTENSION_IDS,
    rateLimitPerMinute: parsed.LATCHKEY_RATE_LIMIT_PER_MINUTE,
    trustProxy: parsed.LATCHKEY_TRUST_PROXY === 'true' || parsed.LATCHKEY_TRUST_PROXY === '1',
    extensionDir:
      parsed.LATCHKEY_EXTENSION_DIR === undefined
        ? undefined
        : resolve(parsed.LATCHKEY_EXTENSION_DIR),
  };
}
