import type { NetskopeState } from '@latchkey/shared';
import type { DeviceView } from '../lib/flow-view.js';

/** The device's Netskope state, as the helper reported it. */
export function DevicePanel({ device }: { device: DeviceView }) {
  return (
    <section class="device" aria-labelledby="device-heading" data-testid="device">
      <h2 id="device-heading">This device</h2>
      <DeviceBody device={device} />
    </section>
  );
}

function DeviceBody({ device }: { device: DeviceView }) {
  if (device.helper === 'not-needed') {
    return (
      <p data-testid="netskope-state" data-status="unknown">
        ChromeOS: Latchkey hands off to the Netskope app and cannot read its state.
      </p>
    );
  }
  if (device.helper === 'missing') {
    return (
      <p data-testid="helper-missing">
        The Latchkey device helper is not installed, so the Netskope Client's state is unknown.
      </p>
    );
  }
  if (!device.netskope) {
    return (
      <p data-testid="netskope-state" data-status="unknown">
        Checking this device…
      </p>
    );
  }
  return <NetskopeFacts state={device.netskope} helperVersion={device.helperVersion} />;
}

function NetskopeFacts({ state, helperVersion }: { state: NetskopeState; helperVersion?: string }) {
  return (
    <div data-testid="netskope-state" data-status={state.status}>
      <dl class="facts">
        <dt>Netskope Client</dt>
        <dd data-testid="netskope-installed">
          {state.installed
            ? `Installed${state.version ? `, version ${state.version}` : ''}`
            : 'Not installed'}
        </dd>
        {state.installed && (
          <>
            <dt>Enrollment</dt>
            <dd data-testid="netskope-enrolled">
              {state.enrolled
                ? `Enrolled as ${state.userEmail ?? 'an unknown user'}`
                : 'Not enrolled'}
            </dd>
          </>
        )}
        {state.status === 'stuck' && (
          <>
            <dt>Stuck</dt>
            <dd data-testid="netskope-stuck">
              {state.reason ?? 'Waiting on something it cannot get'}
            </dd>
          </>
        )}
        {helperVersion && (
          <>
            <dt>Device helper</dt>
            <dd>version {helperVersion}</dd>
          </>
        )}
      </dl>
      <p class="explanation" data-testid="netskope-explanation">
        {state.explanation}
      </p>
    </div>
  );
}
