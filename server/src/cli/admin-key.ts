import { createAdminKey, listAdminKeys, revokeAdminKey } from '../admin/keys.js';
import { clock, cliActor, UsageError, withRuntime, type Io } from './io.js';

/**
 * `admin-key create --name <name> [--json]`: prints the new key once (stdout) and its id.
 * `admin-key list [--json]`: ids, names, dates; never keys.
 * `admin-key revoke <id>`: exit 1 when no live key has that id.
 */
export async function adminKeyCommand(
  io: Io,
  action: string | undefined,
  args: { positionals: string[]; name?: string; json?: boolean },
): Promise<number> {
  return withRuntime(io, ({ db, pepper, context }) => {
    const deps = { db, pepper, clock };
    if (action === 'create') {
      if (!args.name) throw new UsageError('admin-key create needs --name <name>');
      const created = createAdminKey(deps, { name: args.name, actor: cliActor(), context });
      if (args.json) io.out(JSON.stringify({ id: created.id, name: args.name, key: created.key }));
      else {
        io.out(created.key);
        io.err(`Admin key ${created.id} (${args.name}) created. It is shown only this once.`);
      }
      return 0;
    }
    if (action === 'list') {
      const keys = listAdminKeys(db);
      if (args.json) io.out(JSON.stringify(keys));
      for (const k of args.json ? [] : keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
        const lastUsed = k.lastUsedAt ?? 'never';
        io.out(`${k.id}\t${k.name}\tcreated ${k.createdAt}\tlast used ${lastUsed}\t${state}`);
      }
      return 0;
    }
    if (action === 'revoke') {
      const id = args.positionals[0];
      if (!id) throw new UsageError('admin-key revoke needs the key id');
      const revoked = revokeAdminKey(deps, id, { actor: cliActor(), context });
      io.err(revoked ? `Admin key ${id} revoked.` : `No active admin key ${id}.`);
      return revoked ? 0 : 1;
    }
    throw new UsageError('admin-key needs create, list or revoke');
  });
}
