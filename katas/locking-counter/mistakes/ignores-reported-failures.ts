/**
 * Mistake: countInThreads() listens for a thread's 'error' event only, and takes every message for 'ready' or a report, so a thread that reports its failure as { error } is missed: the call ends with the wrong error, or a wrong count.
 * Caught by: countInThreads() rejects with the error addOnes throws in a thread after the start line
 *
 * The wrong line, in nextMessage(): every message resolves, where a `{ error }` must reject.
 * The rest of countInThreads is the reference's: see support/flawed-count-in-threads.ts, where
 * the line is marked `// flaw: missesReportedErrors`.
 */
import { flawedCountInThreads } from './support/flawed-count-in-threads.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export const countInThreads = flawedCountInThreads(import.meta.url, { missesReportedErrors: true });
