// sleep.mjs <ms>: waits ms milliseconds, then prints {"pid", "start", "end"} (Date.now() values)
// as one JSON line, so a test can tell which children were alive at the same time.
import process from 'node:process';
import { fail } from './child.mjs';

const start = Date.now();
const ms = Number(process.argv[2]);
if (!(ms >= 0)) fail(`Cannot sleep: the duration must be a number of milliseconds, received ${process.argv[2]}`);
setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, start, end: Date.now() })}\n`);
}, ms);
