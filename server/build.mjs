// Bundles the CLI (and with it the server) into dist/latchkey.mjs. @latchkey/shared ships as
// TypeScript, so it is bundled; every other dependency stays external and is loaded from
// node_modules (better-sqlite3 is native; oidc-provider loads files at run time).
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== '@latchkey/shared');

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'latchkey',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Split so that commands other than `serve` never load the HTTP stack or oidc-provider.
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...external, ...external.map((name) => `${name}/*`)],
  logLevel: 'warning',
});
