/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:24rem;margin:2rem auto;
padding:0 1rem}label{display:block;margin-top:1rem}input{display:block;width:100%;
box-sizing:border-box;padding:.5rem;font:inherit}.actions{display:flex;gap:.5rem;
margin-top:1.5rem}button{font:inherit;padding:.5rem 1rem}.error{color:#b00020;font-weight:600}
@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}.error{color:#ff8a80}}`;

/** A complete page around `body`; `title` must already be plain text. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/**
 * The sign-in form of an interaction. "Sign in" posts to `<action>/login`, "Cancel" to
 * `<action>/abort`, which ends the flow with `access_denied`.
 */
export function loginPage(options: {
  action: string;
  clientName: string;
  login?: string;
  error?: string;
}): string {
  const error =
    options.error === undefined
      ? ''
      : `<p class="error" id="login-error" role="alert">${escapeHtml(options.error)}</p>`;
  const login = options.login === undefined ? '' : ` value="${escapeHtml(options.login)}"`;
  const action = escapeHtml(options.action);
  return page(
    'Sign in',
    `<p>Sign in to continue to ${escapeHtml(options.clientName)}.</p>
${error}
<form method="post" action="${action}/login">
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" required autofocus${login}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions">
<button type="submit">Sign in</button>
<button type="submit" formaction="${action}/abort" formnovalidate>Cancel</button>
</div>
</form>`,
  );
}

/** A page that only states a message, for errors and the end of the device flow. */
export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}
