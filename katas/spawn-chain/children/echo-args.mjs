// echo-args.mjs [arg ...]: prints its arguments as one JSON array, exactly as it received them.
import process from 'node:process';
import './child.mjs';

process.stdout.write(`${JSON.stringify(process.argv.slice(2))}\n`);
