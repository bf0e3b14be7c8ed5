import { describe, expect, it } from 'vitest';
import { nativeHello } from './native.js';
import { HELPER_JKT, NETSKOPE_UNENROLLED, fakeNative, happyHelper } from './test-fakes.js';

describe('the native channel', () => {
  it('returns the helper’s hello and closes the channel', async () => {
    const native = fakeNative(happyHelper);
    const hello = await nativeHello(native.connect);
    expect(hello).toMatchObject({
      jkt: HELPER_JKT,
      platform: 'linux',
      netskope: NETSKOPE_UNENROLLED,
    });
    expect(native.openChannels()).toBe(0);
  });

  it('ignores replies to other requests', async () => {
    const native = fakeNative((request, side) => {
      side.reply({ type: 'progress', id: 'someone-else', step: 'installing' });
      happyHelper(request, side);
    });
    await expect(nativeHello(native.connect)).resolves.toMatchObject({ type: 'hello' });
  });

  it('refuses a reply that breaks the contract', async () => {
    const native = fakeNative((request, side) => side.reply({ type: 'hello', id: request.id }));
    await expect(nativeHello(native.connect)).rejects.toMatchObject({ code: 'helper_failed' });
  });

  it('gives up on a helper that never answers', async () => {
    const native = fakeNative(() => undefined);
    await expect(nativeHello(native.connect, 1)).rejects.toMatchObject({ code: 'helper_failed' });
    expect(native.openChannels()).toBe(0);
  });

  it.each([
    ['Specified native messaging host not found.', 'helper_not_installed'],
    ['Access to the specified native messaging host is forbidden.', 'origin_refused'],
    ['Native host has exited.', 'helper_failed'],
    [undefined, 'helper_failed'],
  ])('reads a disconnect “%s” as %s', async (reason, code) => {
    const native = fakeNative((_request, side) => side.disconnect(reason));
    await expect(nativeHello(native.connect)).rejects.toMatchObject({ code });
  });
});
