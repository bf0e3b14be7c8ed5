// Simulated client state, laid out like /opt/netskope/stagent (NETSKOPE.md "Installer command
// lines"): nsconfig.json, nsbranding.json, nsidpconfig.json, logs/nsdebuglog.log, and the
// nsclient / nsdiag binaries (symlinks back to this folder).
import process from 'node:process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The simulated install root. `nsclient` and `nsdiag` run from an install (the links the
 * installer lays down) use the folder they sit in, as the real binaries do; otherwise
 * NETSKOPE_SIM_ROOT is required.
 */
export function simRoot(env = process.env) {
  const invokedFrom = dirname(process.argv[1] ?? '');
  const root =
    invokedFrom !== HERE && existsSync(join(invokedFrom, 'nsconfig.json'))
      ? invokedFrom
      : env.NETSKOPE_SIM_ROOT;
  if (!root) {
    process.stderr.write(
      'NETSKOPE_SIM_ROOT is not set: the simulator needs a folder for its state.\n',
    );
    process.exit(2);
  }
  return root;
}

/** Reads tenant.json from NETSKOPE_SIM_TENANT or <root>/tenant.json. */
export function readTenant(root, env = process.env) {
  const path = env.NETSKOPE_SIM_TENANT || join(root, 'tenant.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    process.stderr.write(`cannot read the simulated tenant at ${path}: ${error.message}\n`);
    process.exit(2);
  }
}

/** The simulated client's config, or undefined when not installed. */
export function readConfig(root) {
  const path = join(root, 'nsconfig.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

export function writeConfig(root, config) {
  writeFileSync(join(root, 'nsconfig.json'), JSON.stringify(config, null, 2) + '\n');
}

/** Appends one line to logs/nsdebuglog.log. */
export function log(root, line) {
  mkdirSync(join(root, 'logs'), { recursive: true });
  appendFileSync(join(root, 'logs', 'nsdebuglog.log'), `${new Date().toISOString()} ${line}\n`);
}

/** Lays down the binaries and config, as the installer does before it enrolls. */
export function install(root, tenant, mode) {
  mkdirSync(root, { recursive: true });
  for (const name of ['nsclient', 'nsdiag']) {
    const target = join(root, name);
    rmSync(target, { force: true });
    symlinkSync(join(HERE, name), target);
  }
  rmSync(join(root, 'nsbranding.json'), { force: true });
  writeConfig(root, {
    clientVersion: tenant.clientVersion ?? tenant.clientRelease,
    tenant: tenant.name,
    domain: tenant.domain,
    gateway: `gateway-${tenant.name}.${tenant.domain}`,
    mode,
    clientStatus: 'unenrolled',
  });
  if (mode === 'idp') {
    writeFileSync(
      join(root, 'nsidpconfig.json'),
      JSON.stringify({ tenant: tenant.name, domain: tenant.domain }) + '\n',
    );
  }
  log(root, `Installed Netskope Client ${tenant.clientRelease} in ${mode} mode`);
}

/** Marks the client enrolled for one user and writes its branding file. */
export function enroll(root, tenant, email) {
  const config = readConfig(root);
  writeConfig(root, { ...config, clientStatus: 'enable', userEmail: email, reason: undefined });
  writeFileSync(
    join(root, 'nsbranding.json'),
    JSON.stringify({
      UserEmail: email,
      UserKey: randomBytes(12).toString('hex'),
      OrgKey: tenant.orgKey,
      AddonHost: `addon-${tenant.name}.${tenant.domain}`,
    }) + '\n',
  );
  log(root, `Enrollment successful for ${email}`);
}

/** Leaves the client installed, unenrolled, with the reason in its status and log. */
export function stall(root, reason) {
  writeConfig(root, { ...readConfig(root), clientStatus: 'unenrolled', reason });
  log(root, reason);
}
