import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { demoProfile, loadProfile, type EnrollmentProfile } from './netskope/profile.js';
import { ensureDevPepper, readPepper, type Pepper } from './pepper.js';

/** The stateful parts every command needs: the migrated database, the pepper, the profile. */
export interface Runtime {
  db: Db;
  pepper: Pepper;
  profile: EnrollmentProfile;
}

/**
 * Loads the pepper and profile (failing with a ConfigError naming the variable), then opens and
 * migrates the database. In development a missing pepper is generated beside the database and a
 * missing profile is the demo profile; `log` gets one warning saying so.
 */
export function openRuntime(config: Config, log?: Logger): Runtime {
  const pepper = config.production
    ? readPepper(config.pepperFile, true)
    : ensureDevPepper(config.pepperFile);
  const profile = config.profileFile ? loadProfile(config.profileFile) : demoProfile();
  if (!config.production) {
    log?.warn(
      'Development mode (NODE_ENV is not production): generated pepper, demo profile and ' +
        'demo IdP where not configured. Do not use with real users.',
    );
  }
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, pepper, profile };
}
