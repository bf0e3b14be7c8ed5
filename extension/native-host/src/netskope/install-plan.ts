import type { EnrollMode, EnrollmentMaterial, MaterialItem } from '@latchkey/shared';
import { HelperError } from '../errors.js';
import type { HostPlatform } from '../key/config-dir.js';

/** One command the installer step runs, elevated. */
export interface PlannedCommand {
  file: string;
  args: string[];
}

/** A file the installer demands on disk; written 0600 just before and deleted right after. */
export interface SecretFile {
  path: string;
  content: string;
}

/**
 * Everything needed to run one platform's installer for one redemption. `argvItems` names the
 * material items that end up on a command line (shown in the docs and checked by tests).
 */
export interface InstallPlan {
  platform: HostPlatform;
  mode: EnrollMode;
  commands: PlannedCommand[];
  secretFiles: SecretFile[];
  argvItems: MaterialItem[];
}

/** What a plan is built from: the redeemed material and where the installer files are. */
export interface PlanInput {
  mode: EnrollMode;
  material: EnrollmentMaterial;
  /** Linux `NSClient.run`, macOS `.pkg`, Windows `.msi`. */
  installerPath: string;
}

/** Returns a material value the mode cannot do without, or fails with a clear message. */
export function need(material: EnrollmentMaterial, item: MaterialItem, mode: EnrollMode): string {
  const value = material[item];
  if (typeof value === 'string' && value.length > 0) return value;
  throw new HelperError('installer_failed', {
    message:
      `The server did not release the ${item} that ${mode} enrollment needs; ` +
      'ask your administrator.',
  });
}

/** The bare tenant host (`<tenant>.<domain>`): `-H` is never the `addon-` host (field report). */
export function tenantHost(material: EnrollmentMaterial): string {
  const host = material.tenantHost ?? `${material.tenant}.${material.domain}`;
  return host.startsWith('addon-') ? host.slice('addon-'.length) : host;
}

/** The add-on host the Windows MSI takes as `host=`. */
export function addonHost(material: EnrollmentMaterial): string {
  return material.addonHost ?? `addon-${tenantHost(material)}`;
}
