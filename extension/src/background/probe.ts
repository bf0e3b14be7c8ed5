import type { DeviceView } from '../lib/flow-view.js';
import type { Policy } from '../lib/policy.js';
import { helperDevice } from './flow.js';
import { FlowError } from './flow-error.js';
import { nativeHello, type ConnectNative } from './native.js';

/** What looking at the device needs. */
export interface ProbeDeps {
  readPolicy(): Promise<Policy>;
  platformOs(): Promise<string>;
  connectNative: ConnectNative;
}

/**
 * Looks at the device without enrolling, so the popup can show the Netskope state as soon as it
 * opens. Never throws: a missing helper is `missing`, any other failure `unknown`.
 */
export async function probeDevice(deps: ProbeDeps): Promise<DeviceView> {
  try {
    const policy = await deps.readPolicy();
    if (policy.forceChromeOsHandoff || (await deps.platformOs()) === 'cros') {
      return { platform: 'cros', helper: 'not-needed' };
    }
    const hello = await nativeHello(deps.connectNative);
    return helperDevice(hello, hello.netskope);
  } catch (error) {
    if (error instanceof FlowError && error.code === 'helper_not_installed') {
      return { helper: 'missing' };
    }
    return { helper: 'unknown' };
  }
}
