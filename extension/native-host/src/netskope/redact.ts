import type { EnrollmentMaterial } from '@latchkey/shared';

/** What every scrubbed value becomes. */
export const REDACTED = '[redacted]';

/** The shortest start of a value that is removed when the text ends in it (output cut short). */
const CUT_PREFIX_MIN = 4;

/**
 * Replaces every material value in `text` with `[redacted]`, longest first so a value that
 * contains another is removed whole. A value wrapped over lines (a line break, then indentation,
 * between any two of its characters) is removed too, and so is the start of a value the text
 * ends in, as output cut at a size limit does. Used on any installer or client output the helper
 * forwards; scrub each stream on its own, since each may have been cut.
 */
export function scrub(text: string, material: EnrollmentMaterial | readonly string[]): string {
  const values = (Array.isArray(material) ? material : Object.values(material))
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return text;
  // One pass, so a short value never matches inside a `[redacted]` an earlier value left.
  const pattern = new RegExp(values.map(wrappable).join('|'), 'g');
  return cutTail(text.replace(pattern, REDACTED), values);
}

/** A pattern for `value` that also matches it with line breaks between its characters. */
function wrappable(value: string): string {
  return [...value].map(escape).join('(?:\\r?\\n[ \\t]*)?');
}

function escape(character: string): string {
  return character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cutTail(text: string, values: readonly string[]): string {
  for (const value of values) {
    for (let length = value.length - 1; length >= CUT_PREFIX_MIN; length -= 1) {
      if (text.endsWith(value.slice(0, length))) return text.slice(0, -length) + REDACTED;
    }
  }
  return text;
}
