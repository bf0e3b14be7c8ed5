import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EnrollMode } from '@latchkey/shared';
import { ConfigError } from '../config.js';

const VARIABLE = 'LATCHKEY_PROFILE_FILE';
const host = z.string().regex(/^[a-z0-9.-]+$/i, 'expects a host name');

/**
 * The enrollment profile: what this deployment may release to devices. Read from a JSON file at
 * start, held in memory, never copied into the database or a log.
 */
export const EnrollmentProfile = z
  .object({
    tenant: z.string().regex(/^[a-z0-9-]+$/i, 'expects the tenant name'),
    domain: host,
    addonHost: host,
    /** The bare tenant host (`<tenant>.<domain>`) when it differs from the default. */
    tenantHost: host.optional(),
    orgKey: z.string().min(1),
    tokenSet: z.object({
      id: z.string().min(1),
      authToken: z.string().min(1),
      encryptionToken: z.string().min(1).optional(),
      encryptionEnforced: z.boolean(),
    }),
    /** Modes the admin allows; `idp` is always among them. */
    modes: z.array(EnrollMode).min(1),
    defaultMode: EnrollMode,
    chromeos: z.object({ enrollUrlTemplate: z.string().url() }),
  })
  .strict()
  .refine((p) => p.modes.includes('idp'), { message: 'modes must include idp' })
  .refine((p) => p.modes.includes(p.defaultMode), { message: 'defaultMode must be in modes' })
  .refine((p) => !p.tokenSet.encryptionEnforced || p.tokenSet.encryptionToken !== undefined, {
    message: 'tokenSet.encryptionToken is required when encryptionEnforced is true',
  });
export type EnrollmentProfile = z.infer<typeof EnrollmentProfile>;

/**
 * The development profile: tenant `demo` on `goskope.com`, demo tokens, encryption enforced,
 * every mode allowed. Its tokens open nothing.
 */
export function demoProfile(): EnrollmentProfile {
  return {
    tenant: 'demo',
    domain: 'goskope.com',
    addonHost: 'addon-demo.goskope.com',
    tenantHost: 'demo.goskope.com',
    orgKey: 'demo-org-key',
    tokenSet: {
      id: 'demo-token-set',
      authToken: 'demo-auth-token',
      encryptionToken: 'demo-encryption-token',
      encryptionEnforced: true,
    },
    modes: ['idp', 'upn', 'email'],
    defaultMode: 'idp',
    chromeos: {
      enrollUrlTemplate:
        'https://nsauth-{tenant}.{domain}/nsauth/client/authenticate?email={email}',
    },
  };
}

/** Validates a profile object; errors name the field, never a value. */
export function parseProfile(value: unknown): EnrollmentProfile {
  const result = EnrollmentProfile.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'profile';
  throw new ConfigError(VARIABLE, `invalid profile at ${where}: ${issue?.message ?? 'invalid'}`);
}

/** Reads and validates the profile file. */
export function loadProfile(path: string): EnrollmentProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(VARIABLE, `${path} must be a readable JSON file`, { cause: error });
  }
  return parseProfile(raw);
}
