import type { Clock } from '../clock.js';
import type { Db } from '../db/connection.js';
import type { EnrollmentProfile } from '../netskope/profile.js';
import type { Pepper } from '../pepper.js';

/** What the ticket services need; passed in, never imported. */
export interface TicketDeps {
  db: Db;
  clock: Clock;
  pepper: Pepper;
  profile: EnrollmentProfile;
}
