import type { Policy } from '../lib/policy.js';
import { PolicyTable } from './policy-table.js';
import { ServerForm, type SaveResult } from './server-form.js';

/** What the options page shows and can do. */
export interface OptionsProps {
  policy: Policy | undefined;
  extensionId: string;
  redirectUri: string;
  save(url: string): Promise<SaveResult>;
}

/** The options page: the policy in force; the server URL form only when no policy manages it. */
export function OptionsApp({ policy, extensionId, redirectUri, save }: OptionsProps) {
  return (
    <main class="options" data-testid="options">
      <h1>Latchkey settings</h1>
      {!policy ? (
        <p role="status">Loading…</p>
      ) : (
        <>
          {policy.managed ? (
            <p data-testid="managed-notice">
              These settings are managed by your organization and cannot be changed here.
            </p>
          ) : (
            <ServerForm initial={policy.serverUrl} save={save} />
          )}
          <PolicyTable policy={policy} />
        </>
      )}
      <section aria-labelledby="identity-heading">
        <h2 id="identity-heading">For administrators</h2>
        <dl class="facts">
          <dt>Extension id</dt>
          <dd>
            <code data-testid="extension-id">{extensionId}</code>
          </dd>
          <dt>Sign-in redirect URI</dt>
          <dd>
            <code data-testid="redirect-uri">{redirectUri}</code>
          </dd>
        </dl>
      </section>
    </main>
  );
}
