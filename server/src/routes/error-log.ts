import type { Logger } from 'pino';
import { toAppError, type AppError } from '../errors.js';

/**
 * Turns anything a handler threw into an AppError and logs it once, for the API and the console
 * alike. An unexpected failure is logged as `internal` with only its class and message (never
 * reaching the reply); a known refusal logs its private detail at debug level.
 */
export function logAppError(log: Logger, requestId: string | undefined, thrown: unknown): AppError {
  const error = toAppError(thrown);
  if (error.code === 'internal') {
    const cause = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : typeof thrown;
    log.error({ requestId, code: error.code, cause });
  } else if (error.detail) {
    log.debug({ requestId, code: error.code, detail: error.detail });
  }
  return error;
}
