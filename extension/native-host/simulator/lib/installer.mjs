// Simulated Netskope Linux installer. Flags as NETSKOPE.md gives them:
//   email: -H <tenant host> -o <orgkey> -m <email> [-a <auth>] [-e <enc>] [-c]
//   UPN:   -H <tenant host> -o <orgkey> [-u <upn>] [-a <auth>] [-e <enc>] [-c]
//   IdP:   -i [-t <tenant>] [-d <domain>] [-e <enc>] [-c]
// Exit 0 enrolled; 1 installed-but-stuck or refused by the tenant; 2 usage error.
import process from 'node:process';
import { decide } from './rules.mjs';
import { enroll, install, log, readTenant, simRoot, stall } from './state.mjs';

const VALUE_FLAGS = {
  '-H': 'host',
  '-o': 'orgKey',
  '-m': 'email',
  '-u': 'upn',
  '-a': 'authToken',
  '-e': 'encryptionToken',
  '-t': 'tenant',
  '-d': 'domain',
};

function parse(argv) {
  const options = { idp: false, headless: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '-i') options.idp = true;
    else if (flag === '-c') options.headless = true;
    else if (VALUE_FLAGS[flag] && i + 1 < argv.length) options[VALUE_FLAGS[flag]] = argv[++i];
    else usage(`unknown or incomplete option ${flag}`);
  }
  if (options.idp && (options.host || options.orgKey || options.email))
    usage('-i cannot be combined with -H, -o or -m');
  if (!options.idp && !(options.host && options.orgKey)) usage('give -i, or -H and -o');
  options.mode = options.idp ? 'idp' : options.email ? 'email' : 'upn';
  return options;
}

function usage(problem) {
  process.stderr.write(
    `NSClient.run: ${problem}\n` +
      'usage: NSClient.run -i [-t tenant] [-d domain] [-e enctoken] [-c]' +
      ' | -H host -o orgkey [-m email | -u upn] [-a authtoken] [-e enctoken] [-c]\n',
  );
  process.exit(2);
}

const root = simRoot();
const tenant = readTenant(root);
const options = parse(process.argv.slice(2));
// Echoes its command line, as installer logs often do, so callers must scrub what they forward.
const commandLine = process.argv.slice(2).join(' ');
process.stdout.write(
  `Netskope Client installer (simulated ${tenant.clientRelease}) ${commandLine}\n`,
);
const verdict = decide(tenant, options);
if (verdict.outcome === 'refused') {
  process.stdout.write(`Enrollment failed: ${verdict.message}\n`);
  process.exit(1);
}
install(root, tenant, options.mode);
if (verdict.outcome === 'stuck') {
  stall(root, verdict.reason);
  process.stdout.write(`${verdict.reason}\n`);
  process.exit(1);
}
enroll(root, tenant, verdict.email);
log(root, `${options.headless ? 'Headless' : 'UI'} install complete`);
process.stdout.write(`Netskope Client installed and enrolled for ${verdict.email}\n`);
