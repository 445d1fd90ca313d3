/**
 * Mistake: runOffLoop() rejects when the signal aborts, but leaves the thread running its task: rejecting a promise stops no code.
 * Caught by: runOffLoop() rejects with the signal's reason and ends the thread
 *
 * The wrong line: after an abort, no `thread.terminate()`, as if the rejection ended the work. The
 * thread, blocked in its task, runs on for as long as the task takes, here a minute.
 * The rest is right: see support/flawed-run-off-loop.ts, where the line is marked `// flaw: abortLeavesThreadRunning`.
 */
import { flawedRunOffLoop } from './support/flawed-run-off-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const runOffLoop = flawedRunOffLoop({ abortLeavesThreadRunning: true });
