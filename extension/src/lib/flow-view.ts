import type { EnrollStep, NetskopeState, Platform, ResultResponse } from '@latchkey/shared';

/** The steps the popup shows, in order. */
export const STEPS = ['signin', 'ticket', 'handoff', 'enrolled'] as const;
export type StepName = (typeof STEPS)[number];

/** What the extension knows about this device. */
export interface DeviceView {
  platform?: Platform;
  /** `not-needed` on ChromeOS, where the extension hands off by itself. */
  helper: 'unknown' | 'present' | 'missing' | 'not-needed';
  helperVersion?: string;
  netskope?: NetskopeState;
}

/** A failure as the popup shows it. Never carries a secret. */
export interface FailureView {
  /** The most specific code: the server's when it refused, else the helper's or extension's. */
  code: string;
  /** The helper's own code when the server's code is shown instead. */
  helperCode?: string;
  /** The step that failed. */
  step: StepName;
  /** The Netskope installer's or client's own words, or the IdP's error code. */
  detail?: string;
  /** The exact command to install the device helper, when it is missing. */
  installCommand?: string;
  /** Where the device helper can be downloaded, when the server names it. */
  downloadUrl?: string;
}

/** How a finished enrollment ended. */
export interface OutcomeView {
  kind: 'enrolled' | 'handed-off';
  ticketId: string;
  resultStatus?: ResultResponse['status'];
  userEmail?: string;
  enrollUrl?: string;
}

/**
 * Everything the popup renders, owned by the service worker and kept in `storage.session` so a
 * reopened popup resumes. It holds no ticket, code, verifier, nonce or token.
 */
export interface FlowView {
  status: 'idle' | 'running' | 'done' | 'failed';
  step: StepName | null;
  progress?: EnrollStep;
  device: DeviceView;
  failure?: FailureView;
  outcome?: OutcomeView;
}

/** The view before anything has happened. */
export function initialView(): FlowView {
  return { status: 'idle', step: null, device: { helper: 'unknown' } };
}
