// exit-early.mjs: prints "bye" and exits at once, without reading a byte of its input, like
// `head -c 0`. Whatever writes to it then finds the pipe closed.
import process from 'node:process';
import './child.mjs';

process.stdout.write('bye\n');
