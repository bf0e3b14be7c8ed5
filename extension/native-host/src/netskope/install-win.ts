import type { MaterialItem } from '@latchkey/shared';
import { HelperError } from '../errors.js';
import { type InstallPlan, type PlanInput, addonHost, need } from './install-plan.js';

/**
 * Windows `msiexec` (NETSKOPE.md):
 *
 * - IdP: `/I <msi> installmode=IDP tenant=<t> domain=<d> mode=peruserconfig
 *   [enrollencryptiontoken=<e>] /qn`
 * - UPN: `/I <msi> host=addon-<tenant host> token=<orgkey> enrollauthtoken=<a>
 *   [enrollencryptiontoken=<e>] /qn`
 *
 * msiexec parses its own command line, so the args are written in its syntax: each value as
 * `name="value"` with any `"` doubled, and only printable ASCII accepted, so no value can end
 * its property early and add another. MSI public properties only come from the command line, so
 * the tokens are on the elevated msiexec's command line while it runs; the helper hands them to
 * PowerShell on stdin, not argv.
 */
export function winPlan({ mode, material, installerPath }: PlanInput): InstallPlan {
  const args = ['/I', `"${installerPath}"`];
  const argvItems: MaterialItem[] = [];
  const add = (name: string, item: MaterialItem, value: string): void => {
    args.push(msiProperty(name, item, value));
    argvItems.push(item);
  };
  if (mode === 'idp') {
    args.push(
      'installmode=IDP',
      msiProperty('tenant', 'tenant', need(material, 'tenant', mode)),
      msiProperty('domain', 'domain', need(material, 'domain', mode)),
    );
    args.push('mode=peruserconfig');
  } else if (mode === 'upn') {
    args.push(msiProperty('host', 'addonHost', addonHost(material)));
    add('token', 'orgKey', need(material, 'orgKey', mode));
    add('enrollauthtoken', 'authToken', need(material, 'authToken', mode));
  } else {
    throw new HelperError('platform_unsupported', {
      message: 'On Windows the helper enrolls in IdP or UPN mode.',
    });
  }
  if (material.encryptionToken)
    add('enrollencryptiontoken', 'encryptionToken', material.encryptionToken);
  args.push('/qn');
  return {
    platform: 'win',
    mode,
    commands: [{ file: 'msiexec.exe', args }],
    secretFiles: [],
    argvItems,
  };
}

/** `name="value"` as msiexec reads it: a `"` inside the value is written twice. */
function msiProperty(name: string, item: MaterialItem, value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new HelperError('installer_failed', {
      message:
        `The server sent a ${item} the Windows installer cannot take; ` + 'ask your administrator.',
    });
  }
  return `${name}="${value.replaceAll('"', '""')}"`;
}
