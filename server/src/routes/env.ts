import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AuditFeed } from '../audit/feed.js';
import type { RequestContext } from '../audit/record.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { AppError } from '../errors.js';
import type { Identity } from '../identity/types.js';
import type { EnrollmentProfile } from '../netskope/profile.js';
import type { Pepper } from '../pepper.js';

/** Everything the app is built from; see `createApp`. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  identity: Identity;
  config: Config;
  log: Logger;
  profile: EnrollmentProfile;
  pepper: Pepper;
  /**
   * Wakes `GET /v1/audit/stream` connections; the owner closes it at shutdown to end them.
   * Default: one made by `createApp` with the default timings.
   */
  auditFeed?: AuditFeed;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    context: RequestContext;
    /** Who acted, once known; goes into the request log line. */
    actor: string | undefined;
    errorCode: string | undefined;
  };
}

export type AppContext = Context<AppEnv>;

/**
 * Reads a JSON body and validates it. Anything else (wrong content type, bad JSON, a schema
 * miss) is `bad_request`, naming only the first field at fault.
 */
export async function parseJson<T extends z.ZodType>(
  c: AppContext,
  schema: T,
): Promise<z.infer<T>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError('bad_request', { message: 'The body must be application/json.' });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    throw new AppError('bad_request', { message: 'The body is not valid JSON.', cause: error });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.join('.') || 'body';
  throw new AppError('bad_request', { message: `The request is not valid at "${field}".` });
}

/** The URL a device proof must name: the public URL behind a proxy, else what was requested. */
export function requestUrl(c: AppContext, publicUrl: string | undefined): string {
  return publicUrl === undefined ? c.req.url : `${publicUrl}${c.req.path}`;
}
