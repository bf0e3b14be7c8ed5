import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { snap } from '../support/popup.js';
import { USERS } from '../support/users.js';

test('the popup follows a dark system theme', async ({ device }, testInfo) => {
  const popup = await openPopup(await device(USERS.enroller));
  await popup.emulateMedia({ colorScheme: 'dark' });
  await expect(popup.getByRole('button', { name: 'Enroll this device' })).toBeVisible();

  const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(r! + g! + b!).toBeLessThan(3 * 80);
  await snap(popup, testInfo, 'idle-dark');
});

test('the popup stays readable at 200% zoom, with nothing cut off sideways', async ({
  device,
}, testInfo) => {
  const popup = await openPopup(await device(USERS.enroller, 'missing'));
  await popup.getByRole('button', { name: 'Enroll this device' }).click();
  await expect(popup.getByTestId('install-help')).toBeVisible();

  // Chrome caps an action popup at 800 x 600 device pixels; at 200% zoom that is 400 x 300 CSS
  // pixels, and the content must fit that width and scroll only vertically
  await popup.setViewportSize({ width: 400, height: 300 });
  const overflow = await popup.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(popup.getByRole('button', { name: /Try again|Start again/ })).toBeVisible();
  await snap(popup, testInfo, 'helper-not-installed-zoom-200');
});

test('the popup can be driven from the keyboard alone', async ({ device, stack }) => {
  const popup = await openPopup(await device(USERS.noHelper, 'missing'));
  await expect(popup.getByRole('button', { name: 'Enroll this device' })).toBeVisible();

  // Tab to the primary action and press Enter
  await popup.keyboard.press('Tab');
  await expect(popup.getByRole('button', { name: 'Enroll this device' })).toBeFocused();
  await popup.keyboard.press('Enter');

  // the failure heading takes focus so a screen reader announces it
  await expect(popup.getByTestId('failure-title')).toBeFocused();
  await expect(popup.getByRole('alert')).toBeVisible();
  expect(stack.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
});
