import { setTimeout as delay } from 'node:timers/promises';
import { HelperError } from '../errors.js';
import { createHelper } from '../helper.js';
import { hostPlatform } from '../key/config-dir.js';
import { runCommand } from '../netskope/run-command.js';
import { looksLikeOrigin } from '../protocol/origin.js';
import { SettingsError, loadSettings } from '../settings.js';
import { HELPER_VERSION } from '../version.js';
import { enrollCommand } from './enroll-command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { installCommand } from './install-command.js';
import { type CliContext, json, line } from './io.js';
import { nativeMode } from './native.js';

const INSTALL_FLAGS =
  '[--user|--system] [--browser B]... [--browser-dir DIR] [--extension-id ID]...';

const USAGE = `latchkey-host ${HELPER_VERSION}: the Latchkey device helper

  latchkey-host [chrome-extension://<id>/]   native messaging host (how the browser starts it)
  latchkey-host hello                         key thumbprint, platform, version, Netskope state
  latchkey-host status                        the Netskope Client's state
  latchkey-host enroll --server URL --ticket -            ticket on standard input
  latchkey-host enroll --server URL --ticket <ticket>     ticket on the command line
  latchkey-host enroll --server URL --device-flow         sign in with a code on another device
  latchkey-host install ${INSTALL_FLAGS}
  latchkey-host uninstall [--user|--system] [--browser B]... [--browser-dir DIR]

Every command accepts --netskope-root DIR (the Netskope Client's folder). See README.md.`;

/** The process the CLI runs in, passed in so tests can drive `main` directly. */
export interface ProcessIo {
  argv: string[];
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Runs one invocation of `latchkey-host`; resolves to its exit code. */
export async function main(io: ProcessIo): Promise<number> {
  const platform = hostPlatform();
  if (!platform) {
    line(io.stderr, `latchkey-host: ${process.platform} is not supported.`);
    return EXIT.unsupported;
  }
  const { args, env } = takeNetskopeRoot(io.argv, io.env);
  const [command = '', ...rest] = args;
  if (command === 'help' || command === '--help' || command === '-h') return print(io, USAGE);
  if (command === 'version' || command === '--version') return print(io, HELPER_VERSION);
  let context: CliContext;
  try {
    const settings = loadSettings(platform, env);
    const deps = {
      settings,
      run: runCommand,
      fetch: globalThis.fetch,
      env,
      sleep: (ms: number) => delay(ms),
      now: Date.now,
    };
    context = { ...io, ...deps, env, args: rest, helper: createHelper(deps) };
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    line(io.stderr, `latchkey-host: ${error.message}`);
    return EXIT.usage;
  }
  try {
    return await dispatch(command, context, args);
  } catch (error) {
    if (!(error instanceof HelperError)) throw error;
    line(io.stderr, `latchkey-host: ${error.code}: ${error.message}`);
    return exitCodeFor(error.code);
  }
}

async function dispatch(command: string, context: CliContext, args: string[]): Promise<number> {
  if (command === '' || looksLikeOrigin(command)) return nativeMode({ ...context, args });
  if (command === 'hello') return printJson(context, await context.helper.hello());
  if (command === 'status') return printJson(context, await context.helper.state());
  if (command === 'enroll') return enrollCommand(context);
  if (command === 'install') return installCommand(context, false);
  if (command === 'uninstall') return installCommand(context, true);
  line(context.stderr, USAGE);
  return EXIT.usage;
}

/** `--netskope-root DIR` anywhere on the line becomes `LATCHKEY_NETSKOPE_ROOT` for this run. */
function takeNetskopeRoot(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { args: string[]; env: NodeJS.ProcessEnv } {
  const args = [...argv];
  const at = args.findIndex(
    (arg) => arg === '--netskope-root' || arg.startsWith('--netskope-root='),
  );
  if (at < 0) return { args, env };
  const [flag = ''] = args.splice(at, 1);
  const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : args.splice(at, 1)[0];
  return { args, env: value ? { ...env, LATCHKEY_NETSKOPE_ROOT: value } : env };
}

function print(io: ProcessIo, text: string): number {
  line(io.stdout, text);
  return EXIT.ok;
}

function printJson(context: CliContext, value: unknown): number {
  json(context.stdout, value);
  return EXIT.ok;
}
