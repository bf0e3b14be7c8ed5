import { expect } from '@playwright/test';
import type { AuditEvent } from '@latchkey/shared';
import { auditFor, type Stack } from './stack.js';

/** Waits until the audit holds an event of `type` about `email`, and returns it. */
export async function waitForAudit(stack: Stack, email: string, type: string): Promise<AuditEvent> {
  let found: AuditEvent | undefined;
  await expect
    .poll(
      async () => {
        found = (await auditFor(stack, email)).find((event) => event.type === type);
        return found !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}
