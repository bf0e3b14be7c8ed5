import type { Helper } from '../helper.js';
import type { CommandRunner } from '../netskope/run-command.js';
import type { Settings } from '../settings.js';

/** What a CLI command works with; `main` builds it from the process. */
export interface CliContext {
  args: string[];
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  settings: Settings;
  helper: Helper;
  run: CommandRunner;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Writes one line. */
export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/** Writes a value as pretty JSON. */
export function json(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
