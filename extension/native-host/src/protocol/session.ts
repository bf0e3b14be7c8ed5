import { type EnrollStep, HelperRequest, type HelperResponse } from '@latchkey/shared';
import { HelperError, toHelperError } from '../errors.js';
import type { Helper } from '../helper.js';
import { encodeFrame, FrameReader } from './framing.js';

/** The id used in replies to a message whose own id could not be read. */
export const UNKNOWN_ID = 'unknown';

/** Streams a native-messaging session over the given stdio. */
export interface SessionIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/**
 * Serves native messages until the browser closes stdin, then waits for work in flight.
 * Oversized, malformed and off-schema messages get an error reply and the session goes on;
 * nothing a peer sends can crash it.
 */
export function serveSession(helper: Helper, io: SessionIo): Promise<void> {
  const reader = new FrameReader();
  const inFlight = new Set<Promise<void>>();
  const send = (message: HelperResponse): void => {
    io.output.write(encodeFrame(message));
  };
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  return new Promise((resolve) => {
    io.input.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        if (frame.kind === 'too-large')
          send(errorReply(UNKNOWN_ID, new HelperError('message_too_large')));
        else track(handle(helper, frame.body, send));
      }
    });
    io.input.on('end', () => void Promise.allSettled([...inFlight]).then(() => resolve()));
  });
}

async function handle(
  helper: Helper,
  body: Buffer,
  send: (message: HelperResponse) => void,
): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    send(errorReply(UNKNOWN_ID, new HelperError('message_malformed')));
    return;
  }
  const parsed = HelperRequest.safeParse(raw);
  if (!parsed.success) {
    send(errorReply(idOf(raw), new HelperError('message_malformed')));
    return;
  }
  const request = parsed.data;
  try {
    if (request.type === 'hello') {
      send({ type: 'hello', id: request.id, ...(await helper.hello()) });
      return;
    }
    const { ticket, serverUrl, mode } = request;
    const onProgress = (step: EnrollStep): void => send({ type: 'progress', id: request.id, step });
    const result = await helper.enroll(
      { ticket, serverUrl, ...(mode ? { mode } : {}) },
      onProgress,
    );
    send({ type: 'done', id: request.id, ...result });
  } catch (error) {
    send(errorReply(request.id, error));
  }
}

function idOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : UNKNOWN_ID;
}

/** Shapes a failure as an `error` message; unexpected failures say no more than `internal`. */
export function errorReply(id: string, error: unknown): HelperResponse {
  const failure = toHelperError(error);
  if (failure.code === 'internal' && !(error instanceof HelperError)) {
    // Only the error's class reaches the browser's log: its text could quote a request.
    process.stderr.write(
      `latchkey-host: unexpected ${(error as Error | undefined)?.name ?? 'failure'}\n`,
    );
  }
  return {
    type: 'error',
    id,
    code: failure.code,
    message: failure.message,
    ...(failure.serverCode ? { serverCode: failure.serverCode } : {}),
    ...(failure.detail ? { detail: failure.detail.slice(0, 2000) } : {}),
    ...(failure.netskope ? { netskope: failure.netskope } : {}),
  };
}
