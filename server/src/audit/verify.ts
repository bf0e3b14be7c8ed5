import { asc, gt } from 'drizzle-orm';
import type { AuditVerifyResponse } from '@latchkey/shared';
import type { Db } from '../db/connection.js';
import { auditEvents } from '../db/schema.js';
import { auditHash, GENESIS_HASH } from './chain.js';

const BATCH = 1000;

/**
 * Walks the whole chain in sequence order and names the first row whose sequence, previous
 * hash or own hash does not hold. A deleted row shows up as a break at the row after it.
 * Removing rows from the end cannot be seen from inside; keep the last hash elsewhere for that.
 */
export function verifyAudit(db: Db): AuditVerifyResponse {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = db.orm
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH)
      .all();
    for (const row of rows) {
      const intact =
        row.seq === expectedSeq && row.prevHash === prevHash && row.hash === auditHash(row);
      if (!intact) return { ok: false, checked, firstBrokenSeq: row.seq };
      checked += 1;
      expectedSeq += 1;
      prevHash = row.hash;
    }
    if (rows.length < BATCH) return { ok: true, checked, firstBrokenSeq: null };
  }
}
