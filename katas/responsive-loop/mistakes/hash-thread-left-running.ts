/**
 * Mistake: HashThread.close() only refuses new calls; the hash thread, blocked in Atomics.wait, never ends.
 * Caught by: startHashThread() starts one thread, and HashThread.close() ends it
 *
 * The wrong line, in close(): it waits for the calls in line and stops there, where the right one
 * then terminates the thread. The thread, parked in `Atomics.wait` for its next request, lives on.
 * The rest is right: see support/flawed-hash-thread.ts, where the line is marked `// flaw: keepsThreadOnClose`.
 */
import { flawedStartHashThread } from './support/flawed-hash-thread.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const startHashThread = flawedStartHashThread({ keepsThreadOnClose: true });
