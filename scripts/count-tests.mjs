// Adds up what vitest and Playwright printed in a test log, and prints one closing line:
// `tests: N passed, N failed, N skipped`. Exits non-zero when nothing ran or anything failed.
import { readFileSync } from 'node:fs';
import process from 'node:process';

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;
const text = readFileSync(process.argv[2], 'utf8').replace(ansi, '');
const totals = { passed: 0, failed: 0, skipped: 0 };

function add(line) {
  for (const kind of Object.keys(totals)) {
    const match = new RegExp(`(\\d+) ${kind}`).exec(line);
    if (match) totals[kind] += Number(match[1]);
  }
}

for (const line of text.split('\n')) {
  // vitest: "      Tests  72 passed | 1 skipped (73)"
  if (/^\s*Tests\s+\d+/.test(line)) add(line);
  // Playwright: "  13 passed (2.4m)", "  1 failed", "  2 skipped"
  else if (/^\s+\d+ (passed|failed|skipped)( \(|$)/.test(line)) add(line);
}

process.stdout.write(
  `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
process.exitCode = totals.passed === 0 || totals.failed > 0 ? 1 : 0;
