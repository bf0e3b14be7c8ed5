import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A token set in the simulator's `tenant.json`. */
export interface SimTokenSet {
  tsid: string;
  authToken?: string;
  encryptionToken?: string;
  enforced: boolean;
}

/** The simulator's `tenant.json`. */
export interface SimTenant {
  name: string;
  domain: string;
  orgKey: string;
  clientRelease: string;
  idpUser?: string;
  upnUser?: string;
  tokenSets: SimTokenSet[];
}

/** A tenant with one Enforced set holding both tokens. */
export function enforcedTenant(overrides: Partial<SimTenant> = {}): SimTenant {
  return {
    name: 'acme',
    domain: 'goskope.com',
    orgKey: 'org-key-7Hq2',
    clientRelease: 'R121',
    idpUser: 'alice@example.com',
    tokenSets: [
      {
        tsid: 'ts-1',
        authToken: 'auth-token-Zp4w',
        encryptionToken: 'enc-token-9Lx3',
        enforced: true,
      },
    ],
    ...overrides,
  };
}

/** Makes an empty simulated install root holding `tenant.json`. */
export async function simulatedRoot(tenant: SimTenant): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'latchkey-sim-'));
  await writeFile(join(root, 'tenant.json'), JSON.stringify(tenant, null, 2));
  return root;
}
