/**
 * Mistake: startHashThread() waits for the thread's 'ready' and nothing else: a thread that exits before it says so leaves the call pending for good.
 * Caught by: startHashThread() rejects when its thread exits before it says it is ready
 *
 * The wrong line, in startHashThread(): only `thread.once('message', ...)`, where the right one
 * also rejects on the thread's `'exit'`. A thread can end before it is ready: an error while its
 * module loads, a memory limit, a terminate from elsewhere.
 * The rest is right: see support/flawed-hash-thread.ts, where the line is marked `// flaw: waitsForReadyOnly`.
 */
import { flawedStartHashThread } from './support/flawed-hash-thread.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const startHashThread = flawedStartHashThread({ waitsForReadyOnly: true });
