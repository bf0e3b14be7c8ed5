import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { run } from '../support/processes.js';
import { auditFor, TENANT } from '../support/stack.js';
import { USERS } from '../support/users.js';

test('the tenant enforces the encryption token and the hand-off supplies it', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.encrypted;
  const laptop = await device(user);
  const popup = await openPopup(laptop);

  await signIn(await startEnrollment(popup, stack.issuer), user);
  await waitForEnd(popup, 'done');
  await snap(popup, testInfo, 'enrolled-with-encryption-token');

  const diag = await run(join(laptop.simRoot, 'nsdiag'), ['-f'], { env: laptop.helperEnv });
  expect(diag.stdout).toContain('Client status:: enable');

  const redeemed = (await auditFor(stack, user.email)).find((e) => e.type === 'ticket.redeemed');
  expect(redeemed?.details).toMatchObject({
    tokenSetId: TENANT.tokenSet.tsid,
    released: expect.arrayContaining(['tenant', 'domain', 'encryptionToken']),
  });
  expect(redeemed?.details.released).not.toContain('authToken');
});
