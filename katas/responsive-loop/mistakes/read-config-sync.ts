/**
 * Mistake: readConfig() calls readFileSync inside an async function, so the read still blocks the event loop.
 * Caught by: readConfig() settles only after a later turn of the event loop
 */
import { readFileSync } from 'node:fs';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export async function readConfig(path: string): Promise<string> {
  if (typeof path !== 'string')
    throw new TypeError(`Cannot read config: path must be a string, received ${typeof path}`);
  return readFileSync(path, 'utf8'); // "it is async, so it does not block": it does, async moves nothing anywhere
}
