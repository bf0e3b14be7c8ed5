import {
  createProof,
  type ConfigResponse,
  type DeviceFacts,
  type DeviceKey,
  type EnrollMode,
  type EnrollStep,
  type MintResponse,
  type RedeemResponse,
} from '@latchkey/shared';
import type { OutcomeView } from '../lib/flow-view.js';
import { isHttpsOrLoopback } from '../lib/server-url.js';
import { FlowError } from './flow-error.js';
import type { ServerClient } from './server-client.js';

/** What the ChromeOS hand-off needs. */
export interface ChromeOsDeps {
  server: ServerClient;
  key: DeviceKey;
  /** `tabs.create({ url })`. */
  openTab(url: string): Promise<void>;
}

/** One ChromeOS hand-off: the ticket just minted and the facts to send with it. */
export interface ChromeOsOrder {
  mint: MintResponse;
  config: ConfigResponse;
  device: DeviceFacts;
  mode?: EnrollMode;
}

/**
 * The ChromeOS hand-off. No native helper can run, so the extension redeems the ticket itself
 * with a proof by its own key, for the ChromeOS part only (tenant, domain, enrollment entry URL;
 * the server releases no secret for `cros`), opens the Netskope app's IdP enrollment entry and
 * reports `handed-off`, since it cannot read the app's state.
 */
export async function chromeOsHandoff(
  deps: ChromeOsDeps,
  order: ChromeOsOrder,
  onProgress: (step: EnrollStep) => void,
): Promise<OutcomeView> {
  const { ticket, ticketId } = order.mint;
  const proof = (method: string, url: string) => createProof(deps.key, { method, url, ticket });

  onProgress('redeeming');
  const redeemed = await deps.server.redeem(
    { ticket, platform: 'cros', mode: order.mode, device: order.device },
    proof,
  );

  const enrollUrl = entryUrl(redeemed, order.config.chromeos.enrollUrlTemplate);
  onProgress('installing');
  await deps.openTab(enrollUrl);

  onProgress('reporting');
  const result = await deps.server.reportResult(ticketId, { ticket, outcome: 'handed-off' }, proof);
  return {
    kind: 'handed-off',
    ticketId,
    resultStatus: result.status,
    userEmail: redeemed.user.email,
    enrollUrl,
  };
}

/**
 * The enrollment entry URL: the server's when it sends one, else the configured template with
 * `{tenant}`, `{domain}` and `{email}` filled in. Only https (or loopback http) is opened.
 */
export function entryUrl(redeemed: RedeemResponse, template: string): string {
  const { material, user } = redeemed;
  const url =
    material.enrollUrl ??
    template
      .replaceAll('{tenant}', encodeURIComponent(material.tenant))
      .replaceAll('{domain}', encodeURIComponent(material.domain))
      .replaceAll('{email}', encodeURIComponent(user.email));
  if (!isHttpsOrLoopback(url))
    throw new FlowError('internal', { detail: 'enrollment entry URL refused' });
  return url;
}
