import type { Db } from '../db/connection.js';
import type { AuditRow } from '../db/schema.js';
import { readAuditRows, toAuditEvent, type AuditFilter } from './query.js';

/** `jsonl`: one event as JSON per line; `csv`: a header row, then one quoted row per event. */
export type ExportFormat = 'jsonl' | 'csv';

const BATCH = 500;

/** CSV columns, in order. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'type',
  'actor',
  'userEmail',
  'userId',
  'ticketId',
  'correlationId',
  'outcome',
  'reason',
  'requestId',
  'sourceIp',
  'userAgent',
  'details',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

/**
 * One CSV cell: quoted, quotes doubled, and a leading `'` before anything a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, carriage return).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function formatRow(row: AuditRow, format: ExportFormat): string {
  if (format === 'jsonl') return JSON.stringify(toAuditEvent(row)) + '\n';
  return CSV_COLUMNS.map((column) => csvCell(row[column])).join(',') + '\r\n';
}

/**
 * Every matching event, in sequence order, as lines of JSON or CSV (with a header row). Reads in
 * batches, so an export of any size holds no long-lived statement or memory.
 */
export function* exportAudit(db: Db, filter: AuditFilter, format: ExportFormat): Generator<string> {
  if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = readAuditRows(db, filter, after, BATCH);
    for (const row of rows) yield formatRow(row, format);
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = last.seq;
  }
}
