import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { openGate, openPopup } from '../support/device.js';
import { waitForAudit } from '../support/audit-wait.js';
import { failureShown, signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { HELPER } from '../support/paths.js';
import { run } from '../support/processes.js';
import { adminFetch, auditForTicket } from '../support/stack.js';
import { USERS } from '../support/users.js';

test('a replayed ticket is refused and audited as a replay', async ({ device, stack }) => {
  const user = USERS.replays;
  const laptop = await device(user, 'gated');
  const popup = await openPopup(laptop);

  // enroll once; the gate keeps a copy of the ticket the extension handed to the helper
  await signIn(await startEnrollment(popup, stack.issuer), user);
  await waitForAudit(stack, user.email, 'ticket.issued');
  openGate(laptop);
  await waitForEnd(popup, 'done');
  const ticketId = (await popup.getByTestId('ticket-id').innerText()).trim();
  const ticket = readFileSync(join(laptop.gateDir, 'ticket'), 'utf8');

  // the same ticket again, from the same device, on the command line
  const replay = await run(HELPER, ['enroll', '--server', stack.serverUrl, '--ticket', '-'], {
    env: laptop.helperEnv,
    input: ticket,
  });
  expect(replay.code).not.toBe(0);
  expect(replay.stdout + replay.stderr).toContain('ticket_already_used');
  expect(replay.stdout + replay.stderr).not.toContain(ticket);

  const events = await auditForTicket(stack, ticketId);
  expect(events.map((event) => event.type)).toEqual([
    'ticket.issued',
    'ticket.redeemed',
    'enrollment.reported',
    'ticket.replayed',
  ]);
  expect(events[3]).toMatchObject({ outcome: 'alert', reason: 'ticket_already_used' });

  // the server logged every request, and never the ticket
  const log = stack.serverLog();
  expect(log).toContain('/v1/tickets/redeem');
  expect(log).not.toContain(ticket);
});

test('an admin revokes the ticket before the hand-off and the device is refused', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.revoked;
  const laptop = await device(user, 'gated');
  const popup = await openPopup(laptop);

  await signIn(await startEnrollment(popup, stack.issuer), user);
  const issued = await waitForAudit(stack, user.email, 'ticket.issued');
  await expect(popup.getByTestId('step-handoff')).toHaveAttribute('data-state', 'active');
  await snap(popup, testInfo, 'handing-off');

  // the admin revokes it through the API while the hand-off waits
  const revoked = await adminFetch(stack, `/v1/tickets/${issued.ticketId}/revoke`, {
    method: 'POST',
    body: JSON.stringify({ reason: 'lost laptop' }),
  });
  expect(revoked.status).toBe(200);
  openGate(laptop);

  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('ticket_revoked');
  await snap(popup, testInfo, 'ticket-revoked');

  const events = await auditForTicket(stack, issued.ticketId!);
  expect(events.map((event) => [event.type, event.reason])).toEqual([
    ['ticket.issued', null],
    ['ticket.revoked', 'revoked'],
    ['ticket.rejected', 'ticket_revoked'],
  ]);
  expect(events[1]!.actor).toMatch(/^admin/);
  expect(events[1]!.details).toMatchObject({ note: 'lost laptop' });
});
