import { expect, test } from '../support/fixtures.js';
import { openPopup } from '../support/device.js';
import { signIn, snap, startEnrollment, waitForEnd } from '../support/popup.js';
import { auditFor, TENANT } from '../support/stack.js';
import { USERS } from '../support/users.js';

interface KeyCheck {
  extractable: boolean;
  algorithm: string;
}

test('ChromeOS: the extension redeems the non-secret part with its own key and hands off', async ({
  device,
  stack,
}, testInfo) => {
  const user = USERS.chromebook;
  // no helper can run on ChromeOS; the policy makes this Chromium take the ChromeOS path
  const chromebook = await device(user, 'missing', { forceChromeOsHandoff: true });
  const popup = await openPopup(chromebook);

  // the Netskope app's enrollment entry will open in a tab (its host does not resolve here)
  const entryHost = `nsauth-${TENANT.name}.${TENANT.domain}`;
  const entry = chromebook.context.waitForEvent('request', {
    predicate: (request) => new URL(request.url()).host === entryHost,
  });
  await signIn(await startEnrollment(popup, stack.issuer), user);
  await waitForEnd(popup, 'done');
  await expect(popup.getByTestId('outcome')).toHaveAttribute('data-kind', 'handed-off');
  await snap(popup, testInfo, 'chromeos-handed-off');
  const opened = new URL((await entry).url());
  expect(opened.protocol).toBe('https:');
  expect(opened.searchParams.get('email')).toBe(user.email);

  // the extension's key is kept in IndexedDB and its private half cannot be read back
  const worker = chromebook.context.serviceWorkers()[0]!;
  const key = await worker.evaluate(
    () =>
      new Promise<KeyCheck>((resolve, reject) => {
        const open = indexedDB.open('latchkey');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('keys').objectStore('keys').get('device');
          read.onsuccess = () => {
            const privateKey = (read.result as { privateKey: CryptoKey }).privateKey;
            resolve({ extractable: privateKey.extractable, algorithm: privateKey.algorithm.name });
          };
        };
      }),
  );
  expect(key).toEqual({ extractable: false, algorithm: 'ECDSA' });

  // the redemption released no secret, and the report says handed-off
  const events = await auditFor(stack, user.email);
  expect(events.map((event) => event.type)).toEqual([
    'ticket.issued',
    'ticket.redeemed',
    'enrollment.reported',
  ]);
  expect(events[1]!.details).toMatchObject({ platform: 'cros' });
  expect([...(events[1]!.details.released as string[])].sort()).toEqual(
    ['domain', 'enrollUrl', 'tenant'].sort(),
  );
  expect(events[2]!.details).toMatchObject({ status: 'handed-off' });
  expect(JSON.stringify(events)).not.toContain(TENANT.tokenSet.encryptionToken);
});
