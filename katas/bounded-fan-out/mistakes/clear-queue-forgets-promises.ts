/**
 * Mistake: clearQueue() forgets the dropped tasks, so their promises never settle and whoever awaits them hangs.
 * Caught by: run.clearQueue() drops the pending tasks: they never start, and their promises reject with an AbortError
 *
 * The wrong line, in clearQueue(): `waiting.splice(0)` and nothing more, where each dropped task's
 * `reject` must be called with an AbortError.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: clearQueueForgetsPromises`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ clearQueueForgetsPromises: true });
