import { expect, test } from '../support/fixtures.js';
import { openGate, openPopup } from '../support/device.js';
import { waitForAudit } from '../support/audit-wait.js';
import { failureShown, signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { auditForTicket } from '../support/stack.js';
import { USERS } from '../support/users.js';

const TTL_SECONDS = 3;
test.use({ ticketTtlSeconds: TTL_SECONDS });

test('a ticket that expires before the hand-off is refused, with one click to start again', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.expires;
  const laptop = await device(user, 'gated');
  const popup = await openPopup(laptop);

  // sign in; the hand-off is held at the gate
  await signIn(await startEnrollment(popup, stack.issuer), user);
  const issued = await waitForAudit(stack, user.email, 'ticket.issued');

  // the device is slower than the ticket's life
  await popup.waitForTimeout((TTL_SECONDS + 1) * 1000);
  openGate(laptop);

  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('ticket_expired');
  const again = popup.getByTestId('retry-button');
  await expect(again).toBeVisible();
  await snap(popup, testInfo, 'ticket-expired');

  const events = await auditForTicket(stack, issued.ticketId!);
  expect(events.map((event) => [event.type, event.reason])).toEqual([
    ['ticket.issued', null],
    ['ticket.rejected', 'ticket_expired'],
  ]);

  // one click starts over: the provider still has a session, so no login page is needed, and
  // a fresh ticket goes through the open gate
  await again.click();
  await waitForEnd(popup, 'done');
  const fresh = (await popup.getByTestId('ticket-id').innerText()).trim();
  expect(fresh).not.toBe(issued.ticketId);
  const freshEvents = await auditForTicket(stack, fresh);
  expect(freshEvents.map((event) => event.type)).toEqual([
    'ticket.issued',
    'ticket.redeemed',
    'enrollment.reported',
  ]);
});
