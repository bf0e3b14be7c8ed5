import { MAX_NATIVE_MESSAGE_BYTES } from '@latchkey/shared';

/**
 * Chrome native messaging framing: each message is a 4-byte length in native (little-endian on
 * every platform Chrome supports) byte order, then that many bytes of UTF-8 JSON.
 */
const HEADER_BYTES = 4;

/** One event out of the {@link FrameReader}. */
export type Frame =
  | { kind: 'message'; body: Buffer }
  /** A message whose declared length is over the limit; its bytes are skipped, not buffered. */
  | { kind: 'too-large'; length: number };

/** Encodes one message. Throws when the encoded JSON is over the 1 MB limit. */
export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > MAX_NATIVE_MESSAGE_BYTES) {
    throw new RangeError(`native message of ${body.length} bytes is over the limit`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Reassembles frames from arbitrary chunks: a chunk may hold part of a header, several messages,
 * or the tail of one and the head of the next. Oversized messages are reported once and their
 * bytes discarded as they arrive, so a hostile length never makes the reader buffer it.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private skipping = 0;

  constructor(private readonly limit: number = MAX_NATIVE_MESSAGE_BYTES) {}

  /** Feeds a chunk; returns every frame it completes, in order. */
  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.skipping > 0) {
        const dropped = Math.min(this.skipping, this.buffered.length);
        this.skipping -= dropped;
        this.buffered = this.buffered.subarray(dropped);
        if (this.skipping > 0) return frames;
      }
      if (this.buffered.length < HEADER_BYTES) return frames;
      const length = this.buffered.readUInt32LE(0);
      if (length > this.limit) {
        this.buffered = this.buffered.subarray(HEADER_BYTES);
        this.skipping = length;
        frames.push({ kind: 'too-large', length });
        continue;
      }
      if (this.buffered.length < HEADER_BYTES + length) return frames;
      frames.push({
        kind: 'message',
        body: this.buffered.subarray(HEADER_BYTES, HEADER_BYTES + length),
      });
      this.buffered = this.buffered.subarray(HEADER_BYTES + length);
    }
  }

  /** True when a message has started but not finished (the peer closed mid-message). */
  get pending(): boolean {
    return this.buffered.length > 0 || this.skipping > 0;
  }
}
