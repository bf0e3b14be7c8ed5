import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

/** The only files served from `LATCHKEY_EXTENSION_DIR`, with their content types. */
export const EXTENSION_FILES = {
  'latchkey.crx': 'application/x-chrome-extension',
  'updates.xml': 'text/xml; charset=utf-8',
} as const;

type ExtensionFile = keyof typeof EXTENSION_FILES;

async function readServed(dir: string, name: ExtensionFile): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (error) {
    // A missing or unreadable file is simply not there to serve; the admin sees the 404.
    throw new AppError('not_found', { detail: `extension file ${name} unreadable`, cause: error });
  }
}

function serveFile(dir: string, name: ExtensionFile) {
  return async () => {
    const body = await readServed(dir, name);

    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': EXTENSION_FILES[name],
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}

/**
 * `GET /extension/latchkey.crx` and `GET /extension/updates.xml`, read from `dir` at each
 * request so a new release needs no restart. No authentication (Chrome fetches them without
 * any); no other name and no listing. Without a folder configured, nothing is mounted and both
 * paths are `not_found`.
 */
export function extensionRoutes(dir: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (dir === undefined) return app;
  for (const name of Object.keys(EXTENSION_FILES) as ExtensionFile[]) {
    app.get(`/extension/${name}`, serveFile(dir, name));
  }
  return app;
}
