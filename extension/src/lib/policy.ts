import { EnrollMode } from '@latchkey/shared';
import { checkServerUrl } from './server-url.js';

/**
 * The policy in force. An admin sets it through Chrome's managed storage (see
 * `managed_schema.json`); an unmanaged install keeps the same keys in `storage.local`, where the
 * options page writes `serverUrl`. Nothing here is secret.
 */
export interface Policy {
  /** The Latchkey server, normalised without a trailing slash; absent when not configured. */
  serverUrl?: string;
  /** Overrides the server's default enrollment mode. */
  defaultMode?: EnrollMode;
  /** Use the ChromeOS hand-off on any platform (testing). */
  forceChromeOsHandoff: boolean;
  /** The exact command users are shown when the device helper is missing. */
  helperInstallCommand?: string;
  /** True when the policy comes from managed storage and the options page must not change it. */
  managed: boolean;
}

/** The policy keys, as they appear in managed storage and in `storage.local`. */
export const POLICY_KEYS = [
  'serverUrl',
  'defaultMode',
  'forceChromeOsHandoff',
  'helperInstallCommand',
] as const;

/** Reads one storage area's raw values; the caller passes `browser.storage.*.get`. */
export type StorageRead = (keys: string[]) => Promise<Record<string, unknown>>;

/** Where the policy comes from. */
export interface PolicySources {
  managed: StorageRead;
  local: StorageRead;
}

/**
 * Reads the policy: managed storage wins as a whole when it names a `serverUrl`; otherwise the
 * locally saved settings apply. An invalid server URL counts as none.
 */
export async function readPolicy(sources: PolicySources): Promise<Policy> {
  const managed = await readManaged(sources.managed);
  if (typeof managed.serverUrl === 'string') return toPolicy(managed, true);
  return toPolicy(await sources.local([...POLICY_KEYS]), false);
}

async function readManaged(read: StorageRead): Promise<Record<string, unknown>> {
  try {
    return await read([...POLICY_KEYS]);
  } catch {
    // Managed storage is unavailable where no policy schema is supported: treat as unmanaged.
    return {};
  }
}

function toPolicy(raw: Record<string, unknown>, managed: boolean): Policy {
  const server = typeof raw.serverUrl === 'string' ? checkServerUrl(raw.serverUrl) : undefined;
  const mode = EnrollMode.safeParse(raw.defaultMode);
  return {
    serverUrl: server?.ok ? server.url : undefined,
    defaultMode: mode.success ? mode.data : undefined,
    forceChromeOsHandoff: raw.forceChromeOsHandoff === true,
    helperInstallCommand:
      typeof raw.helperInstallCommand === 'string' && raw.helperInstallCommand.trim() !== ''
        ? raw.helperInstallCommand.trim()
        : undefined,
    managed,
  };
}
