import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

const WINDOW_MS = 60_000;
/** Most addresses tracked one by one; beyond it, new addresses share {@link SHARED}. */
const MAX_TRACKED = 10_000;
const SHARED = 'shared';

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed one-minute window per source address, in memory. `perMinute` 0 turns it off. Requests
 * whose address is unknown share one bucket. Memory is bounded: at most {@link MAX_TRACKED}
 * addresses are tracked; when that many have current windows, a new address counts against one
 * shared bucket until windows lapse, so a flood of addresses is itself limited and never resets
 * the count of an address already over its limit. Enough to slow a guessing loop; not a DoS
 * shield.
 */
export function rateLimit(clock: Clock, perMinute: number): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, Window>();
  return async (c, next) => {
    if (perMinute === 0) return next();
    const now = clock.now().getTime();
    const window = windowFor(windows, c.get('context').sourceIp ?? 'unknown', now);
    window.count += 1;
    if (window.count > perMinute) {
      c.header('Retry-After', String(Math.ceil((window.start + WINDOW_MS - now) / 1000)));
      throw new AppError('rate_limited');
    }
    return next();
  };
}

/** The current window for `address`, opening a new one when its last has lapsed. */
function windowFor(windows: Map<string, Window>, address: string, now: number): Window {
  if (!windows.has(address) && windows.size >= MAX_TRACKED) forgetLapsed(windows, now);
  const key = windows.has(address) || windows.size < MAX_TRACKED ? address : SHARED;
  const known = windows.get(key);
  if (known && now - known.start < WINDOW_MS) return known;
  const opened = { start: now, count: 0 };
  // Re-inserting keeps the map in order of window start, oldest first.
  windows.delete(key);
  windows.set(key, opened);
  return opened;
}

/** Drops lapsed windows; they sit at the front, so this stops at the first current one. */
function forgetLapsed(windows: Map<string, Window>, now: number): void {
  for (const [key, window] of windows) {
    if (now - window.start < WINDOW_MS) return;
    windows.delete(key);
  }
}
