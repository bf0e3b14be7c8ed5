import { spawn } from 'node:child_process';

/** How a finished command ended. `output` is stdout then stderr, capped in size. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started at all (e.g. `ENOENT`). */
  spawnError?: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then stdin is closed. Secrets go here rather than on argv. */
  input?: string | Buffer;
  timeoutMs?: number;
  cwd?: string;
  /** Windows only: pass the args as written, joined by spaces, without Node's quoting. */
  windowsVerbatimArguments?: boolean;
}

/** Runs a command and collects its output; never throws and never uses a shell. */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options?: RunOptions,
) => Promise<CommandResult>;

const OUTPUT_LIMIT = 64 * 1024;

/** The real {@link CommandRunner}, on `child_process.spawn`. */
export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(file, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      windowsHide: true,
      windowsVerbatimArguments: options.windowsVerbatimArguments ?? false,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    collect(child.stdout, stdout);
    collect(child.stderr, stderr);
    child.stdin.on('error', () => {
      // The child may exit before reading its input; its exit code tells the story.
    });
    child.stdin.end(options.input ?? '');
    child.on('error', (error) =>
      resolve({
        code: null,
        stdout: '',
        stderr: '',
        spawnError: (error as NodeJS.ErrnoException).code ?? error.message,
      }),
    );
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });

function collect(stream: NodeJS.ReadableStream, into: Buffer[]): void {
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= OUTPUT_LIMIT) return;
    into.push(chunk.subarray(0, OUTPUT_LIMIT - size));
    size += chunk.length;
  });
}
