import type { EnrollmentMaterial } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import { elevate } from './elevate.js';
import { buildPlan } from './installer.js';
import { MAC_ENROLL_CONF } from './install-mac.js';

const material: EnrollmentMaterial = {
  tenant: 'acme',
  domain: 'goskope.com',
  tenantHost: 'acme.goskope.com',
  addonHost: 'addon-acme.goskope.com',
  orgKey: 'ORGKEY-secret',
  authToken: 'AUTH-secret',
  encryptionToken: 'ENC-secret',
  email: 'alice@example.com',
};
const SECRETS = ['ORGKEY-secret', 'AUTH-secret', 'ENC-secret'];
const argvOf = (plan: ReturnType<typeof buildPlan>) =>
  plan.commands.flatMap((c) => [c.file, ...c.args]);

describe('the Linux NSClient.run command line', () => {
  it('IdP mode: -i -t -d, the encryption token as -e, headless', () => {
    const plan = buildPlan('linux', { mode: 'idp', material, installerPath: '/tmp/NSClient.run' });
    expect(plan.commands).toEqual([
      {
        file: '/tmp/NSClient.run',
        args: ['-i', '-t', 'acme', '-d', 'goskope.com', '-e', 'ENC-secret', '-c'],
      },
    ]);
    expect(plan.argvItems).toEqual(['encryptionToken']);
  });

  it('IdP mode without an enforced encryption token puts no secret on the command line', () => {
    const { encryptionToken: _e, ...idpOnly } = material;
    const plan = buildPlan('linux', { mode: 'idp', material: idpOnly, installerPath: '/i' });
    expect(plan.argvItems).toEqual([]);
    expect(argvOf(plan).some((arg) => SECRETS.includes(arg))).toBe(false);
  });

  it('UPN mode: bare tenant host (never addon-), org key, UPN, auth and encryption tokens', () => {
    const plan = buildPlan('linux', {
      mode: 'upn',
      material: { ...material, tenantHost: 'addon-acme.goskope.com' },
      installerPath: '/i',
    });
    expect(plan.commands[0]?.args).toEqual([
      '-H',
      'acme.goskope.com',
      '-o',
      'ORGKEY-secret',
      '-u',
      'alice@example.com',
      '-a',
      'AUTH-secret',
      '-e',
      'ENC-secret',
      '-c',
    ]);
    expect(plan.argvItems).toEqual(['orgKey', 'email', 'authToken', 'encryptionToken']);
  });

  it('email mode: -m with the email', () => {
    const plan = buildPlan('linux', { mode: 'email', material, installerPath: '/i' });
    expect(plan.commands[0]?.args).toEqual([
      '-H',
      'acme.goskope.com',
      '-o',
      'ORGKEY-secret',
      '-m',
      'alice@example.com',
      '-a',
      'AUTH-secret',
      '-e',
      'ENC-secret',
      '-c',
    ]);
  });

  it('refuses UPN mode when the server did not release the authentication token', () => {
    const { authToken: _a, ...noAuth } = material;
    expect(() =>
      buildPlan('linux', { mode: 'upn', material: noAuth, installerPath: '/i' }),
    ).toThrow(expect.objectContaining({ code: 'installer_failed' }));
  });

  it('pkexec or sudo start a root shell fed on stdin; their logged command holds no token', () => {
    const plan = buildPlan('linux', { mode: 'idp', material, installerPath: '/i' });
    for (const method of ['pkexec', 'sudo'] as const) {
      const [invocation] = elevate(plan.commands, method);
      expect(invocation).toEqual({
        file: method,
        args: ['/bin/sh', '-s'],
        input: "set -e\n'/i' '-i' '-t' 'acme' '-d' 'goskope.com' '-e' 'ENC-secret' '-c'\n",
      });
    }
  });

  it('quotes shell metacharacters in values so they stay arguments', () => {
    const [invocation] = elevate([{ file: '/i', args: ["a'b; rm -rf /"] }], 'pkexec');
    expect(invocation?.input).toBe("set -e\n'/i' 'a'\\''b; rm -rf /'\n");
  });
});

describe('the macOS command lines', () => {
  it('keeps every token off the command line and in enroll.conf instead', () => {
    const plan = buildPlan('mac', {
      mode: 'idp',
      material,
      installerPath: '/Volumes/x/NSClient.pkg',
    });
    expect(plan.commands).toEqual([
      { file: '/Volumes/x/nsclientconfig.sh', args: ['idp', 'goskope.com', 'acme', '0'] },
      { file: '/usr/sbin/installer', args: ['-pkg', '/Volumes/x/NSClient.pkg', '-target', '/'] },
    ]);
    expect(plan.argvItems).toEqual([]);
    expect(plan.secretFiles).toEqual([
      {
        path: MAC_ENROLL_CONF,
        content: JSON.stringify({
          enrollauthtoken: 'AUTH-secret',
          enrollencryptiontoken: 'ENC-secret',
        }),
      },
    ]);
    const [prompt] = elevate(plan.commands, 'osascript');
    expect(prompt?.file).toBe('osascript');
    expect(JSON.stringify(prompt)).not.toMatch(/secret/);
    expect(prompt?.args[1]).toContain('with administrator privileges');
  });

  it('writes no enroll.conf when no token was released', () => {
    const plan = buildPlan('mac', {
      mode: 'idp',
      material: { tenant: 'acme', domain: 'goskope.com' },
      installerPath: '/p.pkg',
    });
    expect(plan.secretFiles).toEqual([]);
  });

  it('offers IdP mode only', () => {
    expect(() => buildPlan('mac', { mode: 'upn', material, installerPath: '/p.pkg' })).toThrow(
      expect.objectContaining({ code: 'platform_unsupported' }),
    );
  });
});

describe('the Windows msiexec command line', () => {
  it('IdP mode with the encryption token, handed to PowerShell on stdin rather than argv', () => {
    const plan = buildPlan('win', { mode: 'idp', material, installerPath: 'C:\\dl\\NSClient.msi' });
    expect(plan.commands[0]).toEqual({
      file: 'msiexec.exe',
      args: [
        '/I',
        '"C:\\dl\\NSClient.msi"',
        'installmode=IDP',
        'tenant="acme"',
        'domain="goskope.com"',
        'mode=peruserconfig',
        'enrollencryptiontoken="ENC-secret"',
        '/qn',
      ],
    });
    const [uac] = elevate(plan.commands, 'uac');
    expect(uac?.args.join(' ')).not.toMatch(/secret/);
    expect(uac?.input).toContain(' enrollencryptiontoken="ENC-secret" ');
    expect(uac?.input).toContain('-Verb RunAs');
  });

  it('UPN mode uses the addon host and the org key as token', () => {
    const plan = buildPlan('win', { mode: 'upn', material, installerPath: 'C:\\NSClient.msi' });
    expect(plan.commands[0]?.args).toEqual([
      '/I',
      '"C:\\NSClient.msi"',
      'host="addon-acme.goskope.com"',
      'token="ORGKEY-secret"',
      'enrollauthtoken="AUTH-secret"',
      'enrollencryptiontoken="ENC-secret"',
      '/qn',
    ]);
    expect(plan.argvItems).toEqual(['orgKey', 'authToken', 'encryptionToken']);
  });
});
