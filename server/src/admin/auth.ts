import { appendAudit, type RequestContext } from '../audit/record.js';
import { AppError } from '../errors.js';
import type { Identity, Principal } from '../identity/types.js';
import { useAdminKey, type KeyDeps } from './keys.js';

export interface AdminAuthDeps extends KeyDeps {
  identity: Identity;
  /** Members of this group (in the configured groups claim) are admins. */
  adminGroup: string | undefined;
}

/** The user an ID token names, as the audit and actors spell it. */
export function principalName(principal: Principal): string {
  return principal.email?.toLowerCase() ?? `${principal.iss}|${principal.sub}`;
}

function deny(
  deps: AdminAuthDeps,
  code: 'unauthenticated' | 'forbidden',
  reason: string,
  context: RequestContext,
  principal?: Principal,
): never {
  appendAudit(deps.db, deps.clock, {
    type: 'admin.denied',
    outcome: 'failure',
    actor: principal ? `user:${principalName(principal)}` : null,
    user: principal
      ? { email: principal.email?.toLowerCase() ?? null, id: `${principal.iss}|${principal.sub}` }
      : undefined,
    reason,
    context,
  });
  throw new AppError(code, { detail: reason });
}

async function verifyAdminToken(deps: AdminAuthDeps, token: string, context: RequestContext) {
  try {
    return await deps.identity.verifyIdToken(token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'idp_unavailable') throw error;
    return deny(deps, 'unauthenticated', 'id_token_invalid', context);
  }
}

/**
 * Authenticates an admin request from its `Authorization: Bearer` value: an admin API key
 * (`lka_…`) or an ID token of a member of the admin group. Everyone else is refused with
 * `unauthenticated` (401) or `forbidden` (403) and audited as `admin.denied`.
 *
 * @returns the actor to record, e.g. `admin-key:key_…` or `admin:alice@example.com`.
 */
export async function authenticateAdmin(
  deps: AdminAuthDeps,
  authorization: string | undefined,
  context: RequestContext,
): Promise<string> {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
  const credential = match?.[1];
  if (credential === undefined) return deny(deps, 'unauthenticated', 'no_credentials', context);
  if (credential.startsWith('lka_')) {
    const keyId = useAdminKey(deps, credential);
    if (keyId === undefined) return deny(deps, 'unauthenticated', 'admin_key_refused', context);
    return `admin-key:${keyId}`;
  }
  const principal = await verifyAdminToken(deps, credential, context);
  return admitAdmin(deps, principal, context);
}

/**
 * Lets a signed-in user act as an admin only when they are in the admin group; anyone else is
 * refused with `forbidden` and audited as `admin.denied` (reason `not_in_admin_group`). Used by
 * the API's ID-token sign-in and by the console.
 *
 * @returns the actor to record, `admin:<email>` (or `admin:iss|sub` without an email).
 */
export function admitAdmin(
  deps: AdminAuthDeps,
  principal: Principal,
  context: RequestContext,
): string {
  const admin = deps.adminGroup !== undefined && principal.groups.includes(deps.adminGroup);
  if (!admin) return deny(deps, 'forbidden', 'not_in_admin_group', context, principal);
  return `admin:${principalName(principal)}`;
}

/**
 * Audits a refused admin request that no ID token stands behind (a bad or replayed console
 * sign-in, an IdP refusal, a console form without its CSRF token) as `admin.denied` with
 * `reason`; the caller throws its own error.
 */
export function auditAdminDenied(
  deps: Pick<AdminAuthDeps, 'db' | 'clock'>,
  reason: string,
  context: RequestContext,
  actor: string | null = null,
): void {
  appendAudit(deps.db, deps.clock, {
    type: 'admin.denied',
    outcome: 'failure',
    actor,
    reason,
    context,
  });
}
