import { SERVER_ERRORS, type ServerErrorCode } from '@latchkey/shared';

/**
 * The server's one error type. `code` is stable and public, `message` is safe to show,
 * `detail` is for logs only and must still never hold a secret. The library error that caused
 * it, if any, is kept as `cause` and never serialised.
 *
 * @example throw new AppError('ticket_expired', { detail: `ticket ${ticketId}` })
 */
export class AppError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(
    code: ServerErrorCode,
    options: { message?: string; detail?: string; cause?: unknown } = {},
  ) {
    super(options.message ?? SERVER_ERRORS[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = SERVER_ERRORS[code].status;
    this.detail = options.detail;
  }
}

/** Turns anything thrown into an AppError; unknown failures become `internal`, with no detail. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', { cause: error });
}
