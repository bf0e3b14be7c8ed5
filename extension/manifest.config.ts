import { defineManifest } from '@crxjs/vite-plugin';
import { EXTENSION_PUBLIC_KEY } from '../shared/src/extension.js';
import pkg from './package.json' with { type: 'json' };

/**
 * The strict policy for every extension page and the service worker: only the extension's own
 * scripts, no plugins, no framing, and network access only to https and loopback http servers
 * (the configured Latchkey server and the IdP's discovery document).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
].join('; ');

/** Hosts the extension may ask for at run time; it asks only for the configured server's. */
export const OPTIONAL_HOST_PERMISSIONS = [
  'https://*/*',
  'http://127.0.0.1/*',
  'http://localhost/*',
];

export default defineManifest({
  manifest_version: 3,
  name: 'Latchkey',
  description: 'Enroll this device in Netskope after signing in with your company account.',
  version: pkg.version,
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '116',
  action: { default_title: 'Latchkey', default_popup: 'popup.html' },
  options_ui: { page: 'options.html', open_in_tab: true },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  permissions: ['identity', 'storage', 'nativeMessaging'],
  optional_host_permissions: OPTIONAL_HOST_PERMISSIONS,
  // Closed: no web page and no other extension may message this one.
  externally_connectable: { ids: [], matches: [] },
  content_security_policy: { extension_pages: CONTENT_SECURITY_POLICY },
  storage: { managed_schema: 'managed_schema.json' },
});
