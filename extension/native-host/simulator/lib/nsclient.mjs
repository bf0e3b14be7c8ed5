// Simulated `nsclient` (NETSKOPE.md): show-config prints gateway, organization and User Email;
// show-status; enable; disable.
import process from 'node:process';
import { log, readConfig, simRoot, writeConfig } from './state.mjs';

const root = simRoot();
const config = readConfig(root);
if (!config) {
  process.stderr.write('Netskope Client is not installed\n');
  process.exit(1);
}
const command = process.argv[2];
if (command === 'show-config') {
  process.stdout.write(`Gateway: ${config.gateway}\nOrganization: ${config.tenant}\n`);
  if (config.clientStatus !== 'unenrolled' && config.userEmail)
    process.stdout.write(`User Email: ${config.userEmail}\n`);
} else if (command === 'show-status') {
  process.stdout.write(`Client status: ${config.clientStatus}\n`);
  process.stdout.write(
    `Tunnel status: ${config.clientStatus === 'enable' ? 'connected' : 'disconnected'}\n`,
  );
  if (config.reason) process.stdout.write(`Status message: ${config.reason}\n`);
} else if (
  (command === 'enable' || command === 'disable') &&
  config.clientStatus !== 'unenrolled'
) {
  writeConfig(root, { ...config, clientStatus: command });
  log(root, `Client ${command}d from the command line`);
  process.stdout.write(`Client ${command}d\n`);
} else {
  process.stderr.write(
    'usage: nsclient show-config | show-status | enable | disable (enrolled clients only)\n',
  );
  process.exit(2);
}
