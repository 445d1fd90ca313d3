/**
 * Mistake: runOffLoop() listens for the thread's message and exit, but not for its 'error' event: an error nobody caught in the thread (thrown by a timer the task left) is lost, or crashes the caller.
 * Caught by: runOffLoop() rejects with the error that ended its thread
 *
 * The wrong line: no `thread.on('error', ...)`, where the right one rejects with the error. Node
 * then emits an `'error'` event nobody listens for, which throws in the caller's own thread, and
 * the call rejects only with "exited with code 1", the error itself gone.
 * The rest is right: see support/flawed-run-off-loop.ts, where the line is marked `// flaw: ignoresThreadErrors`.
 */
import { flawedRunOffLoop } from './support/flawed-run-off-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const runOffLoop = flawedRunOffLoop({ ignoresThreadErrors: true });
