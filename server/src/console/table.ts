import { html, type SafeHtml } from './html.js';

/** What a console table shows. */
export interface TableSpec {
  /** The caption's element id; the scrolling region is labelled by it. */
  id: string;
  caption: string;
  /** The column heads, in order. */
  heads: readonly string[];
  /** The body rows, already rendered. */
  rows: readonly SafeHtml[];
}

/**
 * A captioned table inside a region that scrolls sideways and takes keyboard focus, so a wide
 * table stays readable on a narrow screen.
 *
 * @example scrollTable({ id: 'keys-caption', caption: 'Admin API keys', heads: ['Id'], rows })
 */
export function scrollTable({ id, caption, heads, rows }: TableSpec): SafeHtml {
  return html`<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0">
    <table>
      <caption id="${id}">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${heads.map((head) => html`<th scope="col">${head}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
