import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnrollmentMaterial } from '@latchkey/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { elevate } from './elevate.js';
import { buildPlan, runInstaller } from './installer.js';
import { type CommandRunner, runCommand } from './run-command.js';

// Values a hostile or broken server could send: each must reach the installer as one argument,
// byte for byte, and nothing in it may run.
const HOSTILE = [
  `it's`,
  `"double"`,
  '$(touch PWNED)',
  '`touch PWNED`',
  '; touch PWNED; #',
  '&& touch PWNED',
  '| touch PWNED',
  '%COMSPEC% $HOME ${HOME} !!',
  '* ? [a-z] ~',
  '\\ \\\\ \\"',
  '-c --help',
  "x' ; touch PWNED ; '",
  'ünïcødé ’‘ “” ‚‛ 🔑',
];

let folder: string;
let argvFile: string;
let standIn: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'latchkey-quoting-'));
  argvFile = join(folder, 'argv');
  standIn = join(folder, 'NSClient.run');
  // A harmless stand-in for the installer: writes each argument it got, NUL-terminated.
  await writeFile(standIn, `#!/bin/sh\nprintf '%s\\0' "$@" > '${argvFile}'\n`);
  await chmod(standIn, 0o700);
});

const receivedArgv = async (): Promise<string[]> =>
  (await readFile(argvFile, 'utf8')).split('\0').slice(0, -1);

/** Runs what pkexec or sudo would run (`/bin/sh -s` fed the script), without the elevation. */
const withoutElevation: CommandRunner = (file, args, options) =>
  file === 'sudo'
    ? runCommand(args[0] ?? '', args.slice(1), { ...options, cwd: folder })
    : Promise.reject(new Error(`unexpected ${file}`));

describe('the Linux root shell script', () => {
  it('hands every hostile material value over intact, and runs nothing else', async () => {
    for (const value of HOSTILE) {
      const material: EnrollmentMaterial = {
        tenant: 'acme',
        domain: 'goskope.com',
        tenantHost: value,
        orgKey: value,
        email: value,
        authToken: value,
        encryptionToken: value,
      };
      const outcome = await runInstaller('email', material, {
        platform: 'linux',
        elevate: 'sudo',
        installerPath: standIn,
        downloadUrlTemplate: 'https://unused.invalid/{tenant}',
        run: withoutElevation,
        fetch: () => Promise.reject(new Error('no download expected')),
        env: { PATH: process.env.PATH },
      });
      expect(outcome.code).toBe(0);
      expect(await receivedArgv()).toEqual([
        '-H',
        value,
        '-o',
        value,
        '-m',
        value,
        '-a',
        value,
        '-e',
        value,
        '-c',
      ]);
      expect(existsSync(join(folder, 'PWNED'))).toBe(false);
    }
  });

  it('keeps a newline inside a quoted argument rather than starting a new command', async () => {
    const args = ['a\nb', "x'\ntouch PWNED\n'", '\n$(touch PWNED)\n'];
    const [invocation] = elevate([{ file: standIn, args }], 'pkexec');
    expect(invocation?.input).toBe(
      `set -e\n'${standIn}' 'a\nb' 'x'\\''\ntouch PWNED\n'\\''' '\n$(touch PWNED)\n'\n`,
    );
    const result = await runCommand('/bin/sh', ['-s'], { input: invocation?.input, cwd: folder });
    expect(result.code).toBe(0);
    expect(await receivedArgv()).toEqual(args);
    expect(existsSync(join(folder, 'PWNED'))).toBe(false);
  });
});

describe('material with control characters', () => {
  it('is refused on every platform before any command is built', () => {
    for (const platform of ['linux', 'mac', 'win'] as const) {
      for (const bad of ['ENC\0-e evil', 'ENC\n-c', 'ENC\r', 'ENC\x1b[2J']) {
        const material = { tenant: 'acme', domain: 'goskope.com', encryptionToken: bad };
        expect(() => buildPlan(platform, { mode: 'idp', material, installerPath: '/i' })).toThrow(
          expect.objectContaining({ code: 'installer_failed' }),
        );
      }
    }
  });
});

