import type { FlowView } from '../lib/flow-view.js';
import type { PopupCommandType } from '../lib/messages.js';
import { DevicePanel } from './device-panel.js';
import { FailurePanel } from './failure-panel.js';
import { failureText } from './failures.js';
import { OutcomePanel } from './outcome-panel.js';
import { progressLabel, StepList } from './steps.js';

/** What the popup can ask of the outside world. */
export interface PopupProps {
  /** The service worker's view; `undefined` until the first message arrives. */
  view: FlowView | undefined;
  send(command: PopupCommandType): void;
  openSettings(): void;
}

/** The popup: one primary action, the steps, the device's state and any failure or outcome. */
export function PopupApp({ view, send, openSettings }: PopupProps) {
  if (!view) {
    return (
      <main class="popup" data-testid="loading">
        <p role="status">Loading…</p>
      </main>
    );
  }
  const running = view.status === 'running';
  return (
    <main class="popup" data-testid="popup" data-status={view.status}>
      <h1>Latchkey</h1>
      <p class="status" role="status" aria-live="polite" data-testid="status">
        {statusLine(view)}
      </p>
      {view.status !== 'failed' && view.status !== 'done' && (
        <button
          type="button"
          class="primary"
          data-testid="enroll-button"
          disabled={running}
          onClick={() => send('enroll')}
        >
          {running ? 'Enrolling…' : 'Enroll this device'}
        </button>
      )}
      {view.status !== 'idle' && <StepList view={view} />}
      {view.failure && (
        <FailurePanel
          failure={view.failure}
          actions={{ onRetry: () => send('enroll'), onOpenSettings: openSettings }}
        />
      )}
      {view.outcome && <OutcomePanel outcome={view.outcome} />}
      <DevicePanel device={view.device} />
      <p class="links">
        <button type="button" class="link" data-testid="open-settings" onClick={openSettings}>
          Settings
        </button>
      </p>
    </main>
  );
}

/** One sentence for the live region, so screen readers hear each change. */
export function statusLine(view: FlowView): string {
  if (view.status === 'idle') return 'Ready to enroll this device.';
  if (view.status === 'failed' && view.failure)
    return `Failed: ${failureText(view.failure.code).title}.`;
  if (view.status === 'done') {
    return view.outcome?.kind === 'handed-off'
      ? 'Handed off to the Netskope app.'
      : 'This device is enrolled.';
  }
  if (view.step === 'signin') return 'Signing in…';
  if (view.step === 'ticket') return 'Getting an enrollment ticket…';
  if (view.step === 'handoff' && view.progress)
    return `Hand-off: ${progressLabel(view, view.progress)}…`;
  return 'Handing off to this device…';
}
