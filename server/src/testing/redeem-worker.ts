/**
 * A separate OS process for the concurrent-redemption test: opens the same SQLite file, prepares
 * its proofs, prints `ready`, waits for `go` on stdin, then fires all its redemptions at once and
 * prints one JSON array of outcomes (`ok` or the error code).
 */
import { createInterface } from 'node:readline';
import { importJWK, type JWK } from 'jose';
import { createProof } from '@latchkey/shared';
import { systemClock } from '../clock.js';
import { openDatabase } from '../db/connection.js';
import { AppError } from '../errors.js';
import { demoProfile } from '../netskope/profile.js';
import { redeemTicket } from '../tickets/redeem.js';

interface Job {
  databasePath: string;
  pepperHex: string;
  ticket: string;
  count: number;
  privateJwk: JWK;
  publicJwk: JWK;
  url: string;
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const job = JSON.parse((await lines.next()).value as string) as Job;
const db = openDatabase(job.databasePath);
const deps = {
  db,
  clock: systemClock,
  pepper: Buffer.from(job.pepperHex, 'hex'),
  profile: demoProfile(),
};
const key = {
  privateKey: (await importJWK(job.privateJwk, 'ES256')) as CryptoKey,
  publicKey: (await importJWK(job.publicJwk, 'ES256')) as CryptoKey,
};
const proofs = await Promise.all(
  Array.from({ length: job.count }, () =>
    createProof(key, { method: 'POST', url: job.url, ticket: job.ticket }),
  ),
);
process.stdout.write('ready\n');
await lines.next();

const outcomes = await Promise.all(
  proofs.map((proof, i) =>
    redeemTicket(deps, {
      ticket: job.ticket,
      platform: 'linux',
      proofHeader: proof,
      url: job.url,
      context: { requestId: `${process.pid}-${i}`, sourceIp: null, userAgent: 'worker' },
    }).then(
      () => 'ok',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    ),
  ),
);
db.close();
process.stdout.write(JSON.stringify(outcomes) + '\n');
process.exit(0);
