import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { failureShown, signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { auditFor } from '../support/stack.js';
import { USERS } from '../support/users.js';

test('closing the sign-in window cancels, and no ticket is issued', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.cancels;
  const popup = await openPopup(await device(user));

  // the person closes the provider's window instead of signing in
  const login = await startEnrollment(popup, stack.issuer);
  await expect(popup.getByTestId('step-signin')).toHaveAttribute('data-state', 'active');
  await snap(popup, testInfo, 'signing-in');
  await login.close();

  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('signin_cancelled');
  await expect(popup.getByTestId('retry-button')).toBeVisible();
  await snap(popup, testInfo, 'signin-cancelled');

  // the server never saw this user
  expect(await auditFor(stack, user.email)).toEqual([]);
});

test('the provider refuses the sign-in, and no ticket is issued', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.refused;
  const popup = await openPopup(await device(user));

  // the person presses Cancel on the provider's page: it answers access_denied
  const login = await startEnrollment(popup, stack.issuer);
  await login.getByRole('button', { name: 'Cancel' }).click();

  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('signin_refused');
  await expect(popup.getByTestId('failure-detail')).toContainText('access_denied');
  await snap(popup, testInfo, 'signin-refused');

  expect(await auditFor(stack, user.email)).toEqual([]);
});

test('a user outside the allowed group is refused and the refusal is audited', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.outsider;
  const popup = await openPopup(await device(user));

  const login = await startEnrollment(popup, stack.issuer);
  await signIn(login, user);

  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('not_in_allowed_group');
  await expect(popup.getByTestId('failure-next')).toContainText('group');
  await snap(popup, testInfo, 'not-in-allowed-group');

  const events = await auditFor(stack, user.email);
  expect(events.map((event) => [event.type, event.reason])).toEqual([
    ['signin.refused', 'not_in_allowed_group'],
  ]);
  expect(events.some((event) => event.type === 'ticket.issued')).toBe(false);
});
