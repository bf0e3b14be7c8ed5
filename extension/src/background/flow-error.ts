import {
  EXTENSION_ERRORS,
  HELPER_ERRORS,
  SERVER_ERRORS,
  type ErrorCode,
  type NetskopeState,
} from '@latchkey/shared';

/** What a {@link FlowError} may carry besides its code. None of it is secret. */
export interface FlowErrorInfo {
  /** The helper's code when `code` is the server's (the helper relayed a server refusal). */
  helperCode?: string;
  /** The installer's or client's own words, or the IdP's `error` value. */
  detail?: string;
  /** The device's Netskope state the helper reported with the error. */
  netskope?: NetskopeState;
  /** The exact command that installs the device helper, when it is missing. */
  installCommand?: string;
  /** Where the device helper can be downloaded, when the server names it. */
  downloadUrl?: string;
  cause?: unknown;
}

/**
 * The one error type of the enrollment flow: a stable `code` from the shared error tables and a
 * public message. Never built from a ticket, code, verifier, nonce or token.
 */
export class FlowError extends Error {
  override readonly name = 'FlowError';
  readonly code: ErrorCode;
  readonly info: FlowErrorInfo;

  constructor(code: ErrorCode, info: FlowErrorInfo = {}) {
    super(publicMessage(code), info.cause === undefined ? undefined : { cause: info.cause });
    this.code = code;
    this.info = info;
  }
}

/** The public message for any shared error code. */
export function publicMessage(code: ErrorCode): string {
  if (Object.hasOwn(SERVER_ERRORS, code))
    return SERVER_ERRORS[code as keyof typeof SERVER_ERRORS].message;
  if (Object.hasOwn(HELPER_ERRORS, code)) return HELPER_ERRORS[code as keyof typeof HELPER_ERRORS];
  return EXTENSION_ERRORS[code as keyof typeof EXTENSION_ERRORS];
}

/** True when `code` is one of the shared error codes. */
export function isErrorCode(code: string): code is ErrorCode {
  return (
    Object.hasOwn(SERVER_ERRORS, code) ||
    Object.hasOwn(HELPER_ERRORS, code) ||
    Object.hasOwn(EXTENSION_ERRORS, code)
  );
}

/** Any thrown value as a FlowError; unexpected ones become `internal` with no detail. */
export function toFlowError(error: unknown): FlowError {
  return error instanceof FlowError ? error : new FlowError('internal', { cause: error });
}
