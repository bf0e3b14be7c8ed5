import { useState } from 'preact/hooks';
import { checkServerUrl, type ServerUrlProblem } from '../lib/server-url.js';

const PROBLEMS: Record<ServerUrlProblem, string> = {
  empty: 'Enter the server address your administrator gave you.',
  invalid: 'This is not a valid server address (e.g. https://latchkey.example.com).',
  insecure: 'Use https. Plain http is allowed only for 127.0.0.1 and localhost.',
  credentials: 'Leave the user name and password out of the address.',
};

const SAVED_NOT_GRANTED =
  'Saved, but access to this server was not granted: ' +
  'enrolling will fail unless the server allows this extension.';

/** The outcome of saving: whether Chrome granted access to the server's host. */
export interface SaveResult {
  granted: boolean;
}

/**
 * The server URL form of an unmanaged install. `save` must ask for the host permission first,
 * while the click still counts as a user gesture.
 */
export function ServerForm(props: { initial?: string; save(url: string): Promise<SaveResult> }) {
  const [value, setValue] = useState(props.initial ?? '');
  const [problem, setProblem] = useState<ServerUrlProblem>();
  const [saved, setSaved] = useState<SaveResult>();

  const submit = (event: Event) => {
    event.preventDefault();
    const check = checkServerUrl(value);
    setSaved(undefined);
    if (!check.ok) return setProblem(check.problem);
    setProblem(undefined);
    setValue(check.url);
    void props.save(check.url).then(setSaved);
  };

  return (
    <form onSubmit={submit} data-testid="server-form" noValidate>
      <label for="server-url">Latchkey server URL</label>
      <input
        id="server-url"
        data-testid="server-url"
        type="url"
        inputMode="url"
        autoComplete="url"
        value={value}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? 'server-url-problem' : undefined}
        onInput={(event) => setValue((event.target as HTMLInputElement).value)}
      />
      {problem && (
        <p
          id="server-url-problem"
          class="problem"
          role="alert"
          data-testid="server-url-problem"
          data-problem={problem}
        >
          {PROBLEMS[problem]}
        </p>
      )}
      <button type="submit" class="primary" data-testid="save-button">
        Save
      </button>
      <p role="status" data-testid="save-status">
        {saved &&
          (saved.granted ? 'Saved. Latchkey may now reach this server.' : SAVED_NOT_GRANTED)}
      </p>
    </form>
  );
}
