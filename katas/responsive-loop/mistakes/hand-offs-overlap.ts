/**
 * Mistake: HashThread.checksum() hands each call straight to shared memory, so calls made at once overwrite each other's request.
 * Caught by: HashThread.checksum() calls made at once each get their own result
 *
 * The wrong line, in checksum(): `return this.#handOff(bytes)` where the right one waits its turn
 * behind the calls already in line: shared memory holds one request at a time.
 * The rest is right: see support/flawed-hash-thread.ts, where the line is marked `// flaw: servesCallsAtOnce`.
 */
import { flawedStartHashThread } from './support/flawed-hash-thread.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const startHashThread = flawedStartHashThread({ servesCallsAtOnce: true });
