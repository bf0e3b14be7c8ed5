// The tenant's token rules, after NETSKOPE.md "Secure Enrollment token sets".

/** The phrase the real Linux client shows when an IdP install lacks an enforced token. */
export const IDP_REQUIRED = 'IdP enrollment is required by admin';

/** Parses a release such as "R120", "R120.1" or "121.0.0" into [major, minor]. */
export function parseRelease(release) {
  const match = /^R?(\d+)(?:\.(\d+))?/i.exec(String(release ?? ''));
  if (!match) throw new Error(`cannot read client release "${release}"`);
  return [Number(match[1]), Number(match[2] ?? 0)];
}

/**
 * Token sets that count on this release: Enforced sets always; Not Enforced sets only on R120
 * and earlier, where they block enrollment as if enforced (R120.1 and later ignore them).
 */
export function effectiveSets(tenant) {
  const [major, minor] = parseRelease(tenant.clientRelease);
  const ignoresNotEnforced = major > 120 || (major === 120 && minor >= 1);
  return (tenant.tokenSets ?? []).filter((set) => set.enforced || !ignoresNotEnforced);
}

/** The encryption tokens an install must present one of; empty when none is demanded. */
export function demandedEncryptionTokens(tenant) {
  return effectiveSets(tenant)
    .map((set) => set.encryptionToken)
    .filter((token) => typeof token === 'string' && token.length > 0);
}

/** True when `given` is one of the tenant's authentication tokens. */
export function authTokenMatches(tenant, given) {
  return (tenant.tokenSets ?? []).some((set) => set.authToken && set.authToken === given);
}

/**
 * Decides one enrollment. Returns `{ outcome: 'enrolled', email }`, `{ outcome: 'stuck', reason }`
 * (installed, waiting) or `{ outcome: 'refused', message }` (nothing installed).
 */
export function decide(tenant, options) {
  if (options.mode === 'idp') return decideIdp(tenant, options);
  const host = `${tenant.name}.${tenant.domain}`;
  if (options.host?.startsWith('addon-')) {
    return refused(`-H must be the tenant host (${host}), not the addon- host`);
  }
  if (options.host !== host) return refused(`tenant host ${options.host} is not known`);
  if (options.orgKey !== tenant.orgKey)
    return refused('the organization key is not valid for this tenant');
  if (!options.authToken) return refused('an enrollment authentication token is required (-a)');
  if (!authTokenMatches(tenant, options.authToken))
    return refused('the enrollment authentication token is not valid');
  if (options.mode === 'upn' && !encryptionOk(tenant, options)) {
    return refused(
      'the tenant requires an enrollment encryption token (-e) that is missing or not valid',
    );
  }
  const email = options.mode === 'email' ? options.email : (options.upn ?? tenant.upnUser);
  if (!email) return refused('no user principal name: pass -u or log in as a user with a UPN');
  return { outcome: 'enrolled', email };
}

function decideIdp(tenant, options) {
  if (options.tenant !== tenant.name || options.domain !== tenant.domain) {
    return refused(
      `tenant ${options.tenant ?? '(none)'}.${options.domain ?? '(none)'} is not known`,
    );
  }
  if (!encryptionOk(tenant, options)) return { outcome: 'stuck', reason: IDP_REQUIRED };
  if (!tenant.idpUser) return { outcome: 'stuck', reason: 'IdP login did not complete' };
  return { outcome: 'enrolled', email: tenant.idpUser };
}

function encryptionOk(tenant, options) {
  const demanded = demandedEncryptionTokens(tenant);
  return demanded.length === 0 || demanded.includes(options.encryptionToken);
}

function refused(message) {
  return { outcome: 'refused', message };
}
