import type { EnrollMode, EnrollmentMaterial, MaterialItem, Platform } from '@latchkey/shared';
import { AppError } from '../errors.js';
import type { EnrollmentProfile } from './profile.js';

/** What one redemption hands out, and the names of the items for the audit. */
export interface Release {
  mode: EnrollMode;
  material: EnrollmentMaterial;
  released: MaterialItem[];
  /** Set when the release draws on the token set (every platform but ChromeOS). */
  tokenSetId: string | undefined;
}

/**
 * The mode a redemption runs in: the one asked for, else the profile's default. ChromeOS only
 * ever gets IdP mode. Throws `mode_not_allowed` for a mode the admin did not allow.
 */
export function resolveMode(
  profile: EnrollmentProfile,
  platform: Platform,
  requested: EnrollMode | undefined,
): EnrollMode {
  const mode = requested ?? (platform === 'cros' ? 'idp' : profile.defaultMode);
  if (platform === 'cros' && mode !== 'idp') {
    throw new AppError('mode_not_allowed', { detail: `${mode} on cros` });
  }
  if (!profile.modes.includes(mode)) throw new AppError('mode_not_allowed', { detail: mode });
  return mode;
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(tenant|domain|email)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
}

function chromeosRelease(profile: EnrollmentProfile, email: string | null): Release {
  const enrollUrl = fillTemplate(profile.chromeos.enrollUrlTemplate, {
    tenant: profile.tenant,
    domain: profile.domain,
    email: email ?? '',
  });
  const material = { tenant: profile.tenant, domain: profile.domain, enrollUrl };
  return {
    mode: 'idp',
    material,
    released: ['tenant', 'domain', 'enrollUrl'],
    tokenSetId: undefined,
  };
}

/**
 * The least material that works for `mode` on `platform` (see NETSKOPE.md):
 *
 * - ChromeOS: `tenant`, `domain`, `enrollUrl` (the filled template); never a secret.
 * - IdP: `tenant`, `domain`, `tenantHost`; `encryptionToken` only when the set enforces it.
 * - UPN: also `orgKey`, `addonHost`, `authToken`.
 * - email: as UPN, plus the ticket owner's `email`.
 *
 * The mode must already have passed {@link resolveMode}.
 */
export function releaseMaterial(
  profile: EnrollmentProfile,
  mode: EnrollMode,
  platform: Platform,
  ownerEmail: string | null,
): Release {
  if (platform === 'cros') return chromeosRelease(profile, ownerEmail);
  const { tokenSet } = profile;
  const material: EnrollmentMaterial = {
    tenant: profile.tenant,
    domain: profile.domain,
    tenantHost: profile.tenantHost ?? `${profile.tenant}.${profile.domain}`,
  };
  if (mode !== 'idp') {
    material.orgKey = profile.orgKey;
    material.addonHost = profile.addonHost;
    material.authToken = tokenSet.authToken;
  }
  if (mode === 'email') {
    if (!ownerEmail) throw new AppError('mode_not_allowed', { detail: 'email mode without email' });
    material.email = ownerEmail;
  }
  if (tokenSet.encryptionEnforced) material.encryptionToken = tokenSet.encryptionToken;
  const released = (Object.keys(material) as MaterialItem[]).filter(
    (item) => material[item] !== undefined,
  );
  return { mode, material, released, tokenSetId: tokenSet.id };
}
