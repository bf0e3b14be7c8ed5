import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../../server/src/config.js';
import { startDemoIdp, type DemoIdp } from '../../../../server/src/identity/demo-idp/index.js';
import { startServer, type RunningServer } from '../../../../server/src/server.js';
import { runCommand } from '../netskope/run-command.js';

/** The server's `latchkey` CLI, run as its own process against the same database. */
export const SERVER_BIN = fileURLToPath(
  new URL('../../../../server/bin/latchkey.js', import.meta.url),
);

/** A real Latchkey server on a temporary SQLite file, with a real OpenID provider. */
export interface ServerStack {
  server: RunningServer;
  idp: DemoIdp;
  env: NodeJS.ProcessEnv;
  /** Runs `latchkey <args>` against this stack's database. */
  cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Every audit event, through `latchkey audit export`. */
  audit(): Promise<
    Array<{
      type: string;
      outcome: string;
      ticketId: string | null;
      details: Record<string, unknown>;
    }>
  >;
  close(): Promise<void>;
}

/** Starts the stack; `profile` replaces the development enrollment profile. */
export async function startServerStack(profile?: unknown): Promise<ServerStack> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-server-'));
  const idp = await startDemoIdp();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
    LATCHKEY_LISTEN: '127.0.0.1:0',
    LATCHKEY_OIDC_ISSUER: idp.issuer,
    LATCHKEY_OIDC_CLIENT_ID: 'latchkey',
    LATCHKEY_LOG_LEVEL: 'silent',
  };
  if (profile) {
    env.LATCHKEY_PROFILE_FILE = join(dir, 'profile.json');
    await writeFile(env.LATCHKEY_PROFILE_FILE, JSON.stringify(profile));
  }
  const server = await startServer(loadConfig(env));
  const cli = (args: string[]) => runCommand(process.execPath, [SERVER_BIN, ...args], { env });
  return {
    server,
    idp,
    env,
    cli,
    audit: async () => {
      const result = await cli(['audit', 'export', '--format', 'jsonl']);
      return result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
    close: async () => {
      await server.close();
      await idp.close();
    },
  };
}
