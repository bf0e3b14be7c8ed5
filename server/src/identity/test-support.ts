import { inspect } from 'node:util';
import { expect } from 'vitest';
import { AppError } from '../errors.js';
import type { ServerErrorCode } from '@latchkey/shared';

/** A clock that stands still until a test moves it. Test support only. */
export function testClock(start: Date = new Date()) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advanceSeconds(seconds: number) {
      current += seconds * 1000;
    },
  };
}

/** Whole seconds since the epoch of a clock's now. */
export function epochSeconds(clock: { now(): Date }): number {
  return Math.floor(clock.now().getTime() / 1000);
}

/**
 * Awaits a refusal and checks it is an AppError with `code`, and that none of `secrets`
 * appears anywhere in it: message, detail, stack, cause or any other property.
 */
export async function expectRefused(
  promise: Promise<unknown>,
  code: ServerErrorCode,
  secrets: readonly string[] = [],
): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a refusal with ${code}, but it succeeded`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  const everything = inspect(appError, { depth: 8, showHidden: true }) + String(appError.stack);
  for (const secret of secrets) expect(everything).not.toContain(secret);
  return appError;
}
