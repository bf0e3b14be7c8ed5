import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

/**
 * A fixed one-minute window per source address, in memory. `perMinute` 0 turns it off. Requests
 * whose address is unknown share one bucket. Enough to slow a guessing loop; not a DoS shield.
 */
export function rateLimit(clock: Clock, perMinute: number): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (perMinute === 0) return next();
    const now = clock.now().getTime();
    const key = c.get('context').sourceIp ?? 'unknown';
    let window = windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (windows.size >= MAX_TRACKED) windows.clear();
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > perMinute) {
      c.header('Retry-After', String(Math.ceil((window.start + WINDOW_MS - now) / 1000)));
      throw new AppError('rate_limited');
    }
    return next();
  };
}
