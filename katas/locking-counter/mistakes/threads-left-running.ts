/**
 * Mistake: countInThreads() returns as soon as the threads report, with no finally that terminates them, so when one thread fails the others stay blocked at the start line forever.
 * Caught by: countInThreads() rejects with the error a thread reports, and terminates the others
 *
 * The missing lines: a `finally` that terminates every thread started.
 * The rest of countInThreads is the reference's: see support/flawed-count-in-threads.ts, where
 * the line is marked `// flaw: leavesThreadsRunning`.
 */
import { flawedCountInThreads } from './support/flawed-count-in-threads.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export const countInThreads = flawedCountInThreads(import.meta.url, { leavesThreadsRunning: true });
