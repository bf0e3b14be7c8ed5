import { AppError } from '../errors.js';
import type { Principal } from './types.js';

/**
 * Throws `not_in_allowed_group` unless the principal is in at least one of `allowedGroups`.
 * An empty list lets every signed-in user through.
 *
 * @example assertInAllowedGroup(principal, ['netskope-enrollers'])
 */
export function assertInAllowedGroup(principal: Principal, allowedGroups: readonly string[]): void {
  if (allowedGroups.length === 0) return;
  if (principal.groups.some((group) => allowedGroups.includes(group))) return;
  throw new AppError('not_in_allowed_group', {
    detail: `subject ${principal.sub} of ${principal.iss} is in none of the allowed groups`,
  });
}

/** True when an admin group is configured and the principal is in it. */
export function isAdmin(principal: Principal, adminGroup: string | undefined): boolean {
  if (adminGroup === undefined || adminGroup === '') return false;
  return principal.groups.includes(adminGroup);
}

/** Who may mint tickets and who is an admin, from the configured group names. */
export interface GroupPolicy {
  /** Throws `not_in_allowed_group` when the principal may not get a ticket. */
  assertMayEnroll(principal: Principal): void;
  isAdmin(principal: Principal): boolean;
}

/**
 * Binds {@link assertInAllowedGroup} and {@link isAdmin} to the configuration.
 *
 * @example const policy = groupPolicy({ allowedGroups: [], adminGroup: 'latchkey-admins' })
 */
export function groupPolicy(options: {
  allowedGroups: readonly string[];
  adminGroup: string | undefined;
}): GroupPolicy {
  return {
    assertMayEnroll: (principal) => assertInAllowedGroup(principal, options.allowedGroups),
    isAdmin: (principal) => isAdmin(principal, options.adminGroup),
  };
}
