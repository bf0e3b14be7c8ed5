import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HelperResponse } from '@latchkey/shared';

/** The helper's launcher; it runs the sources through tsx inside the workspace. */
export const HOST_BIN = fileURLToPath(new URL('../../bin/latchkey-host.js', import.meta.url));
/** The simulator folder: its `NSClient.run` is the installer tests hand to the helper. */
export const SIMULATOR_DIR = fileURLToPath(new URL('../../simulator/', import.meta.url));

/** Frames a value the way Chrome does. */
export function frame(value: unknown): Buffer {
  return frameBytes(Buffer.from(JSON.stringify(value), 'utf8'));
}

/** Frames raw bytes with a little-endian length header. */
export function frameBytes(body: Buffer, declaredLength = body.length): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(declaredLength, 0);
  return Buffer.concat([header, body]);
}

/** A running helper process speaking native messaging on its stdio. */
export interface HostProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next `count` replies (in order). */
  replies(count: number): Promise<HelperResponse[]>;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stderr(): string;
}

/** Starts the real helper with `args` and `env` added to this process's environment. */
export function startHost(args: string[], env: NodeJS.ProcessEnv): HostProcess {
  const child = spawn(process.execPath, [HOST_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  let buffered = Buffer.alloc(0);
  const received: HelperResponse[] = [];
  const waiters: Array<() => void> = [];
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32LE(0)) {
      const length = buffered.readUInt32LE(0);
      received.push(
        JSON.parse(buffered.subarray(4, 4 + length).toString('utf8')) as HelperResponse,
      );
      buffered = buffered.subarray(4 + length);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const replies = async (count: number): Promise<HelperResponse[]> => {
    let done = false;
    void exited.then(() => (done = true));
    while (received.length < count && !done) {
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        void exited.then(() => resolve());
      });
    }
    return received.splice(0, count);
  };
  return { child, replies, exited, stderr: () => errors };
}
