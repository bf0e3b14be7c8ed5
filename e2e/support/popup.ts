import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { SCREENS } from './paths.js';
import type { TestUser } from './users.js';

/** Clicks "Enroll this device" and returns the IdP's login page that the auth flow opens. */
export async function startEnrollment(popup: Page, issuer: string): Promise<Page> {
  const loginPage = popup
    .context()
    .waitForEvent('page', { predicate: (page) => page.url().startsWith(issuer) });
  await popup.getByRole('button', { name: 'Enroll this device' }).click();
  const page = await loginPage;
  await page.waitForLoadState();
  return page;
}

/** Fills the provider's real login form and submits it. */
export async function signIn(loginPage: Page, user: TestUser) {
  await loginPage.getByLabel('Username').fill(user.login);
  await loginPage.getByLabel('Password').fill(user.password);
  await loginPage.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the popup shows a finished state: `done` or `failed`. */
export async function waitForEnd(popup: Page, status: 'done' | 'failed') {
  await expect(popup.getByTestId('popup')).toHaveAttribute('data-status', status, {
    timeout: 30_000,
  });
}

/** The failure the popup shows: its code and title. */
export async function failureShown(popup: Page) {
  await expect(popup.getByTestId('failure')).toBeVisible();
  return {
    code: (await popup.getByTestId('failure-code').innerText()).trim(),
    title: (await popup.getByTestId('failure-title').innerText()).trim(),
  };
}

/** Saves a screenshot of the popup as an artefact and attaches it to the report. */
export async function snap(popup: Page, testInfo: TestInfo, name: string) {
  mkdirSync(SCREENS, { recursive: true });
  const path = join(SCREENS, `${name}.png`);
  await popup.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
