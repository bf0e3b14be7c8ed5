import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the parts under test live in the workspace. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const E2E = join(ROOT, 'e2e');
export const ARTIFACTS = join(E2E, 'artifacts');
export const SCREENS = join(ARTIFACTS, 'screens');
export const EXTENSION_DIST = join(ROOT, 'extension', 'dist');
export const HELPER = join(ROOT, 'extension', 'native-host', 'out', 'latchkey-host');
export const SIMULATOR = join(ROOT, 'extension', 'native-host', 'simulator');
export const GATED_HOST = join(E2E, 'support', 'gated-host.mjs');
export const SERVER_BIN = join(ROOT, 'server', 'bin', 'latchkey.js');
export const TSX = join(E2E, 'node_modules', '.bin', 'tsx');
export const CHROMIUM = process.env.LATCHKEY_E2E_CHROMIUM ?? '/usr/bin/chromium';
