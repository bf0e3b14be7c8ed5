import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, EXTENSION_PUBLIC_KEY, extensionIdFromKey } from './extension.js';

describe('extension identity', () => {
  it('the published id is the one Chrome derives from the manifest key', async () => {
    expect(await extensionIdFromKey(EXTENSION_PUBLIC_KEY)).toBe(EXTENSION_ID);
    expect(EXTENSION_ID).toMatch(/^[a-p]{32}$/);
  });
});
