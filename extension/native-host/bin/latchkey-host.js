#!/usr/bin/env node
// Runs the helper from the built bundle when there is one beside this package, otherwise from
// source through tsx (inside the workspace).
import process from 'node:process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL, fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../out/latchkey-host.cjs', import.meta.url));
const source = fileURLToPath(new URL('../src/entry.ts', import.meta.url));
process.env.LATCHKEY_HOST_PATH ??= fileURLToPath(import.meta.url);

if (existsSync(source) && process.env.LATCHKEY_HOST_FROM !== 'bundle') {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(source, import.meta.url);
} else {
  createRequire(import.meta.url)(bundle);
}
