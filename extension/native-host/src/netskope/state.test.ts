import { join } from 'node:path';
import { NetskopeState } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_DIR } from '../testing/host-process.js';
import { enforcedTenant, simulatedRoot } from '../testing/simulated-client.js';
import { runCommand } from './run-command.js';
import { readNetskopeState } from './state.js';

/** An IdP install that presents the simulated tenant's enforced encryption token. */
const IDP_WITH_TOKEN = ['-i', '-t', 'acme', '-d', 'goskope.com', '-e', 'enc-token-9Lx3', '-c'];

async function stateAfter(args: string[] | undefined) {
  const root = await simulatedRoot(enforcedTenant());
  if (args)
    await runCommand(join(SIMULATOR_DIR, 'NSClient.run'), args, {
      env: { ...process.env, NETSKOPE_SIM_ROOT: root },
    });
  const state = await readNetskopeState({ platform: 'linux', root, run: runCommand });
  expect(NetskopeState.safeParse(state).success).toBe(true);
  return { root, state };
}

describe('reading the Netskope Client state from the simulator', () => {
  it('finds no client in an empty root', async () => {
    const { state } = await stateAfter(undefined);
    expect(state).toMatchObject({ status: 'not-installed', installed: false, enrolled: false });
  });

  it('reads an enrolled client: version, user email and tunnel', async () => {
    const { state } = await stateAfter(IDP_WITH_TOKEN);
    expect(state).toMatchObject({
      status: 'enrolled',
      installed: true,
      enrolled: true,
      version: 'R121',
      userEmail: 'alice@example.com',
      tunnel: 'NSTUNNEL_CONNECTED',
    });
    expect(state.explanation).toContain('alice@example.com');
  });

  it('reads a client stuck at "IdP enrollment is required by admin"', async () => {
    const { state } = await stateAfter(['-i', '-t', 'acme', '-d', 'goskope.com', '-c']);
    expect(state).toMatchObject({
      status: 'stuck',
      installed: true,
      enrolled: false,
      reason: 'IdP enrollment is required by admin',
    });
    expect(state.userEmail).toBeUndefined();
  });

  it('reads a disabled client as enrolled but switched off', async () => {
    const { root } = await stateAfter(IDP_WITH_TOKEN);
    await runCommand(join(root, 'nsclient'), ['disable']);
    const state = await readNetskopeState({ platform: 'linux', root, run: runCommand });
    expect(state).toMatchObject({
      status: 'disabled',
      enrolled: true,
      userEmail: 'alice@example.com',
    });
  });
});