describe('the macOS administrator prompt', () => {
  it('escapes for AppleScript once and for the shell once, so values arrive intact', async () => {
    const domain = `goskope.com" & (do shell script "touch PWNED") & "`;
    const tenant = `a\\"b'$(touch PWNED)\``;
    const plan = buildPlan('mac', {
      mode: 'idp',
      material: { tenant, domain },
      installerPath: join(folder, 'NSClient.pkg'),
    });
    const [prompt] = elevate([{ file: standIn, args: plan.commands[0]?.args ?? [] }], 'osascript');
    const script = prompt?.args[1] ?? '';
    expect(script).toBe(
      `do shell script "'${standIn}' 'idp' ` +
        `'goskope.com\\" & (do shell script \\"touch PWNED\\") & \\"' ` +
        `'a\\\\\\"b'\\\\''$(touch PWNED)\`' '0'" with administrator privileges`,
    );
    // AppleScript's string literal: \\ is a backslash and \" a quote; nothing else is special.
    const literal = script.slice(
      'do shell script "'.length,
      -'" with administrator privileges'.length,
    );
    const shellText = literal.replace(/\\(["\\])/g, '$1');
    const result = await runCommand('/bin/sh', ['-c', shellText], { cwd: folder });
    expect(result.code).toBe(0);
    expect(await receivedArgv()).toEqual(['idp', domain, tenant, '0']);
    expect(existsSync(join(folder, 'PWNED'))).toBe(false);
  });
});

describe('the Windows msiexec command line', () => {
  it('writes each value as name="value" with quotes doubled, so none adds a property', () => {
    const token = 'x" TRANSFORMS="\\\\evil\\share\\t.mst" /L*V "C:\\leak.log';
    const plan = buildPlan('win', {
      mode: 'upn',
      material: {
        tenant: 'acme',
        domain: 'goskope.com',
        addonHost: 'addon-acme.goskope.com',
        orgKey: '%COMSPEC% $(x) `y`',
        authToken: "it's; & | ^",
        encryptionToken: token,
      },
      installerPath: 'C:\\Users\\O’Brien\\NSClient.msi',
    });
    const args = [
      '/I',
      '"C:\\Users\\O’Brien\\NSClient.msi"',
      'host="addon-acme.goskope.com"',
      'token="%COMSPEC% $(x) `y`"',
      `enrollauthtoken="it's; & | ^"`,
      'enrollencryptiontoken="x"" TRANSFORMS=""\\\\evil\\share\\t.mst"" /L*V ""C:\\leak.log"',
      '/qn',
    ];
    expect(plan.commands).toEqual([{ file: 'msiexec.exe', args }]);

    const [uac] = elevate(plan.commands, 'uac');
    const argumentList = args.join(' ').replaceAll("'", "''").replaceAll('’', '’’');
    expect(uac?.input).toBe(
      [
        "$ErrorActionPreference = 'Stop'",
        `try { $p = Start-Process -FilePath 'msiexec.exe' -ArgumentList '${argumentList}'` +
          ' -Verb RunAs -Wait -PassThru } catch { exit 1223 }',
        'if ($p.ExitCode -ne 0) { exit $p.ExitCode }',
        'exit 0',
        '',
      ].join('\n'),
    );
  });

  it('refuses a value outside printable ASCII, which PowerShell could read as a quote', () => {
    for (const tenant of ['acme’; calc; ’', 'acme‘', 'ünï']) {
      const material = { tenant, domain: 'goskope.com' };
      expect(() => buildPlan('win', { mode: 'idp', material, installerPath: 'C:\\i.msi' })).toThrow(
        expect.objectContaining({ code: 'installer_failed' }),
      );
    }
  });
});
