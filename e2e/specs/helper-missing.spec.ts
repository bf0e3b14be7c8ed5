import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { failureShown, snap } from '../support/popup.js';
import { auditFor } from '../support/stack.js';
import { USERS } from '../support/users.js';

test('without the device helper the popup shows how to install it', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.noHelper;
  const popup = await openPopup(await device(user, 'missing'));

  // the device panel already says the helper is missing
  await expect(popup.getByTestId('helper-missing')).toBeVisible();
  await snap(popup, testInfo, 'helper-missing-idle');

  // trying to enroll explains the install step with the exact command
  await popup.getByRole('button', { name: 'Enroll this device' }).click();
  const failure = await failureShown(popup);
  expect(failure.code).toContain('helper_not_installed');
  await expect(popup.getByTestId('install-help')).toBeVisible();
  await expect(popup.getByTestId('install-command')).toContainText('latchkey-host install');
  await snap(popup, testInfo, 'helper-not-installed');

  // no sign-in happened, so no ticket was issued for a device that could not use it
  expect(await auditFor(stack, user.email)).toEqual([]);
});
