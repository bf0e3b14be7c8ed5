/** A person who can sign in at the demo IdP. */
export interface DemoUser {
  /** What goes in the "Username" field. */
  login: string;
  password: string;
  /** The stable subject identifier put in `sub`. */
  sub: string;
  email: string;
  groups: string[];
}

/**
 * The password of every built-in demo user. For development and tests on loopback only; the
 * demo IdP must never face real users.
 */
export const DEMO_PASSWORD = 'latchkey-demo';

/** The group the demo setup allows to enroll devices. */
export const DEMO_ENROLLERS_GROUP = 'netskope-enrollers';

/** The group the demo setup treats as administrators. */
export const DEMO_ADMIN_GROUP = 'latchkey-admins';

/**
 * The built-in demo users: `alice` may enroll, `bob` is outside the allowed group, `admin` is an
 * administrator who may also enroll. All share {@link DEMO_PASSWORD}.
 */
export const DEMO_USERS = {
  alice: {
    login: 'alice',
    password: DEMO_PASSWORD,
    sub: 'demo-alice',
    email: 'alice@example.com',
    groups: [DEMO_ENROLLERS_GROUP],
  },
  bob: {
    login: 'bob',
    password: DEMO_PASSWORD,
    sub: 'demo-bob',
    email: 'bob@example.com',
    groups: [],
  },
  admin: {
    login: 'admin',
    password: DEMO_PASSWORD,
    sub: 'demo-admin',
    email: 'admin@example.com',
    groups: [DEMO_ADMIN_GROUP, DEMO_ENROLLERS_GROUP],
  },
} as const satisfies Record<string, DemoUser>;
