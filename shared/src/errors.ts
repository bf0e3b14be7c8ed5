/**
 * Stable error codes for every boundary: HTTP replies, native messages and the popup.
 *
 * Clients branch on `code`, never on wording. Messages here are public: they must never carry
 * a ticket, authorization code, verifier, token or key.
 */

/** Codes the server puts in `{"error":{"code","message","requestId"}}`, with their HTTP status. */
export const SERVER_ERRORS = {
  bad_request: { status: 400, message: 'The request is not valid.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unauthenticated: { status: 401, message: 'Sign-in is required.' },
  id_token_invalid: { status: 401, message: 'The identity token was refused.' },
  code_exchange_failed: { status: 401, message: 'The sign-in could not be completed.' },
  idp_unavailable: { status: 502, message: 'The identity provider could not be reached.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  not_in_allowed_group: {
    status: 403,
    message: 'Your account is not in a group allowed to enroll devices.',
  },
  not_found: { status: 404, message: 'Not found.' },
  ticket_malformed: { status: 400, message: 'The ticket is not well formed.' },
  ticket_unknown: { status: 404, message: 'The ticket is not known.' },
  ticket_expired: { status: 410, message: 'The ticket has expired.' },
  ticket_already_used: { status: 409, message: 'The ticket has already been used.' },
  ticket_revoked: { status: 410, message: 'The ticket has been revoked.' },
  ticket_superseded: {
    status: 410,
    message: 'A newer ticket was issued for this user; this one no longer works.',
  },
  proof_required: { status: 401, message: 'A device key proof is required.' },
  proof_invalid: { status: 401, message: 'The device key proof was refused.' },
  proof_replayed: { status: 401, message: 'The device key proof was already used.' },
  key_mismatch: { status: 403, message: 'The ticket is bound to another device key.' },
  mode_not_allowed: { status: 403, message: 'This enrollment mode is not allowed.' },
  result_already_reported: { status: 409, message: 'The result was already reported.' },
  ticket_not_redeemed: { status: 409, message: 'The ticket has not been redeemed.' },
  rate_limited: { status: 429, message: 'Too many requests; try again shortly.' },
  too_many_streams: {
    status: 429,
    message: 'Too many audit streams are open for this credential; close one first.',
  },
  internal: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** Codes the device helper sends in `{type:"error"}` native messages and CLI output. */
export const HELPER_ERRORS = {
  origin_refused: 'The caller is not the Latchkey extension.',
  message_malformed: 'The message could not be read.',
  message_too_large: 'The message exceeds the 1 MB native messaging limit.',
  server_unreachable: 'The Latchkey server could not be reached.',
  redeem_refused: 'The server refused the ticket.',
  installer_not_found: 'The Netskope Client installer was not found.',
  installer_failed: 'The Netskope Client installer failed.',
  elevation_refused: 'Administrator approval was refused or is not available.',
  token_required: 'The tenant requires an enrollment token that was not supplied.',
  enrollment_unconfirmed: 'The Netskope Client did not confirm the enrollment.',
  platform_unsupported: 'This platform is not supported by the helper.',
  busy: 'Another enrollment is already running.',
  internal: 'The helper failed unexpectedly.',
} as const satisfies Record<string, string>;

export type HelperErrorCode = keyof typeof HELPER_ERRORS;

/** Codes the extension raises on its own, before or around the server and helper. */
export const EXTENSION_ERRORS = {
  not_configured: 'No Latchkey server is configured.',
  signin_cancelled: 'Sign-in was cancelled.',
  signin_refused: 'The identity provider refused the sign-in.',
  signin_state_mismatch: 'The sign-in response did not match the request.',
  server_unreachable: 'The Latchkey server could not be reached.',
  helper_not_installed: 'The Latchkey device helper is not installed.',
  helper_failed: 'The Latchkey device helper stopped unexpectedly.',
} as const satisfies Record<string, string>;

export type ExtensionErrorCode = keyof typeof EXTENSION_ERRORS;

/** Any code a person may end up seeing. */
export type ErrorCode = ServerErrorCode | HelperErrorCode | ExtensionErrorCode;

/** The body of every error reply from the server. */
export interface ErrorBody {
  error: { code: ServerErrorCode; message: string; requestId: string };
}

/** True when `code` is one of the server's codes. */
export function isServerErrorCode(code: string): code is ServerErrorCode {
  return Object.hasOwn(SERVER_ERRORS, code);
}
