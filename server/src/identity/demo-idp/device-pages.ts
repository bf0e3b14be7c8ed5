import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, messagePage, page } from './html.js';

/**
 * The device flow's pages (RFC 8628) in the same plain style as the sign-in page. The forms
 * themselves come from oidc-provider, which owns their anti-forgery token.
 */
export const devicePages = {
  userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, err?: unknown) {
    const labelled = form.replace('name="user_code"', 'id="user-code" name="user_code"');
    const error =
      err === undefined
        ? ''
        : '<p class="error" id="user-code-error" role="alert">' +
          'That code was not accepted. Check it and try again.</p>';
    ctx.body = page(
      'Connect a device',
      `<p>Enter the code shown on your device.</p>
${error}
<label for="user-code">Code</label>
${labelled}
<div class="actions"><button type="submit" form="op.deviceInputForm">Continue</button></div>`,
    );
  },

  userCodeConfirmSource(
    ctx: KoaContextWithOIDC,
    form: string,
    client: { clientName?: string; clientId: string },
    _deviceInfo: unknown,
    userCode: string,
  ) {
    const name = client.clientName ?? client.clientId;
    ctx.body = page(
      'Confirm the device',
      `<p>${escapeHtml(name)} asks to sign in. Continue only if your device shows this code:</p>
<p><strong>${escapeHtml(userCode)}</strong></p>
${form}
<div class="actions">
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>
</div>`,
    );
  },

  successSource(ctx: KoaContextWithOIDC) {
    ctx.body = messagePage('Device signed in', 'The device is signed in. You can close this page.');
  },
};
