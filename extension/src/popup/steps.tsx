import type { EnrollStep } from '@latchkey/shared';
import { STEPS, type FlowView, type StepName } from '../lib/flow-view.js';

/** The step labels, in order. */
export const STEP_LABELS: Record<StepName, string> = {
  signin: 'Sign in',
  ticket: 'Ticket',
  handoff: 'Hand-off',
  enrolled: 'Enrolled',
};

/** What the helper (or, on ChromeOS, the extension) is doing during the hand-off. */
export const PROGRESS_LABELS: Record<EnrollStep, string> = {
  redeeming: 'Redeeming the ticket',
  installing: 'Installing the Netskope Client',
  verifying: 'Checking the enrollment',
  reporting: 'Reporting the result',
};

export type StepState = 'pending' | 'active' | 'done' | 'failed';

/** Where one step stands in a view. */
export function stepState(view: FlowView, step: StepName): StepState {
  if (view.step === null) return 'pending';
  const current = STEPS.indexOf(view.step);
  const index = STEPS.indexOf(step);
  if (index < current) return 'done';
  if (index > current) return 'pending';
  if (view.status === 'failed') return 'failed';
  if (view.status === 'done') return 'done';
  return 'active';
}

const MARKS: Record<StepState, string> = { pending: '', active: '…', done: '✓', failed: '✕' };

/** The step view: sign in, ticket, hand-off, enrolled, with the hand-off's own progress. */
export function StepList({ view }: { view: FlowView }) {
  return (
    <ol class="steps" data-testid="steps" aria-label="Enrollment steps">
      {STEPS.map((step) => {
        const state = stepState(view, step);
        return (
          <li
            key={step}
            class={`step step-${state}`}
            data-testid={`step-${step}`}
            data-state={state}
            aria-current={state === 'active' ? 'step' : undefined}
          >
            <span class="step-mark" aria-hidden="true">
              {MARKS[state]}
            </span>
            <span class="step-label">{STEP_LABELS[step]}</span>
            <span class="visually-hidden">{` (${state})`}</span>
            {step === 'handoff' && state === 'active' && view.progress && (
              <span class="step-progress" data-testid="progress" data-progress={view.progress}>
                {progressLabel(view, view.progress)}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The progress label; on ChromeOS "installing" means opening the Netskope app. */
export function progressLabel(view: FlowView, progress: EnrollStep): string {
  if (progress === 'installing' && view.device.platform === 'cros') {
    return 'Opening the Netskope app';
  }
  return PROGRESS_LABELS[progress];
}
