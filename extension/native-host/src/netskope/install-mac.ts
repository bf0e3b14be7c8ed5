import { dirname, join } from 'node:path';
import { HelperError } from '../errors.js';
import { type InstallPlan, type PlanInput, need } from './install-plan.js';

/** Where Netskope's `nsclientconfig.sh` looks for enrollment tokens (NETSKOPE.md). */
export const MAC_ENROLL_CONF = '/tmp/nsbranding/enroll.conf';

/**
 * macOS: `nsclientconfig.sh idp <domain> <tenant> 0` and then `installer -pkg <pkg> -target /`.
 *
 * The tokens are not passed as `enrollauthtoken=` / `enrollencryptiontoken=` arguments; they are
 * written to `/tmp/nsbranding/enroll.conf` (the file the script would write them to), mode 0600,
 * just before the installer runs, and deleted right after. `nsclientconfig.sh` is expected beside
 * the `.pkg`. Only IdP mode is offered: NETSKOPE.md gives no macOS synopsis for UPN or email.
 */
export function macPlan({ mode, material, installerPath }: PlanInput): InstallPlan {
  if (mode !== 'idp') {
    throw new HelperError('platform_unsupported', {
      message: 'On macOS the helper enrolls in IdP mode only.',
    });
  }
  const script = join(dirname(installerPath), 'nsclientconfig.sh');
  const tokens: Record<string, string> = {};
  if (material.authToken) tokens.enrollauthtoken = material.authToken;
  if (material.encryptionToken) tokens.enrollencryptiontoken = material.encryptionToken;
  return {
    platform: 'mac',
    mode,
    commands: [
      {
        file: script,
        args: ['idp', need(material, 'domain', mode), need(material, 'tenant', mode), '0'],
      },
      { file: '/usr/sbin/installer', args: ['-pkg', installerPath, '-target', '/'] },
    ],
    secretFiles:
      Object.keys(tokens).length > 0
        ? [{ path: MAC_ENROLL_CONF, content: JSON.stringify(tokens) }]
        : [],
    argvItems: [],
  };
}
