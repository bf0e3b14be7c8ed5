import { main } from './cli/main.js';

/** The executable's entry point: runs the CLI on this process and exits with its code. */
main({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // The error's text could quote a request; only the fact of failure is told.
    process.stderr.write('latchkey-host: the helper failed unexpectedly.\n');
    process.exitCode = 1;
  },
);
