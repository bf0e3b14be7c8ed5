import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { adminKeyCommand } from './admin-key.js';
import { auditCommand } from './audit.js';
import { backupCommand } from './backup.js';
import { processIo, UsageError, withRuntime, type Io } from './io.js';
import { ticketCommand } from './ticket.js';

export const USAGE = `Usage: latchkey <command>

  serve                                   run the HTTP API (migrates first)
  migrate                                 apply database migrations
  admin-key create --name <name> [--json] make an admin API key (shown once)
  admin-key list [--json]                 list admin keys (never the keys)
  admin-key revoke <key id>               revoke an admin key
  ticket create --email <e> [--sub <s>] [--ttl <seconds>] [--jkt <thumbprint>] [--note <t>] [--json]
                                          mint an admin ticket; prints it once
  ticket revoke <ticket id> [--reason <text>]
  ticket list [--user <u>] [--status outstanding|redeemed|revoked|expired] [--kind <k>] [--json]
                                          list tickets, newest first (never the tickets)
  audit verify                            check the audit hash chain
  audit export [--format jsonl|csv] [--output <file>] [--user <u>] [--ticket <id>]
               [--type <t>] [--outcome <o>] [--from <iso>] [--to <iso>]
  backup <file>                           online backup, then an integrity check of the copy

Configuration comes from LATCHKEY_* environment variables (see README.md).`;

const OPTIONS = {
  name: { type: 'string' },
  json: { type: 'boolean' },
  email: { type: 'string' },
  sub: { type: 'string' },
  ttl: { type: 'string' },
  jkt: { type: 'string' },
  note: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  user: { type: 'string' },
  ticket: { type: 'string' },
  type: { type: 'string' },
  outcome: { type: 'string' },
  status: { type: 'string' },
  kind: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function serve(io: Io): Promise<number> {
  // Loaded here so the other commands never load the HTTP stack or oidc-provider.
  const { startServer } = await import('../server.js');
  const server = await startServer(loadConfig(io.env));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.close().then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}

async function dispatch(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const [command, action, ...rest] = positionals;
  if (values.help || command === undefined) {
    io.out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const args = { ...values, positionals: rest };
  switch (command) {
    case 'serve':
      return serve(io);
    case 'migrate':
      return withRuntime(io, () => (io.err('Database migrated.'), 0));
    case 'admin-key':
      return adminKeyCommand(io, action, args);
    case 'ticket':
      return ticketCommand(io, action, args);
    case 'audit':
      return auditCommand(io, action, args);
    case 'backup':
      return backupCommand(io, action);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/**
 * Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 usage error. Errors
 * print their code and public message only.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(io, argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) io.err(`Configuration error: ${error.message}`);
    else if (error instanceof AppError) io.err(`${error.code}: ${error.message}`);
    else io.err(`Failed: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}
