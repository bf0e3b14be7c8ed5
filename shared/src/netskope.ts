import { z } from 'zod';

/** Where a device runs. `cros` is ChromeOS, where no native helper can run. */
export const Platform = z.enum(['linux', 'mac', 'win', 'cros']);
export type Platform = z.infer<typeof Platform>;

/** Netskope enrollment modes a redemption may ask for (see NETSKOPE.md "Enrollment modes"). */
export const EnrollMode = z.enum(['idp', 'upn', 'email']);
export type EnrollMode = z.infer<typeof EnrollMode>;

/** Names of the items a redemption can release; the audit records these, never the values. */
export const MaterialItem = z.enum([
  'tenant',
  'domain',
  'tenantHost',
  'addonHost',
  'orgKey',
  'authToken',
  'encryptionToken',
  'email',
  'enrollUrl',
]);
export type MaterialItem = z.infer<typeof MaterialItem>;

/**
 * Enrollment material released by one redemption: the least its mode and platform need.
 *
 * - IdP: `tenant`, `domain`, `tenantHost`; `encryptionToken` only when the token set enforces it.
 * - UPN / email: also `orgKey`, `addonHost` and `authToken` (and `email` for email mode).
 * - ChromeOS: only `tenant`, `domain` and `enrollUrl`; never a secret.
 */
export const EnrollmentMaterial = z.object({
  tenant: z.string(),
  domain: z.string(),
  tenantHost: z.string().optional(),
  addonHost: z.string().optional(),
  orgKey: z.string().optional(),
  authToken: z.string().optional(),
  encryptionToken: z.string().optional(),
  email: z.string().optional(),
  enrollUrl: z.string().optional(),
});
export type EnrollmentMaterial = z.infer<typeof EnrollmentMaterial>;

/**
 * The Netskope Client's state on a device, as the helper reads it.
 *
 * `status`: `not-installed`; `enrolled` (client enabled for a user); `disabled` (enrolled but
 * switched off); `unenrolled` (installed, no user); `stuck` (waiting on something it cannot
 * get, e.g. "IdP enrollment is required by admin"); `unknown` (could not be read).
 */
export const NetskopeStatus = z.enum([
  'not-installed',
  'enrolled',
  'disabled',
  'unenrolled',
  'stuck',
  'unknown',
]);
export type NetskopeStatus = z.infer<typeof NetskopeStatus>;

export const NetskopeState = z.object({
  status: NetskopeStatus,
  installed: z.boolean(),
  version: z.string().optional(),
  enrolled: z.boolean(),
  userEmail: z.string().optional(),
  tunnel: z.string().optional(),
  /** The client's own words, e.g. `IdP enrollment is required by admin`. */
  reason: z.string().optional(),
  /** A plain-words explanation the popup can show as is. */
  explanation: z.string(),
});
export type NetskopeState = z.infer<typeof NetskopeState>;
