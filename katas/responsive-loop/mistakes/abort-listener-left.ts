/**
 * Mistake: runOffLoop() adds an 'abort' listener to the signal and never removes it: a signal that outlives many calls collects one listener per call.
 * Caught by: runOffLoop() leaves nothing behind: no thread, though its task left a timer running, and no listener on its signal
 *
 * The wrong line: settling without `signal.removeEventListener('abort', abort)`. Each listener
 * holds its call's closure, thread included, for as long as the signal lives; Node warns about a
 * possible leak once there are more than ten.
 * The rest is right: see support/flawed-run-off-loop.ts, where the line is marked `// flaw: keepsAbortListener`.
 */
import { flawedRunOffLoop } from './support/flawed-run-off-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const runOffLoop = flawedRunOffLoop({ keepsAbortListener: true });
