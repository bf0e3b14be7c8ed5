/** Markup that is already safe: produced by {@link html}, never from user input directly. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Builds markup from a template: every interpolated value is escaped unless it is itself
 * {@link SafeHtml}; arrays are joined; `null`, `undefined` and `false` render as nothing.
 *
 * @example html`<td>${event.actor}</td>` // an actor of `<b>` renders as `&lt;b&gt;`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, at) => {
    out += render(value) + (strings[at + 1] ?? '');
  });
  return new SafeHtml(out);
}
