import type { EnrollmentMaterial } from '@latchkey/shared';

/** What every scrubbed value becomes. */
export const REDACTED = '[redacted]';

/**
 * Replaces every material value in `text` with `[redacted]`, longest first so a value that
 * contains another is removed whole. Used on any installer or client output the helper forwards.
 */
export function scrub(text: string, material: EnrollmentMaterial | readonly string[]): string {
  const values = (Array.isArray(material) ? material : Object.values(material))
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return text;
  // One pass, so a short value never matches inside a `[redacted]` an earlier value left.
  const pattern = new RegExp(
    values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  return text.replace(pattern, REDACTED);
}
