import {
  HelperResponse,
  NATIVE_HOST_NAME,
  isServerErrorCode,
  type EnrollMode,
  type EnrollStep,
} from '@latchkey/shared';
import { FlowError } from './flow-error.js';
import { randomToken } from './pkce.js';

/**
 * One native messaging connection to the device helper, reduced to what the flow needs. The
 * background adapts `runtime.connectNative`; tests pass a fake.
 */
export interface NativeChannel {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `error` is Chrome's reason, e.g. "Specified native messaging host not found.". */
  onDisconnect(listener: (error: string | undefined) => void): void;
  close(): void;
}

/** Opens a channel to a native host by name. */
export type ConnectNative = (hostName: string) => NativeChannel;

export type HelloReply = Extract<HelperResponse, { type: 'hello' }>;
export type DoneReply = Extract<HelperResponse, { type: 'done' }>;

/** How long the helper may take to answer `hello` before it counts as broken. */
export const HELLO_TIMEOUT_MS = 30_000;

/** Asks the helper who it is: key thumbprint, platform, version and the Netskope state. */
export function nativeHello(connect: ConnectNative, timeoutMs = HELLO_TIMEOUT_MS) {
  return exchange<HelloReply>(connect, { type: 'hello' }, 'hello', () => {}, timeoutMs);
}

/** What the helper needs to enroll. The ticket goes to the helper and nowhere else. */
export interface EnrollOrder {
  ticket: string;
  serverUrl: string;
  mode?: EnrollMode;
}

/**
 * Hands the ticket to the helper and relays its progress until it reports `done` or an error.
 * No timeout: the installer waits on an administrator prompt as long as the person needs.
 */
export function nativeEnroll(
  connect: ConnectNative,
  order: EnrollOrder,
  onProgress: (step: EnrollStep) => void,
): Promise<DoneReply> {
  return exchange<DoneReply>(connect, { type: 'enroll', ...order }, 'done', onProgress);
}

function exchange<T extends HelperResponse>(
  connect: ConnectNative,
  request: Record<string, unknown>,
  finalType: T['type'],
  onProgress: (step: EnrollStep) => void,
  timeoutMs?: number,
): Promise<T> {
  const id = randomToken(12);
  const channel = connect(NATIVE_HOST_NAME);

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => finish(new FlowError('helper_failed', { detail: 'no answer' })),
            timeoutMs,
          );

    function finish(outcome: T | FlowError): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      channel.close();
      if (outcome instanceof FlowError) reject(outcome);
      else resolve(outcome);
    }

    channel.onDisconnect((error) => finish(disconnectError(error)));
    channel.onMessage((raw) => {
      const parsed = HelperResponse.safeParse(raw);
      if (!parsed.success)
        return finish(new FlowError('helper_failed', { detail: 'unreadable reply' }));
      const message = parsed.data;
      if (message.id !== id) return;
      if (message.type === 'progress') return onProgress(message.step);
      if (message.type === 'error') return finish(helperError(message));
      if (message.type === finalType) return finish(message as T);
    });
    channel.post({ ...request, id });
  });
}

/** Reads why Chrome closed the port. */
export function disconnectError(error: string | undefined): FlowError {
  if (error !== undefined && /not found/i.test(error)) {
    return new FlowError('helper_not_installed', { detail: error });
  }
  if (error !== undefined && /forbidden/i.test(error)) {
    // The helper is installed but its allowed_origins names another extension id.
    return new FlowError('origin_refused', { detail: error });
  }
  return new FlowError('helper_failed', error === undefined ? {} : { detail: error });
}

function helperError(message: Extract<HelperResponse, { type: 'error' }>): FlowError {
  const info = { detail: message.detail, netskope: message.netskope };
  if (message.serverCode !== undefined && isServerErrorCode(message.serverCode)) {
    return new FlowError(message.serverCode, { ...info, helperCode: message.code });
  }
  return new FlowError(message.code, info);
}
