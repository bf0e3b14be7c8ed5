/**
 * The server's public surface for other packages (the helper's and end-to-end tests): start a
 * whole server from a configuration, or build the app from its parts.
 */
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createApp, type AppDeps } from './app.js';
export { openRuntime, type Runtime } from './runtime.js';
export { fixedClock, systemClock, type Clock, type FixedClock } from './clock.js';
export { createLogger } from './log.js';
export { demoProfile, parseProfile, type EnrollmentProfile } from './netskope/profile.js';
export { runCli } from './cli/main.js';
export { ADMIN_KEY_PATTERN } from './admin/keys.js';
