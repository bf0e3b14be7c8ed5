import { userInfo } from 'node:os';
import { localContext } from '../audit/record.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** Where a command writes; injectable so tests and other front ends can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** The process's own stdout, stderr and environment. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
};

/** A usage mistake: exit code 2 with the usage text. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Who the audit names for CLI actions: the OS user running it. */
export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** Runs `work` against the configured database, always closing it. */
export async function withRuntime<T>(
  io: Io,
  work: (runtime: Runtime & { context: ReturnType<typeof localContext> }) => T | Promise<T>,
): Promise<T> {
  const runtime = openRuntime(loadConfig(io.env));
  try {
    return await work({ ...runtime, context: localContext() });
  } finally {
    runtime.db.close();
  }
}

export const clock = systemClock;
