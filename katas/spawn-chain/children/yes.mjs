// yes.mjs: writes lines of "y" forever, like `yes`, and stops only when its reader closes the
// pipe. It writes 4 KiB every 10 ms: endless, yet slow enough that a parent which tries to
// collect it all does not drown in it before its own deadlines.
import process from 'node:process';
import { fail, isReaderGone } from './child.mjs';

const chunk = Buffer.from('y\n'.repeat(2048));
process.stdout.on('error', (error) => (isReaderGone(error) ? process.exit(0) : fail(error.message, 1)));
(function write() {
  if (process.stdout.write(chunk)) setTimeout(write, 10);
  else process.stdout.once('drain', write);
})();
