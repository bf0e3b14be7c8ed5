import { allowedOrigins, isAllowedOrigin } from '../protocol/origin.js';
import { encodeFrame } from '../protocol/framing.js';
import { errorReply, serveSession } from '../protocol/session.js';
import { HelperError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import type { CliContext } from './io.js';

/**
 * Native messaging mode. Chrome starts the host with the caller's origin as the first argument
 * (and `--parent-window=<n>` on Windows). An origin that is not allowed gets one
 * `origin_refused` message and the helper exits. Started with no arguments (by hand, or by a
 * tool), it serves without an origin to check.
 */
export async function nativeMode(context: CliContext): Promise<number> {
  const origin = context.args.find((arg) => !arg.startsWith('--parent-window'));
  if (
    origin !== undefined &&
    !isAllowedOrigin(origin, allowedOrigins(context.settings.extensionIds))
  ) {
    const reply = errorReply('origin', new HelperError('origin_refused'));
    await new Promise<void>((resolve) => context.stdout.write(encodeFrame(reply), () => resolve()));
    return EXIT.originRefused;
  }
  await serveSession(context.helper, { input: context.stdin, output: context.stdout });
  return EXIT.ok;
}
