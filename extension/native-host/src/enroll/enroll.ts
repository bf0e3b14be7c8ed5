import type {
  DeviceFacts,
  EnrollMode,
  EnrollStep,
  EnrollmentMaterial,
  NetskopeState,
  RedeemResponse,
  ResultResponse,
} from '@latchkey/shared';
import { HelperError, toHelperError } from '../errors.js';
import type { HostPlatform } from '../key/config-dir.js';
import type { InstallerOutcome } from '../netskope/installer.js';
import { IDP_REQUIRED_PHRASE } from '../netskope/parse.js';
import type { ServerApi } from './server-api.js';

/** What one enrollment needs, passed in so tests can run it against real parts. */
export interface EnrollDeps {
  platform: HostPlatform;
  api: ServerApi;
  deviceFacts: () => Promise<DeviceFacts>;
  install: (mode: EnrollMode, material: EnrollmentMaterial) => Promise<InstallerOutcome>;
  readState: () => Promise<NetskopeState>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** How long to wait for the client to confirm (IdP mode may wait on the person's SAML login). */
  verifyTimeoutMs: number;
  pollIntervalMs: number;
  onProgress: (step: EnrollStep) => void;
}

export interface EnrollRequest {
  ticket: string;
  mode?: EnrollMode;
}

/** A confirmed hand-off: the server's verdict on the client's own status. */
export interface EnrollResult {
  ticketId: string;
  resultStatus: ResultResponse['status'];
  netskope: NetskopeState;
}

/**
 * Redeems the ticket with a key proof, runs the installer, confirms the enrollment from the
 * client's own status, and reports the outcome to the server with a fresh proof. Failures after
 * redemption are reported too, then thrown as a {@link HelperError}.
 */
export async function enroll(request: EnrollRequest, deps: EnrollDeps): Promise<EnrollResult> {
  deps.onProgress('redeeming');
  const redeemed = await deps.api.redeem({
    ticket: request.ticket,
    platform: deps.platform,
    ...(request.mode ? { mode: request.mode } : {}),
    device: await deps.deviceFacts(),
  });

  let failure: HelperError | undefined;
  let netskope: NetskopeState | undefined;
  try {
    netskope = await installAndVerify(redeemed, deps);
  } catch (error) {
    failure = toHelperError(error);
    netskope = failure.netskope ?? (await deps.readState());
  }

  deps.onProgress('reporting');
  const report = deps.api.report(redeemed.ticketId, {
    ticket: request.ticket,
    outcome: failure ? 'failed' : 'enrolled',
    client: netskope,
    ...(failure
      ? { errorCode: failure.code, message: (failure.detail ?? failure.message).slice(0, 1000) }
      : {}),
  });
  if (failure) {
    // The installer's failure is what the person must act on; a failed report would hide it.
    await report.catch(() => undefined);
    throw failure;
  }
  const reported = await report;
  return { ticketId: redeemed.ticketId, resultStatus: reported.status, netskope };
}

async function installAndVerify(
  redeemed: RedeemResponse,
  deps: EnrollDeps,
): Promise<NetskopeState> {
  deps.onProgress('installing');
  let outcome: InstallerOutcome;
  try {
    outcome = await deps.install(redeemed.mode, redeemed.material);
  } finally {
    dropMaterial(redeemed.material);
  }
  if (outcome.output.includes(IDP_REQUIRED_PHRASE)) {
    throw new HelperError('token_required', {
      detail: lastLines(outcome.output),
      netskope: await deps.readState(),
    });
  }
  if (outcome.code !== 0) {
    const state = await deps.readState();
    const code = state.status === 'stuck' ? 'token_required' : 'installer_failed';
    throw new HelperError(code, {
      detail: lastLines(outcome.output) || `exit code ${outcome.code}`,
      netskope: state,
    });
  }
  deps.onProgress('verifying');
  return waitForEnrollment(redeemed.user.email, deps);
}

async function waitForEnrollment(owner: string, deps: EnrollDeps): Promise<NetskopeState> {
  const deadline = deps.now() + deps.verifyTimeoutMs;
  for (;;) {
    const state = await deps.readState();
    if (state.enrolled) return state;
    if (state.status === 'stuck') {
      throw new HelperError('token_required', {
        detail: state.reason ?? IDP_REQUIRED_PHRASE,
        netskope: state,
      });
    }
    if (deps.now() >= deadline) {
      throw new HelperError('enrollment_unconfirmed', {
        message: `The Netskope Client did not confirm an enrollment for ${owner} in time.`,
        netskope: state,
      });
    }
    await deps.sleep(deps.pollIntervalMs);
  }
}

function lastLines(output: string): string {
  return output.split(/\r?\n/).filter(Boolean).slice(-20).join('\n').slice(-2000);
}

/** Forgets the material once the installer has it: the helper keeps no copy around. */
function dropMaterial(material: EnrollmentMaterial): void {
  for (const item of Object.keys(material)) delete (material as Record<string, unknown>)[item];
}
