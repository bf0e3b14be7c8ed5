// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FailureView, FlowView } from '../lib/flow-view.js';
import { PopupApp } from './popup-app.js';

afterEach(cleanup);

const DEVICE: FlowView['device'] = {
  helper: 'present',
  platform: 'linux',
  helperVersion: '0.1.0',
  netskope: {
    status: 'unenrolled',
    installed: true,
    version: '123.0.0',
    enrolled: false,
    explanation: 'The Netskope Client is installed but not enrolled.',
  },
};

function show(view: FlowView | undefined) {
  const send = vi.fn();
  const openSettings = vi.fn();
  render(<PopupApp view={view} send={send} openSettings={openSettings} />);
  return { send, openSettings };
}

function failed(
  failure: Omit<FailureView, 'step'>,
  step: FailureView['step'] = 'handoff',
): FlowView {
  return { status: 'failed', step, device: DEVICE, failure: { ...failure, step } };
}

describe('the idle popup', () => {
  it('offers one primary action that starts the enrollment', () => {
    const { send } = show({ status: 'idle', step: null, device: DEVICE });
    const button = screen.getByRole('button', { name: 'Enroll this device' });
    fireEvent.click(button);
    expect(send).toHaveBeenCalledWith('enroll');
    expect(screen.getByRole('status').textContent).toBe('Ready to enroll this device.');
    expect(screen.queryByTestId('steps')).toBeNull();
  });

  it('waits for the service worker before showing anything', () => {
    show(undefined);
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('the step view', () => {
  it.each([
    ['signin', undefined, ['active', 'pending', 'pending', 'pending'], 'Signing in…'],
    [
      'ticket',
      undefined,
      ['done', 'active', 'pending', 'pending'],
      'Getting an enrollment ticket…',
    ],
    [
      'handoff',
      'installing',
      ['done', 'done', 'active', 'pending'],
      'Hand-off: Installing the Netskope Client…',
    ],
  ] as const)('at %s (%s) marks the steps and announces it', (step, progress, states, status) => {
    show({ status: 'running', step, progress, device: DEVICE });
    const marks = ['signin', 'ticket', 'handoff', 'enrolled'].map(
      (name) => screen.getByTestId(`step-${name}`).dataset.state,
    );
    expect(marks).toEqual(states);
    expect(screen.getByRole('status').textContent).toBe(status);
    const button = screen.getByRole('button', { name: 'Enrolling…' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(document.querySelector('[aria-current="step"]')?.getAttribute('data-testid')).toBe(
      `step-${step}`,
    );
  });

  it.each([
    ['redeeming', 'Redeeming the ticket'],
    ['installing', 'Installing the Netskope Client'],
    ['verifying', 'Checking the enrollment'],
    ['reporting', 'Reporting the result'],
  ] as const)('shows the helper’s %s progress', (progress, label) => {
    show({ status: 'running', step: 'handoff', progress, device: DEVICE });
    expect(screen.getByTestId('progress').textContent).toBe(label);
  });
});

describe('the outcome', () => {
  it('says the device is enrolled and as whom', () => {
    show({
      status: 'done',
      step: 'enrolled',
      device: DEVICE,
      outcome: {
        kind: 'enrolled',
        ticketId: 'tid_x',
        resultStatus: 'confirmed',
        userEmail: 'ada@example.com',
      },
    });
    expect(screen.getByRole('heading', { name: 'This device is enrolled' })).toBe(
      document.activeElement,
    );
    expect(screen.getByTestId('outcome-detail').textContent).toContain('ada@example.com');
    expect(screen.getByTestId('step-enrolled').dataset.state).toBe('done');
    expect(screen.queryByTestId('enroll-button')).toBeNull();
  });

  it('warns when the client is enrolled as someone else', () => {
    show({
      status: 'done',
      step: 'enrolled',
      device: DEVICE,
      outcome: {
        kind: 'enrolled',
        ticketId: 'tid_x',
        resultStatus: 'mismatch',
        userEmail: 'eve@example.com',
      },
    });
    expect(screen.getByTestId('mismatch').textContent).toContain('eve@example.com');
  });

  it('on ChromeOS sends the person to the Netskope app', () => {
    const enrollUrl = 'https://nsauth-acme.goskope.com/enroll';
    show({
      status: 'done',
      step: 'enrolled',
      device: { helper: 'not-needed', platform: 'cros' },
      outcome: { kind: 'handed-off', ticketId: 'tid_x', enrollUrl, userEmail: 'ada@example.com' },
    });
    expect(screen.getByRole('heading', { name: 'Finish in the Netskope app' })).toBeTruthy();
    expect(screen.getByTestId('enroll-link').getAttribute('href')).toBe(enrollUrl);
    expect(screen.getByTestId('netskope-state').textContent).toContain('cannot read');
  });
});

describe('failures', () => {
  it.each([
    ['signin_cancelled', 'Sign-in was cancelled', 'Try again'],
    ['signin_refused', 'Your sign-in was refused', 'Try again'],
    ['not_in_allowed_group', 'You are not allowed to enroll devices', 'Try again'],
    ['server_unreachable', 'The Latchkey server could not be reached', 'Try again'],
    ['ticket_expired', 'Your enrollment ticket expired', 'Start again'],
    ['ticket_superseded', 'A newer enrollment replaced this one', 'Start again'],
    ['ticket_already_used', 'This enrollment ticket was already used', 'Start again'],
    ['ticket_revoked', 'Your enrollment ticket was revoked', 'Start again'],
    ['installer_failed', 'The Netskope Client installer failed', 'Try again'],
    ['token_required', 'Your Netskope tenant needs an enrollment token', 'Try again'],
    ['helper_failed', 'The device helper stopped unexpectedly', 'Try again'],
    ['internal', 'Something went wrong', 'Try again'],
  ])(
    '%s says what happened, shows its code and starts again in one click',
    (code, title, action) => {
      const { send } = show(failed({ code }));
      const alert = screen.getByRole('alert');
      expect(alert.dataset.code).toBe(code);
      expect(screen.getByRole('heading', { name: title })).toBe(document.activeElement);
      expect(screen.getByTestId('failure-next').textContent).not.toBe('');
      expect(screen.getByTestId('failure-code').textContent).toContain(code);
      fireEvent.click(screen.getByRole('button', { name: action }));
      expect(send).toHaveBeenCalledWith('enroll');
    },
  );

  it('asks a user outside the allowed group to see their admin', () => {
    show(failed({ code: 'not_in_allowed_group' }, 'ticket'));
    expect(screen.getByTestId('failure').dataset.nextAction).toBe('contact-admin');
    expect(screen.getByTestId('failure-next').textContent).toMatch(/add you to the group/);
    expect(screen.getByTestId('step-ticket').dataset.state).toBe('failed');
  });

  it('shows the exact install command and download when the helper is missing', () => {
    show(
      failed(
        {
          code: 'helper_not_installed',
          installCommand: 'latchkey-host install',
          downloadUrl: 'https://latchkey.example/helper',
          detail: 'Specified native messaging host not found.',
        },
        'signin',
      ),
    );
    expect(screen.getByTestId('install-command').textContent).toBe('latchkey-host install');
    expect(screen.getByTestId('download-link').getAttribute('href')).toBe(
      'https://latchkey.example/helper',
    );
    expect(screen.getByTestId('failure').dataset.nextAction).toBe('install');
  });

  it('quotes the installer’s own message', () => {
    show(failed({ code: 'installer_failed', detail: 'NSClient.run: exit status 3' }));
    expect(screen.getByTestId('failure-detail').textContent).toContain(
      'NSClient.run: exit status 3',
    );
  });

  it('quotes the client’s words when the tenant needs a token', () => {
    show(failed({ code: 'token_required', detail: 'IdP enrollment is required by admin' }));
    expect(screen.getByTestId('failure-next').textContent).toContain(
      'IdP enrollment is required by admin',
    );
    expect(screen.getByTestId('failure').dataset.nextAction).toBe('contact-admin');
  });

  it('shows the server’s code and the helper’s code together', () => {
    show(failed({ code: 'ticket_expired', helperCode: 'redeem_refused' }));
    expect(screen.getByTestId('failure-code').textContent).toBe(
      'Error code: ticket_expired (helper: redeem_refused)',
    );
  });

  it('sends an unconfigured install to the settings', () => {
    const { openSettings } = show(failed({ code: 'not_configured' }, 'signin'));
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(openSettings).toHaveBeenCalled();
  });

  it('announces the failure in the live region', () => {
    show(failed({ code: 'signin_cancelled' }, 'signin'));
    const live = screen.getByTestId('status');
    expect([live.getAttribute('aria-live'), live.textContent]).toEqual([
      'polite',
      'Failed: Sign-in was cancelled.',
    ]);
  });
});

describe('the device panel', () => {
  it('shows version and enrollment of an installed client', () => {
    show({
      status: 'idle',
      step: null,
      device: {
        ...DEVICE,
        netskope: {
          ...DEVICE.netskope!,
          status: 'enrolled',
          enrolled: true,
          userEmail: 'ada@example.com',
          explanation: 'Enrolled.',
        },
      },
    });
    expect(screen.getByTestId('netskope-installed').textContent).toBe('Installed, version 123.0.0');
    expect(screen.getByTestId('netskope-enrolled').textContent).toBe('Enrolled as ada@example.com');
  });

  it('says when the client is not installed', () => {
    show({
      status: 'idle',
      step: null,
      device: {
        ...DEVICE,
        netskope: {
          status: 'not-installed',
          installed: false,
          enrolled: false,
          explanation: 'Not installed.',
        },
      },
    });
    expect(screen.getByTestId('netskope-state').dataset.status).toBe('not-installed');
    expect(screen.getByTestId('netskope-installed').textContent).toBe('Not installed');
  });

  it('says why a client is stuck, in its own words and in plain words', () => {
    const stuck = {
      status: 'stuck' as const,
      installed: true,
      version: '123.0.0',
      enrolled: false,
      reason: 'IdP enrollment is required by admin',
      explanation: 'The tenant requires an enrollment token the client does not have.',
    };
    show({ status: 'idle', step: null, device: { ...DEVICE, netskope: stuck } });
    expect(screen.getByTestId('netskope-stuck').textContent).toBe(
      'IdP enrollment is required by admin',
    );
    expect(screen.getByTestId('netskope-explanation').textContent).toBe(stuck.explanation);
  });

  it('says when the helper is missing', () => {
    show({ status: 'idle', step: null, device: { helper: 'missing' } });
    expect(screen.getByTestId('helper-missing')).toBeTruthy();
  });
});
