// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Policy } from '../lib/policy.js';
import { OptionsApp } from './options-app.js';

afterEach(cleanup);

const UNMANAGED: Policy = { forceChromeOsHandoff: false, managed: false };

function show(policy: Policy) {
  const save = vi.fn(async () => ({ granted: true }));
  render(
    <OptionsApp
      policy={policy}
      extensionId="abc"
      redirectUri="https://abc.chromiumapp.org/"
      save={save}
    />,
  );
  return { save };
}

function submit(value: string) {
  fireEvent.input(screen.getByLabelText('Latchkey server URL'), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

describe('the options page', () => {
  it('is read-only when an admin manages the policy', () => {
    show({ ...UNMANAGED, managed: true, serverUrl: 'https://latchkey.example' });
    expect(screen.getByTestId('managed-notice')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByTestId('policy-serverUrl').textContent).toContain(
      'https://latchkey.example',
    );
  });

  it('saves a valid server URL, normalised', async () => {
    const { save } = show(UNMANAGED);
    submit('https://latchkey.example/');
    expect(save).toHaveBeenCalledWith('https://latchkey.example');
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toMatch(/^Saved/));
  });

  it.each([
    ['http://latchkey.example', 'insecure'],
    ['not a url', 'invalid'],
    ['', 'empty'],
  ])('refuses %j as %s and saves nothing', (value, problem) => {
    const { save } = show(UNMANAGED);
    submit(value);
    expect(screen.getByRole('alert').dataset.problem).toBe(problem);
    expect(screen.getByLabelText('Latchkey server URL').getAttribute('aria-invalid')).toBe('true');
    expect(save).not.toHaveBeenCalled();
  });

  it('accepts plain http on loopback', () => {
    const { save } = show(UNMANAGED);
    submit('http://127.0.0.1:8787');
    expect(save).toHaveBeenCalledWith('http://127.0.0.1:8787');
  });
});
