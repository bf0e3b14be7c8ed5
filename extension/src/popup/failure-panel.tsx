import type { FailureView } from '../lib/flow-view.js';
import { actionLabel, failureText } from './failures.js';
import { useFocusOnMount } from './use-focus.js';

/** What the failure panel can ask for. */
export interface FailureActions {
  onRetry(): void;
  onOpenSettings(): void;
}

/** A failure: what happened, what to do next, the code in small text, and one action. */
export function FailurePanel({
  failure,
  actions,
}: {
  failure: FailureView;
  actions: FailureActions;
}) {
  const text = failureText(failure.code);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const settings = text.action === 'settings' || failure.code === 'server_unreachable';
  return (
    <section
      class="failure"
      role="alert"
      data-testid="failure"
      data-code={failure.code}
      data-next-action={text.action}
      aria-labelledby="failure-title"
    >
      <h2 id="failure-title" data-testid="failure-title" tabIndex={-1} ref={heading}>
        {text.title}
      </h2>
      <p data-testid="failure-next">{text.next}</p>
      {failure.installCommand && <InstallHelp failure={failure} />}
      {failure.detail && failure.code !== 'helper_not_installed' && (
        <p class="detail" data-testid="failure-detail">
          <span class="detail-label">Details: </span>
          <q>{failure.detail}</q>
        </p>
      )}
      <p class="code" data-testid="failure-code">
        Error code: <code>{failure.code}</code>
        {failure.helperCode && (
          <>
            {' '}
            (helper: <code>{failure.helperCode}</code>)
          </>
        )}
      </p>
      <div class="actions">
        <button type="button" class="primary" data-testid="retry-button" onClick={actions.onRetry}>
          {actionLabel(text.action)}
        </button>
        {settings && (
          <button type="button" data-testid="settings-button" onClick={actions.onOpenSettings}>
            Open settings
          </button>
        )}
      </div>
    </section>
  );
}

function InstallHelp({ failure }: { failure: FailureView }) {
  return (
    <div class="install" data-testid="install-help">
      {failure.downloadUrl && (
        <p>
          Download it from{' '}
          <a
            href={failure.downloadUrl}
            target="_blank"
            rel="noreferrer"
            data-testid="download-link"
          >
            {failure.downloadUrl}
          </a>
          , then run:
        </p>
      )}
      <pre>
        <code data-testid="install-command">{failure.installCommand}</code>
      </pre>
    </div>
  );
}
