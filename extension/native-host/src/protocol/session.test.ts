import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXTENSION_ID,
  HelperResponse,
  MAX_NATIVE_MESSAGE_BYTES,
  extensionOrigin,
} from '@latchkey/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { frame, frameBytes, startHost } from '../testing/host-process.js';

const ORIGIN = extensionOrigin(EXTENSION_ID);
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-host-'));
  env = {
    LATCHKEY_HOST_CONFIG_DIR: join(dir, 'config'),
    LATCHKEY_NETSKOPE_ROOT: join(dir, 'no-client'),
  };
});

/** A hello request padded with spaces inside the JSON to exactly `size` bytes. */
function helloOfSize(id: string, size: number): Buffer {
  const bare = JSON.stringify({ type: 'hello', id });
  return Buffer.from(bare.slice(0, -1) + ' '.repeat(size - bare.length) + '}', 'utf8');
}

describe('the helper process over native messaging', () => {
  it('answers messages split over chunks or packed in one; each reply schema-valid', async () => {
    const host = startHost([ORIGIN], env);
    const bytes = Buffer.concat([
      frame({ type: 'hello', id: 'one' }),
      frame({ type: 'hello', id: 'two' }),
    ]);
    host.child.stdin.write(bytes.subarray(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    host.child.stdin.write(bytes.subarray(3, 20));
    host.child.stdin.end(bytes.subarray(20));
    const replies = await host.replies(2);
    expect(replies.map((r) => [r.type, r.id]).sort()).toEqual([
      ['hello', 'one'],
      ['hello', 'two'],
    ]);
    for (const reply of replies) expect(HelperResponse.safeParse(reply).success).toBe(true);
    expect(replies[0]).toMatchObject({ platform: 'linux', netskope: { status: 'not-installed' } });
    expect(await host.exited).toBe(0);
  });

  it('accepts exactly 1 MB, refuses 1 MB + 1 with message_too_large, then serves on', async () => {
    const host = startHost([ORIGIN], env);
    host.child.stdin.write(frameBytes(helloOfSize('exact', MAX_NATIVE_MESSAGE_BYTES)));
    host.child.stdin.write(frameBytes(helloOfSize('over', MAX_NATIVE_MESSAGE_BYTES + 1)));
    host.child.stdin.end(frame({ type: 'hello', id: 'after' }));
    const replies = await host.replies(3);
    const byId = (id: string) => replies.find((r) => r.id === id);
    expect(byId('exact')?.type).toBe('hello');
    expect(replies.find((r) => r.type === 'error')).toMatchObject({ code: 'message_too_large' });
    expect(byId('after')?.type).toBe('hello');
    expect(await host.exited).toBe(0);
  });

  it('answers malformed JSON and off-schema messages with message_malformed, runs on', async () => {
    const host = startHost([ORIGIN], env);
    host.child.stdin.write(frameBytes(Buffer.from('{"type":"hello",')));
    host.child.stdin.write(frameBytes(Buffer.from([0xff, 0xfe, 0x00])));
    host.child.stdin.write(frame({ type: 'format-disk', id: 'bad-type' }));
    host.child.stdin.write(
      frame({ type: 'enroll', id: 'no-ticket', serverUrl: 'http://127.0.0.1:1' }),
    );
    host.child.stdin.write(frame([1, 2, 3]));
    host.child.stdin.end(frame({ type: 'hello', id: 'still-here' }));
    const replies = await host.replies(6);
    const errors = replies.filter((r) => r.type === 'error');
    expect(errors).toHaveLength(5);
    for (const error of errors) expect(error).toMatchObject({ code: 'message_malformed' });
    expect(errors.map((e) => e.id).sort()).toEqual([
      'bad-type',
      'no-ticket',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(replies.find((r) => r.id === 'still-here')?.type).toBe('hello');
    expect(await host.exited).toBe(0);
  });

  it('refuses a non-loopback http server before the ticket is sent anywhere', async () => {
    const host = startHost([ORIGIN], env);
    const ticket = 'lkt_' + 'A'.repeat(28);
    host.child.stdin.end(
      frame({ type: 'enroll', id: 'e', ticket, serverUrl: 'http://example.com/' }),
    );
    const [reply] = await host.replies(1);
    expect(reply).toMatchObject({ type: 'error', id: 'e', code: 'message_malformed' });
    expect(JSON.stringify(reply)).not.toContain(ticket);
  });

  it('exits at once when the browser closes stdin mid-message', async () => {
    const host = startHost([ORIGIN], env);
    host.child.stdin.end(frame({ type: 'hello', id: 'cut' }).subarray(0, 10));
    expect(await host.exited).toBe(0);
    expect(await host.replies(1)).toEqual([]);
  });
});

describe('the caller origin check', () => {
  it('refuses another extension with origin_refused and exits', async () => {
    const host = startHost(['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'], env);
    host.child.stdin.end(frame({ type: 'hello', id: 'x' }));
    const [reply] = await host.replies(1);
    expect(reply).toMatchObject({ type: 'error', code: 'origin_refused' });
    expect(await host.exited).toBe(3);
  });

  it('refuses a near miss of the Latchkey origin (no trailing slash)', async () => {
    const host = startHost([ORIGIN.slice(0, -1)], env);
    host.child.stdin.end();
    expect((await host.replies(1))[0]).toMatchObject({ code: 'origin_refused' });
    expect(await host.exited).toBe(3);
  });

  it('accepts the Latchkey origin with the Windows --parent-window argument', async () => {
    const host = startHost([ORIGIN, '--parent-window=0'], env);
    host.child.stdin.end(frame({ type: 'hello', id: 'w' }));
    expect((await host.replies(1))[0]).toMatchObject({ type: 'hello', id: 'w' });
  });

  it('accepts an extra extension id configured by the admin', async () => {
    const extra = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const host = startHost([extensionOrigin(extra)], { ...env, LATCHKEY_EXTENSION_IDS: extra });
    host.child.stdin.end(frame({ type: 'hello', id: 'x' }));
    expect((await host.replies(1))[0]).toMatchObject({ type: 'hello' });
  });
});
