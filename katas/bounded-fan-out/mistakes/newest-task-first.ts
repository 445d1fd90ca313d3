/**
 * Mistake: a freed slot goes to the newest waiting task (`pop()`), so the oldest may wait forever.
 * Caught by: run() starts tasks in the order they were called
 *
 * The wrong line, in next(): `const task = waiting.pop()` where the right one is `waiting.shift()`:
 * the waiting list is used as a stack, not a queue.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: startsNewestFirst`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ startsNewestFirst: true });
