import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppContext } from './env.js';

/** Validates a request's query string; a miss is `bad_request` naming only the first field. */
export function parseQuery<T extends z.ZodType>(c: AppContext, schema: T): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.join('.') || 'query';
  throw new AppError('bad_request', { message: `The query is not valid at "${field}".` });
}
