/** What the person can do about a failure. */
export type NextAction = 'retry' | 'restart' | 'settings' | 'install' | 'contact-admin';

/** How the popup explains one error code. */
export interface FailureText {
  title: string;
  next: string;
  action: NextAction;
}

/** The Netskope Client's own words when the tenant wants a token it did not get. */
export const IDP_ENROLLMENT_REQUIRED = 'IdP enrollment is required by admin';

const TICKET_GONE = 'Start again to get a new one.';
const CONTACT_ADMIN_WITH_CODE =
  'Try again. If it keeps happening, contact your administrator and quote the code below.';

const TEXTS: Record<string, FailureText> = {
  not_configured: {
    title: 'No Latchkey server is set up',
    next:
      'Ask your administrator for the Latchkey server address, ' +
      "then enter it in the extension's settings.",
    action: 'settings',
  },
  signin_cancelled: {
    title: 'Sign-in was cancelled',
    next: 'Sign in again when you are ready.',
    action: 'retry',
  },
  signin_refused: {
    title: 'Your sign-in was refused',
    next:
      'Your identity provider did not let you sign in. ' +
      'Try again, or contact your administrator if it keeps happening.',
    action: 'contact-admin',
  },
  signin_state_mismatch: {
    title: 'The sign-in could not be verified',
    next: 'The answer from the sign-in page did not match this request. Try again.',
    action: 'retry',
  },
  idp_unavailable: {
    title: 'The sign-in service could not be reached',
    next: 'Check your network connection, then try again.',
    action: 'retry',
  },
  code_exchange_failed: {
    title: 'The sign-in could not be completed',
    next: CONTACT_ADMIN_WITH_CODE,
    action: 'retry',
  },
  id_token_invalid: {
    title: 'The sign-in could not be completed',
    next: CONTACT_ADMIN_WITH_CODE,
    action: 'retry',
  },
  not_in_allowed_group: {
    title: 'You are not allowed to enroll devices',
    next:
      'Ask your administrator to add you to the group allowed to enroll devices, ' +
      'then try again.',
    action: 'contact-admin',
  },
  server_unreachable: {
    title: 'The Latchkey server could not be reached',
    next: 'Check your network connection and the server address in settings, then try again.',
    action: 'retry',
  },
  helper_not_installed: {
    title: 'The Latchkey device helper is not installed',
    next: 'Install the device helper with the command below, then try again.',
    action: 'install',
  },
  origin_refused: {
    title: 'The device helper refused this extension',
    next:
      'The helper on this device was set up for another copy of the extension. ' +
      'Contact your administrator.',
    action: 'contact-admin',
  },
  helper_failed: {
    title: 'The device helper stopped unexpectedly',
    next: 'Try again. If it keeps happening, reinstall the device helper.',
    action: 'retry',
  },
  ticket_expired: { title: 'Your enrollment ticket expired', next: TICKET_GONE, action: 'restart' },
  ticket_superseded: {
    title: 'A newer enrollment replaced this one',
    next: TICKET_GONE,
    action: 'restart',
  },
  ticket_already_used: {
    title: 'This enrollment ticket was already used',
    next: TICKET_GONE,
    action: 'restart',
  },
  ticket_revoked: {
    title: 'Your enrollment ticket was revoked',
    next: 'Start again to get a new one. If it is revoked again, contact your administrator.',
    action: 'restart',
  },
  ticket_unknown: {
    title: 'The enrollment ticket was not recognised',
    next: TICKET_GONE,
    action: 'restart',
  },
  ticket_not_redeemed: {
    title: 'The enrollment did not go through',
    next: TICKET_GONE,
    action: 'restart',
  },
  proof_required: {
    title: 'This device could not prove its key',
    next: TICKET_GONE,
    action: 'restart',
  },
  proof_invalid: {
    title: 'This device could not prove its key',
    next: TICKET_GONE,
    action: 'restart',
  },
  proof_replayed: {
    title: 'This device could not prove its key',
    next: TICKET_GONE,
    action: 'restart',
  },
  key_mismatch: {
    title: 'The ticket belongs to another device key',
    next: TICKET_GONE,
    action: 'restart',
  },
  installer_failed: {
    title: 'The Netskope Client installer failed',
    next: 'Its own message is shown below. Try again, or contact your administrator and quote it.',
    action: 'retry',
  },
  installer_not_found: {
    title: 'The Netskope Client installer was not found',
    next: 'Contact your administrator: the device helper could not find the installer.',
    action: 'contact-admin',
  },
  elevation_refused: {
    title: 'Administrator approval was not given',
    next: 'Try again, and approve the administrator prompt when it appears.',
    action: 'retry',
  },
  token_required: {
    title: 'Your Netskope tenant needs an enrollment token',
    next:
      `The Netskope Client says “${IDP_ENROLLMENT_REQUIRED}”: ` +
      'your tenant requires an enrollment token that this deployment does not release. ' +
      'Contact your administrator.',
    action: 'contact-admin',
  },
  enrollment_unconfirmed: {
    title: 'The Netskope Client did not confirm the enrollment',
    next: 'Open the Netskope Client to check its status, then try again.',
    action: 'retry',
  },
  mode_not_allowed: {
    title: 'This enrollment mode is not allowed',
    next: 'Contact your administrator: the mode set for this device is not allowed by the server.',
    action: 'contact-admin',
  },
  busy: {
    title: 'Another enrollment is running on this device',
    next: 'Wait for it to finish, then try again.',
    action: 'retry',
  },
  rate_limited: {
    title: 'Too many attempts',
    next: 'Wait a minute, then try again.',
    action: 'retry',
  },
  platform_unsupported: {
    title: 'This platform is not supported',
    next: 'Contact your administrator.',
    action: 'contact-admin',
  },
};

const UNEXPECTED: FailureText = {
  title: 'Something went wrong',
  next: CONTACT_ADMIN_WITH_CODE,
  action: 'retry',
};

/** The title, next step and action for an error code; unknown codes get a generic text. */
export function failureText(code: string): FailureText {
  return Object.hasOwn(TEXTS, code) ? (TEXTS[code] as FailureText) : UNEXPECTED;
}

/** The label of the button that starts over after a failure. */
export function actionLabel(action: NextAction): string {
  if (action === 'restart') return 'Start again';
  return 'Try again';
}
