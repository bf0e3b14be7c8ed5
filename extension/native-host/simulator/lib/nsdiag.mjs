// Simulated `nsdiag -f` (NETSKOPE.md): `Client status:: enable|disable|unenrolled` and
// `Tunnel status:: ...`. The `Client version::` line is this simulator's own (unconfirmed).
import process from 'node:process';
import { readConfig, simRoot } from './state.mjs';

if (process.argv[2] !== '-f') {
  process.stderr.write('usage: nsdiag -f\n');
  process.exit(2);
}
const config = readConfig(simRoot());
if (!config) {
  process.stderr.write('Netskope Client is not installed\n');
  process.exit(1);
}
const tunnel = config.clientStatus === 'enable' ? 'NSTUNNEL_CONNECTED' : 'NSTUNNEL_NOT_CONNECTED';
process.stdout.write(
  `Client version:: ${config.clientVersion}\n` +
    `Client status:: ${config.clientStatus}\n` +
    `Tunnel status:: ${tunnel}\n`,
);
