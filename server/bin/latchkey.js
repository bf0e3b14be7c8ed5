#!/usr/bin/env node
// The `latchkey` command. Runs the esbuild bundle in dist/ when it has been built (`pnpm build`),
// otherwise the TypeScript sources through tsx, so it works from a fresh clone after install.
// LATCHKEY_FROM_SOURCE=1 forces the sources.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const bundle = new URL('../dist/latchkey.mjs', import.meta.url);
let cli;
if (existsSync(bundle) && process.env.LATCHKEY_FROM_SOURCE !== '1') {
  cli = await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
