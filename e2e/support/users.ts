/**
 * Test users of the OpenID provider. Each scenario signs in as its own user, so no test depends
 * on another's tickets or audit events.
 */
export const ENROLLERS_GROUP = 'netskope-enrollers';
export const ADMINS_GROUP = 'latchkey-admins';
export const PASSWORD = 'e2e-password';

export interface TestUser {
  login: string;
  password: string;
  sub: string;
  email: string;
  groups: string[];
}

function user(login: string, groups: string[] = [ENROLLERS_GROUP]): TestUser {
  return { login, password: PASSWORD, sub: `sub-${login}`, email: `${login}@example.com`, groups };
}

export const USERS = {
  enroller: user('ada'),
  cancels: user('cal'),
  refused: user('ref'),
  outsider: user('bob', ['contractors']),
  noHelper: user('hal'),
  expires: user('exa'),
  replays: user('rey'),
  encrypted: user('enc'),
  withheld: user('wit'),
  revoked: user('rev'),
  chromebook: user('cro'),
  headless: user('hed'),
  admin: user('root', [ADMINS_GROUP]),
} as const satisfies Record<string, TestUser>;
