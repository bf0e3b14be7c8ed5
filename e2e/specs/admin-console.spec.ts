import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { prepareMachine } from '../support/device.js';
import { HELPER } from '../support/paths.js';
import { run } from '../support/processes.js';
import { auditFor } from '../support/stack.js';
import { USERS } from '../support/users.js';

test('an admin mints a ticket in the console and a headless Linux machine enrolls with it', async ({
  device,
  stack,
}, testInfo) => {
  const admin = USERS.admin;
  const user = USERS.headless;
  const browser = await device(admin, 'missing');
  const page = await browser.context.newPage();

  // the console sends the admin to the provider's login page
  await page.goto(`${stack.serverUrl}/console`);
  await expect(page).toHaveURL(new RegExp(`^${stack.issuer}`));
  await page.getByLabel('Username').fill(admin.login);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${stack.serverUrl}/console/audit`);

  // mint for a named user: the ticket is shown once
  await page.goto(`${stack.serverUrl}/console/tickets`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Mint ticket' }).click();
  const ticket = await page.locator('#minted-ticket').inputValue();
  expect(ticket).toMatch(/^lkt_[0-9A-Za-z]{28}$/);
  await page.screenshot({
    path: testInfo.outputPath('console-minted.png'),
    fullPage: true,
    mask: [page.locator('#minted-ticket')],
  });
  await page.goto(`${stack.serverUrl}/console/tickets`);
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page.locator('#minted-ticket')).toHaveCount(0);

  // the ticket travels out of band to a machine with no browser, which enrolls with it
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-headless-'));
  try {
    const machine = prepareMachine(dir, user.email);
    const enrolled = await run(HELPER, ['enroll', '--server', stack.serverUrl, '--ticket', '-'], {
      env: machine.helperEnv,
      input: ticket,
    });
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain(user.email);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // the audit names the admin who minted it and follows it to the confirmed report
  const events = await auditFor(stack, user.email);
  expect(events.map((event) => event.type)).toEqual([
    'ticket.issued',
    'ticket.redeemed',
    'enrollment.reported',
  ]);
  expect(events[0]!.actor).toContain(admin.email);
  expect(events[2]!.details).toMatchObject({ status: 'confirmed' });
  const adminEvents = await auditFor(stack, admin.email);
  expect(adminEvents.map((event) => event.type)).toContain('admin.signed_in');
});
