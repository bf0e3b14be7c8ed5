import { describe, expect, it } from 'vitest';
import type { FlowView } from '../lib/flow-view.js';
import { createController, resumeView, type ControllerDeps } from './controller.js';
import { FlowError } from './flow-error.js';
import { StepError } from './flow.js';
import { NETSKOPE_ENROLLED, TICKET_ID } from './test-fakes.js';

function deps(overrides: Partial<ControllerDeps> = {}) {
  const saved: FlowView[] = [];
  const all: ControllerDeps = {
    run: async (report) => {
      report.step('ticket');
      report.step('handoff');
      report.progress('installing');
      return { kind: 'enrolled', ticketId: TICKET_ID, resultStatus: 'confirmed' };
    },
    probe: async () => ({ helper: 'present', platform: 'linux', netskope: NETSKOPE_ENROLLED }),
    save: async (view) => {
      saved.push(view);
    },
    ...overrides,
  };
  return { deps: all, saved };
}

describe('the flow controller', () => {
  it('moves subscribers through every step to done, and saves each view', async () => {
    const { deps: d, saved } = deps();
    const controller = createController(d);
    const seen: FlowView[] = [];
    controller.subscribe((view) => seen.push(view));

    await controller.enroll();

    expect(seen.map((v) => [v.status, v.step, v.progress])).toEqual([
      ['idle', null, undefined],
      ['running', 'signin', undefined],
      ['running', 'ticket', undefined],
      ['running', 'handoff', undefined],
      ['running', 'handoff', 'installing'],
      ['done', 'enrolled', undefined],
    ]);
    expect(saved.at(-1)).toEqual(controller.view());
  });

  it('shows a failure with its step, code and detail', async () => {
    const error = new StepError('handoff', new FlowError('installer_failed', { detail: 'exit 3' }));
    const controller = createController(deps({ run: () => Promise.reject(error) }).deps);
    await controller.enroll();
    expect(controller.view()).toMatchObject({
      status: 'failed',
      step: 'handoff',
      failure: { code: 'installer_failed', step: 'handoff', detail: 'exit 3' },
    });
  });

  it('runs one enrollment at a time', async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    const run: ControllerDeps['run'] = () => {
      runs += 1;
      return new Promise((resolve) => {
        finish = () => resolve({ kind: 'enrolled', ticketId: TICKET_ID });
      });
    };
    const controller = createController(deps({ run }).deps);
    const first = controller.enroll();
    await controller.enroll();
    controller.reset();
    expect([runs, controller.view().status]).toEqual([1, 'running']);
    finish();
    await first;
    expect(controller.view().status).toBe('done');
  });

  it('starts again after a failure and keeps the device on reset', async () => {
    const controller = createController(
      deps({
        run: () => Promise.reject(new StepError('signin', new FlowError('signin_cancelled'))),
      }).deps,
    );
    await controller.refresh();
    await controller.enroll();
    controller.reset();
    expect(controller.view()).toMatchObject({
      status: 'idle',
      step: null,
      device: { helper: 'present' },
    });
  });

  it('does not resume a run that was in flight when the worker stopped', () => {
    const running: FlowView = { status: 'running', step: 'ticket', device: { helper: 'present' } };
    expect(resumeView(running)).toEqual({
      status: 'idle',
      step: null,
      device: { helper: 'present' },
    });
    const failed: FlowView = { ...running, status: 'failed' };
    expect(resumeView(failed)).toBe(failed);
  });
});
