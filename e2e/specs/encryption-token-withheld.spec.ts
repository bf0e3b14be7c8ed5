import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { failureShown, signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { run } from '../support/processes.js';
import { auditFor } from '../support/stack.js';
import { USERS } from '../support/users.js';

// This deployment's profile does not release the encryption token the tenant enforces.
test.use({ variant: 'withholds' });

test('a withheld enforced encryption token leaves the client stuck; the popup says why', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.withheld;
  const laptop = await device(user);
  const popup = await openPopup(laptop);

  await signIn(await startEnrollment(popup, stack.issuer), user);
  await waitForEnd(popup, 'failed');
  const failure = await failureShown(popup);
  expect(failure.code).toContain('token_required');
  await expect(popup.getByTestId('failure-detail')).toContainText(
    'IdP enrollment is required by admin',
  );
  await expect(popup.getByTestId('netskope-state')).toHaveAttribute('data-status', 'stuck');
  await snap(popup, testInfo, 'token-required');

  // the simulated client is installed but not enrolled
  const diag = await run(join(laptop.simRoot, 'nsdiag'), ['-f'], { env: laptop.helperEnv });
  expect(diag.stdout).toContain('Client status:: unenrolled');

  // the audit shows what was released (no encryption token) and the failed report
  const events = await auditFor(stack, user.email);
  const redeemed = events.find((event) => event.type === 'ticket.redeemed');
  expect(redeemed?.details.released).not.toContain('encryptionToken');
  const reported = events.find((event) => event.type === 'enrollment.reported');
  expect(reported).toMatchObject({ outcome: 'failure' });
  expect(reported?.details).toMatchObject({ status: 'failed' });
});
