// exit.mjs <code | SIGNAL> [message]: writes message to stderr, then exits with the code, or is
// killed by the signal (SIGTERM, SIGKILL, ...).
import process from 'node:process';
import { fail } from './child.mjs';

const [how = '', message = ''] = process.argv.slice(2);
if (message) process.stderr.write(`${message}\n`);
if (/^SIG[A-Z0-9]+$/.test(how)) {
  process.kill(process.pid, how);
  setTimeout(() => {}, 10_000); // stay alive until the signal lands
} else if (/^\d+$/.test(how)) {
  process.exit(Number(how));
} else {
  fail(`Cannot exit: expected an exit code or a signal name, received ${how}`);
}
