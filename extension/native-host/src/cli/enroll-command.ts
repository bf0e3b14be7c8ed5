import { parseArgs } from 'node:util';
import { EnrollMode, type EnrollStep } from '@latchkey/shared';
import { DeviceFlowError, deviceSignIn } from '../enroll/device-flow.js';
import { serverApi } from '../enroll/server-api.js';
import { isSafeServerUrl } from '../enroll/server-url.js';
import { HelperError, toHelperError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { type CliContext, json, line } from './io.js';
import { readAll } from './read-stdin.js';

const STEP_TEXT: Record<EnrollStep, string> = {
  redeeming: 'Redeeming the ticket with the Latchkey server...',
  installing: 'Running the Netskope Client installer...',
  verifying: "Checking the Netskope Client's own status...",
  reporting: 'Reporting the outcome to the Latchkey server...',
};

/**
 * `enroll --server URL (--ticket <ticket> | --ticket - | --device-flow) [--mode idp|upn|email]`.
 * `--ticket -` reads the ticket from standard input so it never appears in the process list.
 */
export async function enrollCommand(context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: context.args,
    options: {
      server: { type: 'string' },
      ticket: { type: 'string' },
      'device-flow': { type: 'boolean' },
      mode: { type: 'string' },
    },
  });
  const mode = values.mode === undefined ? undefined : EnrollMode.safeParse(values.mode);
  if (
    !values.server ||
    !isSafeServerUrl(values.server) ||
    mode?.success === false ||
    !!values.ticket === !!values['device-flow']
  ) {
    line(
      context.stderr,
      'usage: latchkey-host enroll --server <https URL>' +
        ' (--ticket <ticket> | --ticket - | --device-flow) [--mode idp|upn|email]',
    );
    return EXIT.usage;
  }
  try {
    const ticket = values.ticket
      ? await ticketFrom(context, values.ticket)
      : await deviceFlowTicket(context, values.server);
    const result = await context.helper.enroll(
      { serverUrl: values.server, ticket, ...(mode?.data ? { mode: mode.data } : {}) },
      (step) => line(context.stderr, STEP_TEXT[step]),
    );
    json(context.stdout, result);
    if (result.resultStatus === 'mismatch') {
      line(
        context.stderr,
        'The Netskope Client is enrolled as another user than the ticket owner; ' +
          'the server raised an alert.',
      );
      return EXIT.mismatch;
    }
    line(context.stderr, `Enrolled: ${result.netskope.explanation}`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(context, error);
  }
}

async function ticketFrom(context: CliContext, value: string): Promise<string> {
  if (value !== '-') {
    line(
      context.stderr,
      'Note: a ticket on the command line is visible to other local users; ' +
        'prefer --ticket - and standard input.',
    );
    return value;
  }
  const ticket = (await readAll(context.stdin)).trim();
  if (!ticket)
    throw new HelperError('message_malformed', { message: 'No ticket arrived on standard input.' });
  return ticket;
}

async function deviceFlowTicket(context: CliContext, serverUrl: string): Promise<string> {
  const key = await context.helper.key();
  const api = serverApi(serverUrl, key.key, context.fetch);
  const config = await api.config();
  const idToken = await deviceSignIn({
    config,
    fetch: context.fetch,
    sleep: context.sleep,
    now: context.now,
    prompt: (uri, code, complete) => {
      line(context.stderr, `To sign in, open ${uri} and enter the code ${code}`);
      if (complete) line(context.stderr, `(or open ${complete})`);
      line(context.stderr, 'Waiting for the sign-in...');
    },
  });
  const minted = await api.mint(idToken, {
    device: await context.helper.deviceFacts(),
    jkt: key.jkt,
  });
  line(context.stderr, `Signed in; ticket ${minted.ticketId} issued.`);
  return minted.ticket;
}

function reportFailure(context: CliContext, error: unknown): number {
  if (error instanceof DeviceFlowError) {
    line(context.stderr, `latchkey-host: sign-in failed (${error.code}): ${error.message}`);
    return EXIT.signInFailed;
  }
  const failure = toHelperError(error);
  const server = failure.serverCode ? ` [server: ${failure.serverCode}]` : '';
  line(context.stderr, `latchkey-host: ${failure.code}${server}: ${failure.message}`);
  if (failure.detail) line(context.stderr, failure.detail);
  if (failure.netskope) line(context.stderr, failure.netskope.explanation);
  return exitCodeFor(failure.code);
}
