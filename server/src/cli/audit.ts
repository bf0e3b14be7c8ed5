import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { exportAudit } from '../audit/export.js';
import { AuditFilter } from '../audit/query.js';
import { appendAudit } from '../audit/record.js';
import { verifyAudit } from '../audit/verify.js';
import { clock, cliActor, UsageError, withRuntime, type Io } from './io.js';

export interface AuditArgs {
  format?: string;
  output?: string;
  user?: string;
  ticket?: string;
  type?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

async function writeAll(lines: Iterable<string>, io: Io, output: string | undefined) {
  if (output === undefined) {
    for (const line of lines) io.out(line.replace(/\r?\n$/, ''));
    return;
  }
  const file = createWriteStream(output, { mode: 0o600 });
  for (const line of lines) {
    if (!file.write(line)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
}

/**
 * `audit verify`: walks the hash chain; prints `{ok, checked, firstBrokenSeq}`; exit 1 when
 * broken. `audit export [--format jsonl|csv] [--output <file>] [--user] [--ticket] [--type]
 * [--outcome] [--from] [--to]`: every matching event, audited as `admin.audit_exported`.
 */
export async function auditCommand(io: Io, action: string | undefined, args: AuditArgs) {
  return withRuntime(io, async ({ db, context }) => {
    if (action === 'verify') {
      const result = verifyAudit(db);
      io.out(JSON.stringify(result));
      return result.ok ? 0 : 1;
    }
    if (action === 'export') {
      const format = args.format ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format is jsonl or csv');
      const { format: _format, output, ...rest } = args;
      const filter = AuditFilter.safeParse(rest);
      if (!filter.success) throw new UsageError('a filter is not valid (dates are ISO 8601)');
      appendAudit(db, clock, {
        type: 'admin.audit_exported',
        outcome: 'success',
        actor: cliActor(),
        details: { format, filter: filter.data },
        context,
      });
      await writeAll(exportAudit(db, filter.data, format), io, output);
      return 0;
    }
    throw new UsageError('audit needs verify or export');
  });
}
