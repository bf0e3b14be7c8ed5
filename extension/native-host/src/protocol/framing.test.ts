import { MAX_NATIVE_MESSAGE_BYTES } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import { FrameReader, encodeFrame } from './framing.js';
import { frameBytes } from '../testing/host-process.js';

const bodies = (frames: ReturnType<FrameReader['push']>): string[] =>
  frames.map((f) => (f.kind === 'message' ? f.body.toString('utf8') : `too-large:${f.length}`));

describe('native message framing', () => {
  it('reassembles a message split at every byte', () => {
    const encoded = encodeFrame({ type: 'hello', id: 'a' });
    const reader = new FrameReader();
    const seen: string[] = [];
    for (const byte of encoded) seen.push(...bodies(reader.push(Buffer.from([byte]))));
    expect(seen).toEqual(['{"type":"hello","id":"a"}']);
    expect(reader.pending).toBe(false);
  });

  it('yields every message of a chunk that holds several, and keeps a partial tail', () => {
    const a = encodeFrame({ n: 1 });
    const b = encodeFrame({ n: 2 });
    const c = encodeFrame({ n: 3 });
    const reader = new FrameReader();
    const all = Buffer.concat([a, b, c]);
    const first = reader.push(all.subarray(0, a.length + b.length + 3));
    expect(bodies(first)).toEqual(['{"n":1}', '{"n":2}']);
    expect(reader.pending).toBe(true);
    expect(bodies(reader.push(all.subarray(a.length + b.length + 3)))).toEqual(['{"n":3}']);
  });

  it('accepts exactly 1 MB and refuses 1 MB + 1 without buffering it, then goes on', () => {
    const reader = new FrameReader();
    const exact = frameBytes(Buffer.alloc(MAX_NATIVE_MESSAGE_BYTES, 0x20));
    expect(reader.push(exact).map((f) => f.kind)).toEqual(['message']);
    const over = frameBytes(Buffer.alloc(MAX_NATIVE_MESSAGE_BYTES + 1, 0x20));
    const next = encodeFrame({ n: 4 });
    const frames = [
      ...reader.push(over.subarray(0, 100)),
      ...reader.push(Buffer.concat([over.subarray(100), next])),
    ];
    expect(bodies(frames)).toEqual([`too-large:${MAX_NATIVE_MESSAGE_BYTES + 1}`, '{"n":4}']);
  });

  it('refuses to encode a reply over the limit', () => {
    expect(() => encodeFrame({ pad: 'x'.repeat(MAX_NATIVE_MESSAGE_BYTES) })).toThrow(RangeError);
  });
});
