import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_ID } from '@latchkey/shared';
import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { startEnrollment, signIn, snap, waitForEnd } from '../support/popup.js';
import { auditFor, TENANT } from '../support/stack.js';
import { run } from '../support/processes.js';
import { USERS } from '../support/users.js';

test('a user enrolls end to end and the client is enrolled as that user', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.enroller;
  const laptop = await device(user);
  expect(laptop.extensionId).toBe(EXTENSION_ID);

  // the popup shows the helper and a Netskope client that is not installed yet
  const popup = await openPopup(laptop);
  await expect(popup.getByTestId('netskope-state')).toHaveAttribute('data-status', 'not-installed');
  await snap(popup, testInfo, 'idle-not-installed');

  // sign in at the provider's own login page
  const login = await startEnrollment(popup, stack.issuer);
  await signIn(login, user);

  // the hand-off runs and the popup ends enrolled
  await waitForEnd(popup, 'done');
  await expect(popup.getByTestId('outcome-title')).toBeVisible();
  await expect(popup.getByTestId('netskope-state')).toHaveAttribute('data-status', 'enrolled');
  await expect(popup.getByTestId('popup')).toContainText(user.email);
  await snap(popup, testInfo, 'enrolled');
  const ticketId = (await popup.getByTestId('ticket-id').innerText()).trim();

  // the simulated client says so too, in its own words
  const status = await run(join(laptop.simRoot, 'nsclient'), ['show-config'], {
    env: laptop.helperEnv,
  });
  expect(status.stdout).toContain(`User Email: ${user.email}`);
  const config = JSON.parse(readFileSync(join(laptop.simRoot, 'nsconfig.json'), 'utf8'));
  expect(config.tenant).toBe(TENANT.name);

  // the audit follows the enrollment from the ticket to the confirmed report
  const events = await auditFor(stack, user.email);
  const ofTicket = events.filter((event) => event.ticketId === ticketId);
  expect(ofTicket.map((event) => event.type)).toEqual([
    'ticket.issued',
    'ticket.redeemed',
    'enrollment.reported',
  ]);
  expect(new Set(ofTicket.map((event) => event.correlationId)).size).toBe(1);
  const redeemed = ofTicket[1]!;
  expect(redeemed.details).toMatchObject({ tokenSetId: TENANT.tokenSet.tsid });
  expect(JSON.stringify(redeemed.details)).toContain('encryptionToken');
  expect(JSON.stringify(events)).not.toContain(TENANT.tokenSet.encryptionToken);
  expect(ofTicket[2]!.details).toMatchObject({ status: 'confirmed' });
});
