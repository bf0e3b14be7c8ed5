import type { HostPlatform } from '../key/config-dir.js';
import type { PlannedCommand } from './install-plan.js';

/** How the installer is elevated; `LATCHKEY_ELEVATE` picks one, `none` runs it as the caller. */
export type ElevateMethod = 'pkexec' | 'sudo' | 'osascript' | 'uac' | 'none';
export const ELEVATE_METHODS: readonly ElevateMethod[] = [
  'pkexec',
  'sudo',
  'osascript',
  'uac',
  'none',
];

/**
 * The platform's own prompt: pkexec (polkit) on Linux, the administrator prompt on macOS, UAC on
 * Windows.
 */
export function defaultElevation(platform: HostPlatform, isRoot: boolean): ElevateMethod {
  if (isRoot) return 'none';
  if (platform === 'mac') return 'osascript';
  if (platform === 'win') return 'uac';
  return 'pkexec';
}

/** One process to start; `input` goes to its stdin. */
export interface Invocation {
  file: string;
  args: string[];
  input?: string;
}

/** Exit code the UAC script uses when the prompt was declined (ERROR_CANCELLED). */
export const UAC_CANCELLED = 1223;

/**
 * Wraps the plan's commands in the elevation method: `none` runs each as is; pkexec, sudo,
 * osascript and UAC ask once for all of them, and pkexec, sudo and UAC take the commands on
 * stdin so that no token reaches their own command line or log. For UAC the args are the
 * program's own command line (msiexec parses its own), passed as one string exactly as given.
 */
export function elevate(commands: readonly PlannedCommand[], method: ElevateMethod): Invocation[] {
  switch (method) {
    case 'none':
      return commands.map((command) => ({ file: command.file, args: [...command.args] }));
    case 'pkexec':
    case 'sudo':
      // A root shell reads the commands on stdin: pkexec and sudo log their own command line to
      // the system's auth log, which must not receive the tokens.
      return [{ file: method, args: ['/bin/sh', '-s'], input: shellScript(commands) }];
    case 'osascript':
      return [{ file: 'osascript', args: ['-e', appleScript(commands)] }];
    case 'uac':
      return [
        {
          file: 'powershell.exe',
          args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'],
          input: powerShellScript(commands),
        },
      ];
  }
}

/** True when the exit of an elevation wrapper means the person declined or was not allowed. */
export function elevationRefused(
  method: ElevateMethod,
  code: number | null,
  output: string,
): boolean {
  if (method === 'pkexec') return code === 126 || code === 127;
  if (method === 'osascript') return /User canceled|\(-128\)/.test(output);
  if (method === 'uac') return code === UAC_CANCELLED;
  return false;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function shellScript(commands: readonly PlannedCommand[]): string {
  const lines = commands.map((command) =>
    [command.file, ...command.args].map(shellQuote).join(' '),
  );
  return `set -e\n${lines.join('\n')}\n`;
}

function appleScript(commands: readonly PlannedCommand[]): string {
  const shell = commands
    .map((command) => [command.file, ...command.args].map(shellQuote).join(' '))
    .join(' && ');
  const quoted = shell.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  return `do shell script "${quoted}" with administrator privileges`;
}

/** A PowerShell single-quoted string; PowerShell also closes one on the Unicode single quotes. */
function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

function powerShellScript(commands: readonly PlannedCommand[]): string {
  const lines = ["$ErrorActionPreference = 'Stop'"];
  for (const command of commands) {
    const file = psQuote(command.file);
    const args = psQuote(command.args.join(' '));
    lines.push(
      `try { $p = Start-Process -FilePath ${file} -ArgumentList ${args}` +
        ` -Verb RunAs -Wait -PassThru } catch { exit ${UAC_CANCELLED} }`,
      'if ($p.ExitCode -ne 0) { exit $p.ExitCode }',
    );
  }
  lines.push('exit 0');
  return lines.join('\n') + '\n';
}
