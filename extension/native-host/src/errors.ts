import { HELPER_ERRORS, type HelperErrorCode, type NetskopeState } from '@latchkey/shared';

/** What a {@link HelperError} may carry besides its code. */
export interface HelperErrorOptions {
  /** Public message; defaults to the shared wording for the code. Never holds a secret. */
  message?: string;
  /** The server's own error code when the server refused. */
  serverCode?: string;
  /** The Netskope installer's or client's own words, already scrubbed of secrets. */
  detail?: string;
  /** The client's state when the failure was read from it. */
  netskope?: NetskopeState;
  cause?: unknown;
}

/**
 * The one error type of the helper. `code` is stable (see `HELPER_ERRORS` in shared); the message
 * is public and must never carry a ticket, token or key.
 */
export class HelperError extends Error {
  readonly code: HelperErrorCode;
  readonly serverCode: string | undefined;
  readonly detail: string | undefined;
  readonly netskope: NetskopeState | undefined;

  constructor(code: HelperErrorCode, options: HelperErrorOptions = {}) {
    super(options.message ?? HELPER_ERRORS[code], { cause: options.cause });
    this.name = 'HelperError';
    this.code = code;
    this.serverCode = options.serverCode;
    this.detail = options.detail;
    this.netskope = options.netskope;
  }
}

/** Turns anything thrown into a {@link HelperError}; unexpected errors become `internal`. */
export function toHelperError(error: unknown): HelperError {
  if (error instanceof HelperError) return error;
  return new HelperError('internal', { cause: error });
}
