import type { OutcomeView } from '../lib/flow-view.js';
import { useFocusOnMount } from './use-focus.js';

/** The end of a successful run: enrolled, or on ChromeOS handed off to the Netskope app. */
export function OutcomePanel({ outcome }: { outcome: OutcomeView }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const handedOff = outcome.kind === 'handed-off';
  return (
    <section
      class="outcome"
      data-testid="outcome"
      data-kind={outcome.kind}
      data-result-status={outcome.resultStatus}
      aria-labelledby="outcome-title"
    >
      <h2 id="outcome-title" data-testid="outcome-title" tabIndex={-1} ref={heading}>
        {handedOff ? 'Finish in the Netskope app' : 'This device is enrolled'}
      </h2>
      {handedOff ? <HandedOff outcome={outcome} /> : <Enrolled outcome={outcome} />}
      <p class="code">
        Ticket <code data-testid="ticket-id">{outcome.ticketId}</code>
      </p>
    </section>
  );
}

function Enrolled({ outcome }: { outcome: OutcomeView }) {
  if (outcome.resultStatus === 'mismatch') {
    return (
      <p class="warning" data-testid="mismatch">
        The Netskope Client is enrolled as {outcome.userEmail ?? 'another user'}, not as the account
        you signed in with. Your administrator has been alerted.
      </p>
    );
  }
  return (
    <p data-testid="outcome-detail">
      The Netskope Client is enrolled as {outcome.userEmail ?? 'you'}.
    </p>
  );
}

function HandedOff({ outcome }: { outcome: OutcomeView }) {
  return (
    <>
      <p data-testid="outcome-detail">
        The Netskope app's sign-in was opened in a new tab
        {outcome.userEmail ? ` for ${outcome.userEmail}` : ''}. Sign in there to finish. On
        ChromeOS, Latchkey cannot read the app's state.
      </p>
      {outcome.enrollUrl && (
        <p>
          <a href={outcome.enrollUrl} target="_blank" rel="noreferrer" data-testid="enroll-link">
            Open the Netskope sign-in again
          </a>
        </p>
      )}
    </>
  );
}
