import type { MaterialItem } from '@latchkey/shared';
import { type InstallPlan, type PlanInput, need, tenantHost } from './install-plan.js';

/**
 * Linux `NSClient.run` (NETSKOPE.md "Installer command lines"), always headless (`-c`):
 *
 * - IdP:   `-i -t <tenant> -d <domain> [-e <enc>] -c`
 * - UPN:   `-H <tenant host> -o <orgkey> [-u <upn>] -a <auth> [-e <enc>] -c`
 * - email: `-H <tenant host> -o <orgkey> -m <email> -a <auth> [-e <enc>] -c`
 *
 * The installer reads its tokens only from its command line, so the org key, authentication and
 * encryption tokens it is given are visible in the process list while it runs (see README).
 */
export function linuxPlan({ mode, material, installerPath }: PlanInput): InstallPlan {
  const args: string[] = [];
  const argvItems: MaterialItem[] = [];
  const add = (flag: string, item: MaterialItem, value: string): void => {
    args.push(flag, value);
    argvItems.push(item);
  };
  if (mode === 'idp') {
    args.push('-i', '-t', need(material, 'tenant', mode), '-d', need(material, 'domain', mode));
  } else {
    args.push('-H', tenantHost(material));
    add('-o', 'orgKey', need(material, 'orgKey', mode));
    if (mode === 'email') add('-m', 'email', need(material, 'email', mode));
    else if (material.email) add('-u', 'email', material.email);
    add('-a', 'authToken', need(material, 'authToken', mode));
  }
  if (material.encryptionToken) add('-e', 'encryptionToken', material.encryptionToken);
  args.push('-c');
  return {
    platform: 'linux',
    mode,
    commands: [{ file: installerPath, args }],
    secretFiles: [],
    argvItems,
  };
}
