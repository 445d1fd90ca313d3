/**
 * Mistake: HashThread.checksum() waits for the answer with Atomics.wait, which blocks the event loop for the whole computation.
 * Caught by: HashThread.checksum() leaves the event loop free: a timer set during it fires first
 *
 * The wrong line, in the hand-off: `Atomics.wait(...)` where the right one awaits
 * `Atomics.waitAsync(...).value`. Node allows the blocking wait on the main thread, and it freezes the loop.
 * The rest is right: see support/flawed-hash-thread.ts, where the line is marked `// flaw: blocksInAtomicsWait`.
 */
import { flawedStartHashThread } from './support/flawed-hash-thread.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const startHashThread = flawedStartHashThread({ blocksInAtomicsWait: true });
