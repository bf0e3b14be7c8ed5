import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear, as a second line of defence: no code path logs
 * these, and a test scans captured logs for the plaintext ticket.
 */
export const REDACTED_PATHS = [
  'ticket',
  '*.ticket',
  'authorization',
  '*.authorization',
  'codeVerifier',
  '*.codeVerifier',
  'idToken',
  '*.idToken',
  'key',
  '*.key',
  'material',
  '*.material',
];

/**
 * The server's JSON logger. Pass a destination to capture output (tests); default stdout.
 *
 * @example const log = createLogger('info');
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'latchkey' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
