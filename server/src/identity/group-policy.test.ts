import { describe, expect, it } from 'vitest';
import { assertInAllowedGroup, groupPolicy, isAdmin } from './group-policy.js';
import { expectRefused } from './test-support.js';
import type { Principal } from './types.js';

function principal(groups: string[]): Principal {
  return { iss: 'https://idp.example.com', sub: 'user-1', email: undefined, groups };
}

describe('the allowed groups', () => {
  it('let everyone through when the list is empty', () => {
    expect(() => assertInAllowedGroup(principal([]), [])).not.toThrow();
  });

  it('let a member of any allowed group through', () => {
    expect(() => assertInAllowedGroup(principal(['b']), ['a', 'b'])).not.toThrow();
  });

  it('refuse someone in none of them with not_in_allowed_group', async () => {
    const outsider = principal(['other']);
    await expectRefused(
      Promise.resolve().then(() => assertInAllowedGroup(outsider, ['a'])),
      'not_in_allowed_group',
    );
  });
});

describe('the admin group', () => {
  it('makes its members admins', () => {
    expect(isAdmin(principal(['latchkey-admins']), 'latchkey-admins')).toBe(true);
  });

  it('makes nobody else an admin', () => {
    expect(isAdmin(principal(['users']), 'latchkey-admins')).toBe(false);
  });

  it('makes nobody an admin when not configured', () => {
    expect(isAdmin(principal(['']), undefined)).toBe(false);
    expect(groupPolicy({ allowedGroups: [], adminGroup: '' }).isAdmin(principal(['']))).toBe(false);
  });
});
