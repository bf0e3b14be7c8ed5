import { initialView, type DeviceView, type FlowView, type OutcomeView } from '../lib/flow-view.js';
import type { FlowReporter, StepError } from './flow.js';

/** What the controller drives. */
export interface ControllerDeps {
  /** Runs one enrollment (see `runEnrollment`), rejecting with a StepError. */
  run(report: FlowReporter): Promise<OutcomeView>;
  /** Looks at the device without enrolling (see `probeDevice`). */
  probe(): Promise<DeviceView>;
  /** Keeps the view in `storage.session` so a reopened popup or restarted worker resumes. */
  save(view: FlowView): Promise<void>;
}

/** The service worker's single owner of the flow state; popups subscribe to it. */
export interface FlowController {
  view(): FlowView;
  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (view: FlowView) => void): () => void;
  /** Starts an enrollment unless one is running; resolves when it ends. */
  enroll(): Promise<void>;
  /** Forgets a finished or failed run, keeping what is known of the device. */
  reset(): void;
  /** Looks at the device again unless an enrollment is running. */
  refresh(): Promise<void>;
}

/** Creates the controller, starting from a saved view when there is one. */
export function createController(deps: ControllerDeps, saved?: FlowView): FlowController {
  let view = saved ? resumeView(saved) : initialView();
  const listeners = new Set<(view: FlowView) => void>();

  function set(next: FlowView): void {
    view = next;
    for (const listener of listeners) listener(view);
    // The saved copy only helps a popup resume; losing one write loses nothing else.
    deps.save(view).catch(() => undefined);
  }

  const reporter: FlowReporter = {
    step: (step) => set({ ...view, step, progress: undefined }),
    progress: (progress) => set({ ...view, progress }),
    device: (device) => set({ ...view, device }),
  };

  return {
    view: () => view,
    subscribe(listener) {
      listeners.add(listener);
      listener(view);
      return () => listeners.delete(listener);
    },
    async enroll() {
      if (view.status === 'running') return;
      set({ status: 'running', step: 'signin', device: view.device });
      try {
        const outcome = await deps.run(reporter);
        set({ status: 'done', step: 'enrolled', device: view.device, outcome });
      } catch (error) {
        set(failedView(view, error as StepError));
      }
    },
    reset() {
      if (view.status === 'running') return;
      set({ ...initialView(), device: view.device });
    },
    async refresh() {
      if (view.status === 'running') return;
      const device = await deps.probe();
      // An enrollment may have started while the helper answered; its own findings win.
      const now: FlowView = view;
      if (now.status !== 'running') set({ ...now, device });
    },
  };
}

function failedView(view: FlowView, error: StepError): FlowView {
  const { code, info } = error.error;
  const device = info.netskope ? { ...view.device, netskope: info.netskope } : view.device;
  return {
    status: 'failed',
    step: error.step,
    device,
    failure: {
      code,
      step: error.step,
      helperCode: info.helperCode,
      detail: info.detail,
      installCommand: info.installCommand,
      downloadUrl: info.downloadUrl,
    },
  };
}

/**
 * A saved view as the worker starts: a run that was in flight when the worker stopped cannot be
 * resumed (its secrets were in memory), so it goes back to idle.
 */
export function resumeView(saved: FlowView): FlowView {
  return saved.status === 'running' ? { ...initialView(), device: saved.device } : saved;
}
