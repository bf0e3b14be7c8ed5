import { Hono } from 'hono';
import { createAdminKey, listAdminKeys, revokeAdminKey, type AdminKeyInfo } from '../admin/keys.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../routes/env.js';
import { formOf, type ConsoleContext, type ConsoleEnv, type ConsoleGuards } from './guard.js';
import { html, type SafeHtml } from './html.js';
import { page, type Notice } from './layout.js';
import { scrollTable } from './table.js';

const KEY_NAME = /^[\p{L}\p{N} ._@-]{1,64}$/u;
const KEY_ID = /^key_[0-9a-f]{16}$/;

function csrfField(c: ConsoleContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${c.get('session')?.csrf ?? ''}" />`;
}

function keyRow(c: ConsoleContext, key: AdminKeyInfo): SafeHtml {
  const action =
    key.revokedAt === null
      ? html`<form method="post" action="/console/keys/revoke">
          ${csrfField(c)}
          <input type="hidden" name="id" value="${key.id}" />
          <button type="submit" class="danger" aria-label="Revoke key ${key.name} (${key.id})">
            Revoke
          </button>
        </form>`
      : html`Revoked ${key.revokedAt}`;
  return html`<tr>
    <td><code>${key.id}</code></td>
    <td>${key.name}</td>
    <td>${key.createdAt}</td>
    <td>${key.lastUsedAt ?? 'never'}</td>
    <td>${action}</td>
  </tr>`;
}

function keyTable(c: ConsoleContext, keys: AdminKeyInfo[]): SafeHtml {
  if (keys.length === 0) return html`<p>No admin keys yet.</p>`;
  const heads = ['Id', 'Name', 'Created (UTC)', 'Last used (UTC)', 'State'];
  return scrollTable({
    id: 'keys-caption',
    caption: 'Admin API keys',
    heads,
    rows: keys.map((key) => keyRow(c, key)),
  });
}

function keysPage(deps: AppDeps, c: ConsoleContext, notice?: Notice, top?: SafeHtml): string {
  const body = html`${top}${keyTable(c, listAdminKeys(deps.db))}
    <h2>Create a key</h2>
    <form method="post" action="/console/keys">
      <fieldset>
        <legend>New admin key</legend>
        ${csrfField(c)}
        <div class="fields">
          <div class="field">
            <label for="key-name">Name</label>
            <input
              id="key-name"
              name="name"
              required
              maxlength="64"
              autocomplete="off"
              aria-describedby="key-name-hint"
            />
            <span class="hint" id="key-name-hint">Who or what uses it, e.g. ops-automation</span>
          </div>
        </div>
        <div class="actions"><button type="submit">Create key</button></div>
      </fieldset>
    </form>`;
  return page({
    title: 'Admin keys',
    current: '/console/keys',
    session: c.get('session'),
    notice,
    body,
  });
}

function createdPanel(created: { id: string; key: string }): SafeHtml {
  return html`<section aria-labelledby="created-title" class="notice ok">
    <h2 id="created-title">Key <code>${created.id}</code> created</h2>
    <p>
      <strong>Copy it now: it is not stored and will not be shown again.</strong> Use it as
      <code>Authorization: Bearer &lt;key&gt;</code>.
    </p>
    <div class="field">
      <label for="created-key">Admin key</label>
      <input
        id="created-key"
        class="secret"
        readonly
        value="${created.key}"
        autocomplete="off"
        spellcheck="false"
      />
    </div>
  </section>`;
}

function create(deps: AppDeps) {
  return async (c: ConsoleContext) => {
    const name = (await formOf(c))['name'] ?? '';
    if (!KEY_NAME.test(name)) {
      throw new AppError('bad_request', {
        message: 'The key name is not valid (1 to 64 letters, digits, spaces, ._@-).',
      });
    }

    const created = createAdminKey(deps, {
      name,
      actor: c.get('actor') ?? 'admin',
      context: c.get('context'),
    });
    return c.html(keysPage(deps, c, undefined, createdPanel(created)), 201);
  };
}

function revoke(deps: AppDeps) {
  return async (c: ConsoleContext) => {
    const id = (await formOf(c))['id'] ?? '';

    const revoked =
      KEY_ID.test(id) &&
      revokeAdminKey(deps, id, { actor: c.get('actor') ?? 'admin', context: c.get('context') });
    if (!revoked) throw new AppError('not_found', { message: 'No live admin key has this id.' });
    return c.html(keysPage(deps, c, { kind: 'ok', text: `Key ${id} revoked.` }), 200);
  };
}

/**
 * `GET /console/keys` (list), `POST /console/keys` (create; the key is shown once) and
 * `POST /console/keys/revoke`, through the same services as the CLI, behind the session guard
 * (and the CSRF guard on forms).
 */
export function keyPages(deps: AppDeps, guards: ConsoleGuards): Hono<ConsoleEnv> {
  const { session, csrf } = guards;
  return new Hono<ConsoleEnv>()
    .get('/keys', session, (c) => c.html(keysPage(deps, c), 200))
    .post('/keys', session, csrf, create(deps))
    .post('/keys/revoke', session, csrf, revoke(deps));
}
