// cat.mjs: copies stdin to stdout, byte for byte, as it arrives.
import { PassThrough } from 'node:stream';
import { filterStdin } from './child.mjs';

await filterStdin(new PassThrough());
